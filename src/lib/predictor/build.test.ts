import { createHash, randomBytes } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { buildPredictorHtml, escapeHtml, escapeScript, MODEL_ELEMENT_ID } from './build';
import { base64, ensureSha256Digest, fromBase64, sha256 } from './sha256';
import { PREDICTOR_CSS } from './style';

const hostile = 'x </script><script>alert(1)</script> <!-- <img src=x onerror=alert(2)> "quoted" & \'single\'';

/** The text between an element's tags, by a pattern on its opening tag. */
function inner(html: string, open: RegExp): string {
	const m = open.exec(html);
	if (!m) throw new Error(`no ${open} in the page`);
	const start = m.index + m[0].length;
	return html.slice(start, html.indexOf('</', start));
}

describe('buildPredictorHtml', () => {
	const bytes = new Uint8Array(randomBytes(5000));
	const runtime = `globalThis.out = ${JSON.stringify(hostile)}; globalThis.re = /<\\/script>/i.test('</SCRIPT>');`;
	const html = buildPredictorHtml(bytes, runtime, { title: hostile });

	it('embeds the model file bytes as base64 in a data block, unchanged', () => {
		const data = inner(html, new RegExp(`<script type="application/octet-stream" id="${MODEL_ELEMENT_ID}">`));
		expect(fromBase64(data)).toEqual(bytes);
	});

	it('ends each script only where it should: hostile text inside the runtime cannot close it', () => {
		// The data block and the runtime close once each; nothing in the runtime opens a comment.
		expect(html.match(/<\/script/gi)).toHaveLength(2);
		const script = inner(html, /<script>/);
		expect(script).not.toMatch(/<\/script|<!--/i);
		// …and the escaped script still computes what the original did.
		const original: Record<string, unknown> = {};
		const escaped: Record<string, unknown> = {};
		runInNewContext(runtime.replace(/globalThis/g, 'this'), original);
		runInNewContext(script.replace(/globalThis/g, 'this'), escaped);
		expect(escaped).toEqual(original);
		expect(escaped.out).toBe(hostile);
	});

	it('shows a hostile title as text', () => {
		const title = inner(html, /<title>/);
		expect(title).not.toMatch(/[<>"']/);
		expect(title).toContain('&#60;/script&#62;');
		expect(escapeHtml('<a href="x">&</a>')).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#60;/a&#62;');
	});

	it('allows exactly its own script and style in its CSP, and no network', () => {
		const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1].replace(/&#39;/g, "'");
		const hash = (text: string) => createHash('sha256').update(text).digest('base64');
		expect(csp).toContain("default-src 'none'");
		expect(csp).toContain(`script-src 'sha256-${hash(inner(html, /<script>/))}' 'wasm-unsafe-eval'`);
		expect(csp).toContain(`style-src 'sha256-${hash(PREDICTOR_CSS)}'`);
		expect(inner(html, /<style>/)).toBe(PREDICTOR_CSS);
		// Nothing outside the script refers to another file.
		expect(html.replace(/<script[^>]*>[^]*?<\/script>/g, '')).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
	});

	it('escapes </script and <!-- in any case', () => {
		expect(escapeScript('a</script>b</SCRIPT >c<!--d')).toBe('a<\\/script>b<\\/SCRIPT >c<\\!--d');
	});
});

describe('sha256 and base64', () => {
	it('equal node:crypto on lengths around the block boundaries', () => {
		for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_000]) {
			const data = new Uint8Array(randomBytes(n));
			expect(Buffer.from(sha256(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
			expect(base64(data)).toBe(Buffer.from(data).toString('base64'));
		}
	});

	it('stand in for crypto.subtle.digest where a page has none (plain http), and only where it has none', async () => {
		const insecure: { subtle?: { digest(a: unknown, d: Uint8Array): Promise<ArrayBuffer> } } = {};
		ensureSha256Digest(insecure);
		const data = new Uint8Array(randomBytes(3000));
		const digest = new Uint8Array(await insecure.subtle!.digest('SHA-256', data.subarray(7)));
		expect(Buffer.from(digest).toString('hex')).toBe(createHash('sha256').update(data.subarray(7)).digest('hex'));
		await expect(insecure.subtle!.digest({ name: 'SHA-1' }, data)).rejects.toThrow(/only SHA-256/);
		const real = { subtle: globalThis.crypto.subtle };
		ensureSha256Digest(real);
		expect(real.subtle).toBe(globalThis.crypto.subtle);
	});
});
