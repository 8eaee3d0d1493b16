import { describe, expect, it } from 'vitest';
import { binsTable, curvesTable, labelledTable, matrixTable, seriesTable } from './chart-table';

describe('chart tables', () => {
	it('series: one row per step, one column per series, a missing point left empty', () => {
		const t = seriesTable({ loss: [0.9, 0.5, 0.3], val_loss: [1.0, Number.NaN], empty: [] }, 'epoch');
		expect(t.columns).toEqual(['epoch', 'loss', 'val_loss']);
		expect(t.rows).toEqual([
			[1, 0.9, 1.0],
			[2, 0.5, null],
			[3, 0.3, null]
		]);
	});

	it('curves: one row per point; the series named only when there are several', () => {
		const one = curvesTable([{ name: 'ROC', x: [0, 0.5, 1], y: [0, 0.8, 1] }], 'false positive rate', 'true positive rate');
		expect(one.columns).toEqual(['false positive rate', 'true positive rate']);
		expect(one.rows).toEqual([
			[0, 0],
			[0.5, 0.8],
			[1, 1]
		]);
		const two = curvesTable(
			[
				{ name: 'a', x: [0], y: [null] },
				{ name: 'b', x: [1], y: [0.25] }
			],
			'x',
			'y'
		);
		expect(two.columns).toEqual(['series', 'x', 'y']);
		expect(two.rows).toEqual([
			['a', 0, null],
			['b', 1, 0.25]
		]);
	});

	it('confusion matrix: actual classes down, predicted across', () => {
		const t = matrixTable(
			['Adelie', 'Gentoo'],
			[
				[30, 2],
				[1, 25]
			]
		);
		expect(t.columns).toEqual(['actual \\ predicted', 'Adelie', 'Gentoo']);
		expect(t.rows).toEqual([
			['Adelie', 30, 2],
			['Gentoo', 1, 25]
		]);
	});

	it('bins: n counts over n + 1 edges give n rows with their bounds', () => {
		const t = binsTable([0, 1, 2, 4], [5, 7, 1]);
		expect(t.rows).toEqual([
			['0', '1', 5],
			['1', '2', 7],
			['2', '4', 1]
		]);
	});

	it('labelled: a row per label with each named column', () => {
		const t = labelledTable('fold', ['1', '2'], { accuracy: [0.9, 0.95], f1: [0.88, null] });
		expect(t.columns).toEqual(['fold', 'accuracy', 'f1']);
		expect(t.rows).toEqual([
			['1', 0.9, 0.88],
			['2', 0.95, null]
		]);
	});
});
