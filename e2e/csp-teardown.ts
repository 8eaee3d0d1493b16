import { existsSync, readFileSync } from 'node:fs';
import { CSP_REPORT_FILE } from './csp-report';

/** After the suite: any CSP violation reported by any page in any spec fails the run, listed. */
export default async function teardown(): Promise<void> {
	// Reports are sent after the event; give the last ones a moment to land.
	await new Promise((r) => setTimeout(r, 500));
	if (!existsSync(CSP_REPORT_FILE)) return;
	// csp.spec.ts provokes violations on purpose on its probe page: those are the policy working.
	const lines = readFileSync(CSP_REPORT_FILE, 'utf8')
		.trim()
		.split('\n')
		.filter((l) => l && !l.includes('csp-probe'));
	if (lines.length)
		throw new Error(`${lines.length} Content-Security-Policy violation(s) during the suite:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}
