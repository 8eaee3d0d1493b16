import { describe, expect, it } from 'vitest';
import { readCsv } from '../readers/csv';
import { classCodes, classesIn, featureMatrix, labelledRows, targetValues } from './modeling';

// Enough rows to cross featureMatrix's blocks of 512.
const N = 1300;
const csv = ['x,flag,colour,y'];
for (let i = 0; i < N; i++)
	csv.push(`${i % 7 === 3 ? '' : i * 0.5},${i % 2 ? 'true' : 'false'},${['red', 'green', 'blue'][i % 3]},${i % 11 === 5 ? '' : i % 3}`);
const frame = readCsv(csv.join('\n'));
const every = Uint32Array.from({ length: N }, (_, i) => i);

describe('featureMatrix', () => {
	it('lays the rows out row-major, booleans as 0/1, over several blocks', () => {
		const rows = Uint32Array.from({ length: 600 }, (_, k) => 2 * k + (k % 7 === 1 ? 0 : 1)).filter((r) => r % 7 !== 3);
		const m = featureMatrix(frame, ['flag', 'x'], rows);
		expect([m.rows, m.cols]).toEqual([rows.length, 2]);
		for (let i = 0; i < rows.length; i++) {
			expect(m.data[2 * i]).toBe(rows[i] % 2);
			expect(m.data[2 * i + 1]).toBe(rows[i] * 0.5);
		}
	});

	it('names the column with missing values and how many, unless they are allowed', () => {
		expect(() => featureMatrix(frame, ['flag', 'x'], every)).toThrow(`feature "x" has ${Math.ceil((N - 3) / 7)} missing values`);
		const m = featureMatrix(frame, ['x'], every, { allowMissing: true });
		expect(Number.isNaN(m.data[3])).toBe(true);
		expect(m.data[4]).toBe(2);
	});

	it('reads categories through the trained levels (unseen: NaN) and writes into the given storage', () => {
		const buffer = new Float64Array(new SharedArrayBuffer(8 * N));
		const m = featureMatrix(frame, ['colour'], every, { levels: { colour: ['blue', 'red'] } }, (length) => buffer.subarray(0, length));
		expect(m.data.buffer).toBe(buffer.buffer);
		expect([m.data[0], Number.isNaN(m.data[1]), m.data[2], m.data[3]]).toEqual([1, true, 0, 1]);
		expect(() => featureMatrix(frame, ['colour'], every)).toThrow('feature "colour" is category: encode it first');
	});
});

describe('targets', () => {
	it('keeps the labelled rows, and codes number classes by value', () => {
		const rows = labelledRows(frame, 'y', every);
		expect(rows.length).toBe(N - Math.ceil((N - 5) / 11));
		expect(rows.includes(5)).toBe(false);
		const classes = classesIn(frame, 'y', rows);
		expect(classes).toEqual(['0', '1', '2']);
		expect(Array.from(classCodes(frame, 'y', Uint32Array.of(0, 1, 2, 5), ['1', '2']))).toEqual([-1, 0, 1, -1]);
		expect(Array.from(targetValues(frame, 'y', Uint32Array.of(4, 7)))).toEqual([1, 1]);
	});
});
