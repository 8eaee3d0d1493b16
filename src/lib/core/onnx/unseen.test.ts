import { describe, expect, it } from 'vitest';
import type { Column, Frame } from '../frame/types';
import { sampleDataset } from '../nodes/test-kit';
import { maxDiff, onnxScores, tesseraScores, train, type Steps } from './test-kit';

/**
 * Penguins as new rows a deployed model meets: an island it never saw (rows 0–9), missing sex
 * (rows 10–19), missing numbers (rows 20–29) and numbers far outside the training range (rows 30–39).
 */
function newRows(): Frame {
	const frame = sampleDataset('penguins').frame;
	const columns = frame.columns.map((c): Column => {
		if (c.kind === 'category' && c.name === 'Island') {
			const codes = c.codes.slice();
			codes.fill(c.dictionary.length, 0, 10);
			return { ...c, codes, dictionary: [...c.dictionary, 'Atlantis'] };
		}
		if (c.kind === 'category' && c.name === 'Sex') {
			const codes = c.codes.slice();
			codes.fill(-1, 10, 20);
			return { ...c, codes };
		}
		if (c.kind === 'number') {
			const values = c.values.slice();
			values.fill(NaN, 20, 30);
			for (let r = 30; r < 40; r++) values[r] = r % 2 ? values[r] * 10 : -values[r];
			return { ...c, values };
		}
		return c;
	});
	return { columns, rowCount: frame.rowCount };
}

const cases: [string, Steps][] = [
	[
		'mode fill, one-hot with "other"',
		[
			['clean.missing', { strategy: 'mode' }],
			['features.one-hot', { otherBucket: true, maxCategories: 3 }]
		]
	],
	[
		'constant fill, one-hot without "other"',
		[
			['clean.missing', { strategy: 'constant' }],
			['features.one-hot', {}]
		]
	],
	[
		'indicators, ordinal −1, outliers clipped',
		[
			['clean.missing', { strategy: 'mean', indicators: true }],
			['features.ordinal', {}],
			['clean.outliers', { k: 1 }]
		]
	],
	[
		'frequency and target encoding, filled after',
		[
			['features.frequency', { columns: ['Island'] }],
			['features.target-encode', { columns: ['Sex'] }],
			['clean.missing', {}]
		]
	],
	[
		'bins past the training range, one-hot',
		[
			['clean.missing', {}],
			['features.bin', { columns: ['Body Mass (g)', 'Beak Depth (mm)'], bins: 3 }],
			['features.one-hot', {}]
		]
	],
	[
		'power transforms past the training range',
		[
			['clean.missing', {}],
			['features.power', { method: 'yeo-johnson', standardize: true }],
			['features.one-hot', {}]
		]
	]
];

describe('ONNX export on rows the model never saw: unseen labels, missing cells, out-of-range numbers', () => {
	it.each(cases)('%s', async (_, steps) => {
		const model = await train('penguins', 'Species', steps, ['model.logistic', { C: 1 }]);
		const rows = newRows();
		const raw = { columns: rows.columns.filter((c) => c.name !== 'Species'), rowCount: rows.rowCount };
		const [ours, theirs] = [await tesseraScores(model, rows), await onnxScores(model, raw)];
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});
});
