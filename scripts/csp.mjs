// The Content-Security-Policy of every page, in one place.
//
// svelte.config.js gives these directives to SvelteKit (`kit.csp`, mode "hash"), which writes
// them into each page's <meta http-equiv="content-security-policy"> with the hashes of its own
// inline bootstrap script. scripts/serve.mjs sends the same policy as a header (read back from
// the page it serves, so the hashes match) and adds what a <meta> cannot carry: frame-ancestors
// and the report endpoint. Why each source is there:
//   script-src 'self'            the app's own bundles; no 'unsafe-inline', no 'unsafe-eval'
//   'wasm-unsafe-eval'           compiling WebAssembly (our kernels, tfjs-wasm, hash-wasm)
//   worker-src 'self'            the engine, trial and monitor workers, and the service worker
//   style-src 'unsafe-inline'    Svelte and Svelte Flow set element styles (positions, sizes); styles run no code
//   img-src data: blob:          chart and thumbnail images drawn in the page
//   connect-src 'self' blob: data: the samples, templates and uploaded files read back from blobs

/** @type {Record<string, string[]>} */
export const CSP_DIRECTIVES = {
	'default-src': ['self'],
	'script-src': ['self', 'wasm-unsafe-eval'],
	'worker-src': ['self'],
	'style-src': ['self', 'unsafe-inline'],
	'img-src': ['self', 'data:', 'blob:'],
	'font-src': ['self'],
	'connect-src': ['self', 'blob:', 'data:'],
	'manifest-src': ['self'],
	'object-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self']
};

/** Where the server takes violation reports (report-uri): logged, and kept in a file for the e2e suite. */
export const CSP_REPORT_PATH = '/__csp-report';

/** The header-only directives appended to a page's own policy. */
export const CSP_HEADER_EXTRA = `frame-ancestors 'none'; report-uri ${CSP_REPORT_PATH}`;

const KEYWORDS = new Set(['self', 'none', 'unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval', 'strict-dynamic']);

/** The policy as header text, for responses that are not a page with its own <meta> (e.g. a 404). */
export function cspText(directives = CSP_DIRECTIVES) {
	return Object.entries(directives)
		.map(([name, sources]) => [name, ...sources.map((s) => (KEYWORDS.has(s) ? `'${s}'` : s))].join(' '))
		.join('; ');
}

/** The policy a served HTML page declares in its <meta http-equiv="content-security-policy">, or null. */
export function metaPolicy(html) {
	const tag = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"/i.exec(html);
	return tag
		? tag[1]
				.replace(/&#39;/g, "'")
				.replace(/&quot;/g, '"')
				.replace(/&amp;/g, '&')
		: null;
}
