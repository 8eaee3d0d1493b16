import { describe, expect, it } from 'vitest';
import { createFrame } from '../frame/frame';
import type { Column } from '../frame/types';
import { classCodes, classesIn, featureValues, labelledRows } from './modeling';

const num = (name: string, values: number[]): Column => ({ kind: 'number', name, values: Float64Array.from(values) });
const cat = (name: string, labels: (string | null)[]): Column => {
	const dictionary = [...new Set(labels.filter((l): l is string => l !== null))];
	return { kind: 'category', name, dictionary, codes: Int32Array.from(labels, (l) => (l === null ? -1 : dictionary.indexOf(l))) };
};

describe('number targets read by value', () => {
	const frame = createFrame([num('y', [1, 0, NaN, 2.5, -0, 1, 10]), cat('s', ['b', 'a', null, 'c', 'a', 'b', 'c'])]);
	const all = Uint32Array.from({ length: 7 }, (_, i) => i);

	it('labelled rows skip the missing target; classes sort numerically, spelled as String(value)', () => {
		expect(Array.from(labelledRows(frame, 'y', all))).toEqual([0, 1, 3, 4, 5, 6]);
		expect(Array.from(labelledRows(frame, 's', all))).toEqual([0, 1, 3, 4, 5, 6]);
		// -0 and 0 are one class, "0"; 10 sorts after 2.5 (numerically, not as text).
		expect(classesIn(frame, 'y', all)).toEqual(['0', '1', '2.5', '10']);
	});

	it('class codes match labels by value; a label that is not a number spelling, and a missing target, get -1', () => {
		expect(Array.from(classCodes(frame, 'y', all, ['0', '1', '2.5', '10']))).toEqual([1, 0, -1, 2, 0, 1, 3]);
		// "1.0" and "" are not how 1 and 0 print, so no row is read as them.
		expect(Array.from(classCodes(frame, 'y', all, ['1.0', '', '10']))).toEqual([-1, -1, -1, -1, -1, -1, 2]);
		expect(Array.from(classCodes(frame, 'y', Uint32Array.of(6, 3), ['2.5', '10']))).toEqual([1, 0]);
	});

	it('feature values: a number column as it is, a boolean column as 0/1 with NaN for missing', () => {
		const f = createFrame([num('x', [1, 2, 3]), { kind: 'boolean', name: 'b', codes: Int32Array.of(1, -1, 0) }]);
		const [x, b] = featureValues(f, ['x', 'b']);
		expect(x).toBe((f.columns[0] as { values: Float64Array }).values);
		expect(Array.from(b)).toEqual([1, NaN, 0]);
		expect(() => featureValues(frame, ['s'])).toThrow(/feature "s" is category/);
	});
});
