import { describe, expect, it } from 'vitest';
import { createRandom } from '../util/random';
import { CsvParser, type ParsedTable } from './csv-parser';

/** Every cell's text, row by row. */
function rowsOf(table: ParsedTable): string[][] {
	return Array.from({ length: table.rowCount }, (_, r) => table.columns.map((c) => c.get(r)));
}

describe('CsvParser.take', () => {
	it('hands out the file batch by batch: the same cells and start lines as one parse, wherever the pieces and takes fall', () => {
		const random = createRandom(5);
		const cell = (i: number) => {
			const k = Math.floor(random() * 6);
			if (k === 0) return `"quoted, with ""escapes"" ${i}"`;
			if (k === 1) return `"two\nlines ${i}"`;
			if (k === 2) return '';
			return String(Math.round(random() * 1e6) / 100);
		};
		const lines = ['a,b,c'];
		for (let i = 0; i < 3000; i++) lines.push([cell(i), cell(i + 1), cell(i + 2)].join(','));
		const text = lines.join(random() < 0.5 ? '\r\n' : '\n') + '\n';

		const whole = new CsvParser(',');
		whole.push(text);
		whole.end();
		const expected = whole.take()!;

		// Past the 64 kB the parser holds back to detect the delimiter, with it detected and given.
		expect(text.length).toBeGreaterThan(100_000);
		for (let trial = 0; trial < 12; trial++) {
			const parser = new CsvParser(trial % 2 ? ',' : undefined);
			const rows: string[][] = [];
			const starts: number[] = [];
			const collect = () => {
				const taken = parser.take();
				if (!taken) return;
				rows.push(...rowsOf(taken.table));
				starts.push(...taken.lines);
			};
			for (let at = 0; at < text.length;) {
				const size = 1 + Math.floor(random() * 4000);
				parser.push(text.slice(at, at + size));
				at += size;
				if (random() < 0.3) collect();
			}
			parser.end();
			collect();
			expect(rows).toEqual(rowsOf(expected.table));
			expect(starts).toEqual(Array.from(expected.lines));
		}
		// Records start on the lines a reader counts (a quoted line break moves the next record down).
		expect(expected.lines[0]).toBe(2);
		expect(expected.table.rowCount).toBe(3000);
	});
});
