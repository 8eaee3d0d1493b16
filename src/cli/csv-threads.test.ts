import { afterAll, describe, expect, it } from 'vitest';
import { readCsvStream } from '../lib/core/readers/csv';
import { readCsvParallel } from '../lib/core/readers/csv-parallel';
import { inThreadPool, type ComputePool } from '../lib/core/compute/pool';
import { computeKernels } from '../lib/core/compute/kernels';
import { createRandom } from '../lib/core/util/random';
import { nodeComputePool } from './compute-threads';

/**
 * The parallel CSV reader on real threads: 1, 2 and 4 threads give the frame the sequential
 * reader gives, for a file with quoted line breaks, escaped quotes, CRLF, unicode, missing
 * tokens and a column that turns to text near its end.
 */
const pools: ComputePool[] = [];
afterAll(() => pools.forEach((p) => p.close()));
const threads = (total: number) => {
	const pool = total === 1 ? inThreadPool(computeKernels) : nodeComputePool(total - 1);
	pools.push(pool);
	return pool;
};

function file(rows: number): Uint8Array {
	const random = createRandom(11);
	const lines = ['id,x,y,note,late,city'];
	for (let i = 0; i < rows; i++) {
		const x = (random() * 2000 - 1000).toFixed(3);
		const y = random() < 0.05 ? 'NA' : String(Math.round(random() * 1e6));
		const note = random() < 0.1 ? `"line one\r\nsaid ""hi"", ${i}"` : `n${i % 50}`;
		const late = i === rows - 10 ? 'oops' : (random() * 10).toFixed(2);
		const city = ['Zürich', 'São Paulo', '東京', 'Kraków 😀'][i % 4];
		lines.push([i, x, y, note, late, city].join(','));
	}
	return new TextEncoder().encode(lines.join('\r\n') + '\r\n');
}

describe('parallel CSV read on threads', () => {
	const bytes = file(40000);
	const splits = Array.from({ length: 15 }, (_, k) => Math.floor(((k + 1) * bytes.length) / 16));

	it('gives the sequential read on 1, 2 and 4 threads', async () => {
		async function* pieces() {
			for (let at = 0; at < bytes.length; at += 1 << 16) yield bytes.subarray(at, at + (1 << 16));
		}
		const expected = await readCsvStream(pieces());
		expect(expected.columns.map((c) => c.kind)).toEqual(['number', 'number', 'number', 'text', 'text', 'category']);
		for (const total of [1, 2, 4]) {
			const frame = await readCsvParallel(bytes, threads(total), { splits });
			expect(frame, `${total} threads`).toEqual(expected);
		}
	});
});
