import { join } from 'node:path';

/**
 * Where scripts/serve.mjs writes the Content-Security-Policy violations browsers report while
 * the suite runs (report-uri /__csp-report); csp-teardown.ts fails the run on any line.
 */
export const CSP_REPORT_FILE = join(process.cwd(), 'e2e', '.csp', 'violations.ndjson');
