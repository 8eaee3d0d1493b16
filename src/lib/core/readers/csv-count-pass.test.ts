import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countPlainLines } from './csv-count-pass';

/** The non-empty lines of `text` (LF-separated), or -1 when it holds a quote or a CR: counted the plain way. */
function expected(text: string): number {
	if (/["\r]/.test(text)) return -1;
	return text.split('\n').filter((line) => line.length > 0).length;
}

const BYTES = fc.string({ unit: fc.constantFrom('a', '1', ',', '.', '-', ' ', '!', '\n', '\n', 'é', '"', '\r', '\t'), maxLength: 80 });

describe('counting the records of a chunk without quotes or CRs', () => {
	it('counts non-empty lines four bytes at a time, wherever the chunk starts and ends in the buffer', () => {
		fc.assert(
			fc.property(BYTES, fc.nat(7), fc.nat(7), (text, before, after) => {
				const body = new TextEncoder().encode(text);
				// The chunk at every alignment inside a larger buffer, with bytes around it that must not count.
				const buffer = new Uint8Array(before + body.length + after).fill(10);
				buffer.set(body, before);
				expect(countPlainLines(buffer, before, before + body.length)).toBe(expected(text));
				if (before > 0) {
					// The same bytes through a view that starts one byte into its buffer.
					const view = new Uint8Array(buffer.buffer, 1, buffer.length - 1);
					expect(countPlainLines(view, before - 1, before - 1 + body.length)).toBe(expected(text));
				}
			}),
			{ numRuns: 3000 }
		);
	});

	it('counts the lines of a long plain chunk and finds a quote or CR far into it', () => {
		const lines = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? '' : `${i},${i * 0.5},x${i % 13}`));
		const text = lines.join('\n');
		const bytes = new TextEncoder().encode(text);
		expect(countPlainLines(bytes, 0, bytes.length)).toBe(expected(text));
		for (const odd of ['"', '\r']) {
			const marked = new TextEncoder().encode(text.slice(0, 40001) + odd + text.slice(40002));
			expect(countPlainLines(marked, 0, marked.length)).toBe(-1);
			expect(countPlainLines(marked, 0, 40001)).toBe(expected(text.slice(0, 40001)));
		}
	});
});
