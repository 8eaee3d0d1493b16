import { describe, expect, it } from 'vitest';
import { getColumn } from '../frame/frame';
import type { Column } from '../frame/types';
import { sampleDataset } from './test-kit';
import { inferTask } from './task-inference';

const numbers = (name: string, values: readonly number[]): Column => ({ name, kind: 'number', values: Float64Array.from(values) });
const sample = (name: string, column: string) => getColumn(sampleDataset(name).frame, column);

// The first 60 targets of scikit-learn's load_breast_cancer (0 = malignant) and load_digits.
const MALIGNANT = [
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 1
];
const DIGITS = [
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 9, 5, 5, 6, 5, 0, 9, 8, 9, 8, 4, 1, 7, 7, 3,
	5, 1, 0, 0, 2, 2, 7, 8, 2, 0, 1, 2, 6, 3
];

describe('inferTask', () => {
	it('calls a 0/1 flag classification, with the reason', () => {
		expect(inferTask(numbers('malignant', MALIGNANT))).toEqual({
			task: 'classification',
			reason: '2 distinct whole numbers → classification'
		});
		// Two values are classes however few rows there are.
		expect(inferTask(numbers('churn', [0, 1, 1])).task).toBe('classification');
		// diabetes' sex is coded 1/2 (scikit-learn's raw file).
		expect(inferTask(sample('diabetes', 'sex')).reason).toBe('2 distinct whole numbers → classification');
	});

	it('calls digit codes 0–9 classification', () => {
		expect(inferTask(numbers('digit', DIGITS))).toEqual({ task: 'classification', reason: '10 distinct whole numbers → classification' });
	});

	it('calls 1–5 ratings classification, missing values ignored', () => {
		const ratings = Array.from({ length: 40 }, (_, i) => (i % 5) + 1);
		expect(inferTask(numbers('stars', [...ratings, NaN, NaN]))).toEqual({
			task: 'classification',
			reason: '5 distinct whole numbers → classification'
		});
	});

	it('calls counts with many distinct whole numbers regression', () => {
		// diabetes' progression: whole numbers from 25 to 346; its age: whole years.
		expect(inferTask(sample('diabetes', 'progression'))).toEqual({
			task: 'regression',
			reason: '214 distinct whole numbers (more than 20) → regression'
		});
		expect(inferTask(sample('diabetes', 'age')).task).toBe('regression');
		// wine's magnesium (mg/l, whole numbers).
		expect(inferTask(sample('wine', 'magnesium')).task).toBe('regression');
	});

	it('calls a few whole numbers on too few rows regression', () => {
		// 15 values over 20 rows are no classes to learn.
		const codes = Array.from({ length: 20 }, (_, i) => i % 15);
		expect(inferTask(numbers('code', codes))).toEqual({
			task: 'regression',
			reason: '15 distinct whole numbers (fewer than 5 rows each) → regression'
		});
	});

	it('calls prices and measurements regression, counting the values that are not whole', () => {
		expect(inferTask(numbers('price', [9.99, 12, 15.5, 12, 3]))).toEqual({
			task: 'regression',
			reason: '4 distinct numbers, 2 not whole → regression'
		});
		expect(inferTask(sample('seattle-weather', 'temp_max')).task).toBe('regression');
	});

	it('looks only at the rows it is given', () => {
		const col = numbers('y', [0, 1, 0.5, 1, 0, 1, 0]);
		expect(inferTask(col).task).toBe('regression');
		expect(inferTask(col, [0, 1, 3, 4]).task).toBe('classification');
	});

	it('calls category, boolean and text columns classification and refuses a date', () => {
		expect(inferTask(sample('penguins', 'Species'))).toEqual({ task: 'classification', reason: 'a category column → classification' });
		expect(inferTask(sample('reviews', 'sentiment')).task).toBe('classification');
		expect(() => inferTask(sample('seattle-weather', 'date'))).toThrow(/"date" is a date column/);
	});
});
