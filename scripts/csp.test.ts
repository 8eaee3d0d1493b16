import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, CSP_REPORT_PATH, cspText, metaPolicy } from './csp.mjs';
import { startServer } from './serve.mjs';

describe('the Content-Security-Policy', () => {
	it('as text: keywords quoted, schemes not; no unsafe script source', () => {
		const text = cspText();
		expect(text).toContain("script-src 'self' 'wasm-unsafe-eval'");
		expect(text).toContain("img-src 'self' data: blob:");
		expect(text).toContain("object-src 'none'");
		expect(CSP_DIRECTIVES['script-src']).not.toContain('unsafe-inline');
		expect(CSP_DIRECTIVES['script-src']).not.toContain('unsafe-eval');
	});

	it("reads a page's <meta> policy back, entities decoded", () => {
		const html = `<head><meta http-equiv="content-security-policy" content="script-src &#39;self&#39; &#39;sha256-abc=&#39;"></head>`;
		expect(metaPolicy(html)).toBe("script-src 'self' 'sha256-abc='");
		expect(metaPolicy('<head></head>')).toBeNull();
	});
});

describe('scripts/serve.mjs sends it', () => {
	const root = mkdtempSync(join(tmpdir(), 'tessera-csp-'));
	const reports = join(root, 'reports.ndjson');
	let server: Awaited<ReturnType<typeof startServer>>;
	beforeAll(async () => {
		writeFileSync(
			join(root, 'index.html'),
			`<!doctype html><head><meta http-equiv="content-security-policy" content="script-src &#39;self&#39; &#39;sha256-xyz=&#39;"></head>`
		);
		writeFileSync(join(root, 'app.js'), 'export {}');
		process.env.CSP_REPORT_FILE = reports;
		server = await startServer({ port: 0, root, host: '127.0.0.1' });
	});
	afterAll(async () => {
		delete process.env.CSP_REPORT_FILE;
		await server.close();
	});

	it("on a page: the page's own policy plus frame-ancestors and the report endpoint", async () => {
		const res = await fetch(`http://127.0.0.1:${server.port}/some/route`);
		expect(res.headers.get('content-security-policy')).toBe(
			`script-src 'self' 'sha256-xyz='; frame-ancestors 'none'; report-uri ${CSP_REPORT_PATH}`
		);
		// A script file carries none (its page's policy governs it).
		expect((await fetch(`http://127.0.0.1:${server.port}/app.js`)).headers.get('content-security-policy')).toBeNull();
	});

	it('takes a violation report (204) and writes one line; a malformed report is ignored, and the server stays up', async () => {
		const post = (body: string) =>
			fetch(`http://127.0.0.1:${server.port}${CSP_REPORT_PATH}`, {
				method: 'POST',
				body,
				headers: { 'content-type': 'application/csp-report' }
			});
		expect(
			(
				await post(
					JSON.stringify({
						'csp-report': { 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline', 'document-uri': 'http://x/studio' }
					})
				)
			).status
		).toBe(204);
		expect((await post('not json')).status).toBe(204);
		expect(
			readFileSync(reports, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l))
		).toEqual([{ directive: 'script-src-elem', blocked: 'inline', page: 'http://x/studio', source: '' }]);
		expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(200);
	});
});
