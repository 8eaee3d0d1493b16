import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { CSP_REPORT_FILE } from './csp-report';

/** Before the suite: no violation reports left over from an earlier run. */
export default function setup(): void {
	mkdirSync(dirname(CSP_REPORT_FILE), { recursive: true });
	rmSync(CSP_REPORT_FILE, { force: true });
}
