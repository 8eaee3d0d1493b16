import { base64, sha256 } from './sha256';
import { PREDICTOR_CSS } from './style';

/**
 * The predictor page: one self-contained HTML file holding the model file's bytes (base64),
 * the runtime script (page.ts, bundled into one classic script) and its stylesheet. Pure and
 * synchronous, so the studio (in the browser) and the CLI (in Node) build the same bytes.
 */

/** The id of the `<script type="application/octet-stream">` element that carries the model file. */
export const MODEL_ELEMENT_ID = 'tessera-model';

export interface PredictorHtmlOptions {
	/** The page's `<title>` (the model's name); the runtime shows the name from the model file itself. */
	readonly title?: string;
}

/** Text as HTML character data or an attribute value: data never becomes markup. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Script text that cannot end its `<script>` element early or switch the HTML parser into its
 * "escaped" script states: `</script` and `<!--` are split with a backslash, which JS reads as
 * the same characters inside strings, templates and regular expressions (the only places such
 * sequences occur in bundled code).
 */
export function escapeScript(js: string): string {
	return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const cspHash = (text: string) => `'sha256-${base64(sha256(new TextEncoder().encode(text)))}'`;

export function buildPredictorHtml(modelFileBytes: Uint8Array, runtimeJs: string, options: PredictorHtmlOptions = {}): string {
	const script = escapeScript(runtimeJs);
	const title = options.title ? `${options.title} · Tessera predictor` : 'Tessera predictor';
	// Only this page's own script and style may run: no network at all (default-src 'none'),
	// WebAssembly compiled from the bytes the script carries (the MLP's SIMD kernels), and
	// nothing injected through a hostile column name could execute even if it became markup.
	const csp = [
		"default-src 'none'",
		`script-src ${cspHash(script)} 'wasm-unsafe-eval'`,
		`style-src ${cspHash(PREDICTOR_CSS)}`,
		"base-uri 'none'",
		"form-action 'none'"
	].join('; ');
	return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Tessera">
<title>${escapeHtml(title)}</title>
<style>${PREDICTOR_CSS}</style>
</head>
<body>
<main id="app" aria-busy="true">
<p class="loading">Loading the model…</p>
<noscript><p class="error">This page runs the model with JavaScript: allow scripts for this file to use it.</p></noscript>
</main>
<script type="application/octet-stream" id="${MODEL_ELEMENT_ID}">${base64(modelFileBytes)}</script>
<script>${script}</script>
</body>
</html>
`;
}
