// Types for csp.mjs, for the TypeScript tests and the e2e config.
export const CSP_DIRECTIVES: Record<string, string[]>;
export const CSP_REPORT_PATH: string;
export const CSP_HEADER_EXTRA: string;
export function cspText(directives?: Record<string, string[]>): string;
export function metaPolicy(html: string): string | null;
