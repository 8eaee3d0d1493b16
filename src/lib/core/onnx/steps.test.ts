import { describe, expect, it } from 'vitest';
import { featureParity, maxDiff, parity, train, type Steps } from './test-kit';

const fill: Steps = [['clean.missing', { strategy: 'median' }]];
const encode: Steps = [['features.one-hot', { columns: ['Island', 'Sex'] }]];
const logistic = ['model.logistic', { C: 1, maxIter: 300 }] as const;
const linear = ['model.linear', { penalty: 'l2', alpha: 1 }] as const;

/** Each recipe step, trained on real rows before a linear model, exported and scored by onnxruntime-node. */
const classification: [string, Steps][] = [
	['Missing values: mean, with indicators', [['clean.missing', { strategy: 'mean', indicators: true }], ...encode]],
	['Missing values: mode (categories too)', [['clean.missing', { strategy: 'mode' }], ...encode]],
	[
		'Missing values: constant (a new category label)',
		[['clean.missing', { strategy: 'constant', fillNumber: -1, fillText: 'unknown' }], ...encode]
	],
	['Missing values: drop mostly-empty columns, then fill', [['clean.missing', { strategy: 'drop-columns', threshold: 0.01 }], ...fill]],
	['Scale: standard', [...fill, ...encode, ['clean.scale', { method: 'standard' }]]],
	['Scale: min-max', [...fill, ...encode, ['clean.scale', { method: 'min-max' }]]],
	['Scale: robust', [...fill, ...encode, ['clean.scale', { method: 'robust' }]]],
	['Outliers: clip, IQR k = 0.5', [['clean.outliers', { method: 'iqr', k: 0.5 }], ...fill, ...encode]],
	['Outliers: clip, z = 1', [['clean.outliers', { method: 'z-score', z: 1 }], ...fill, ...encode]],
	[
		'One-hot: most 2 columns with "other", drop first',
		[...fill, ['features.one-hot', { columns: ['Island', 'Sex'], maxCategories: 2, otherBucket: true, dropFirst: true }]]
	],
	[
		'One-hot after the fill (missing labels become a category)',
		[
			['clean.missing', { strategy: 'mode' }],
			['features.one-hot', {}]
		]
	],
	['Ordinal: by frequency, unknown −1', [...fill, ['features.ordinal', { columns: ['Island', 'Sex'], order: 'frequency', unknown: '-1' }]]],
	['Ordinal: sorted, unknown missing, then filled', [['features.ordinal', { columns: ['Island', 'Sex'], unknown: 'missing' }], ...fill]],
	['Frequency encode, missing filled after', [['features.frequency', { columns: ['Island', 'Sex'] }], ...fill]],
	['Target encode (one column per class)', [...fill, ['features.target-encode', { columns: ['Island', 'Sex'], smoothing: 5 }]]],
	[
		'Bin: equal width into categories, one-hot',
		[...fill, ['features.bin', { columns: ['Body Mass (g)'], bins: 4 }], ['features.one-hot', { columns: ['Body Mass (g)'] }]]
	],
	[
		'Bin: equal frequency, ordinal',
		[
			...fill,
			['features.bin', { columns: ['Flipper Length (mm)', 'Beak Length (mm)'], strategy: 'equal-frequency', bins: 5, output: 'ordinal' }]
		]
	],
	[
		'Bin: custom edges',
		[...fill, ['features.bin', { columns: ['Beak Depth (mm)'], strategy: 'custom', edges: '15, 17, 19', output: 'ordinal' }]]
	],
	['Power: Yeo-Johnson, standardised', [...fill, ['features.power', { method: 'yeo-johnson', standardize: true }]]],
	['Power: Box-Cox', [...fill, ['features.power', { method: 'box-cox' }]]],
	['Power: log1p', [...fill, ['features.power', { method: 'log1p', columns: ['Body Mass (g)'] }]]],
	['PCA: 2 standardised components replace the inputs', [...fill, ['features.pca', { components: 2 }]]],
	['PCA: 3 components appended, unstandardised', [...fill, ['features.pca', { components: 3, standardise: false, output: 'append' }]]],
	[
		'Polynomial: degree 2',
		[
			...fill,
			['clean.scale', { method: 'standard' }],
			['features.polynomial', { columns: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)'] }]
		]
	],
	[
		'Polynomial: degree 3, interactions only, every column',
		[...fill, ['clean.scale', { method: 'standard' }], ['features.polynomial', { degree: 3, interactionOnly: true }]]
	],
	[
		'Select columns: keep, drop, rename',
		[
			...fill,
			[
				'clean.columns',
				{
					keep: ['Species', 'Island', 'Beak Length (mm)', 'Body Mass (g)', 'Sex'],
					drop: ['Sex'],
					rename: 'Body Mass (g) => mass; Island => where'
				}
			],
			['features.one-hot', { columns: ['where'] }]
		]
	],
	['Schema: ignore a column', [['io.schema', { overrides: 'Sex: ignore; Island: category' }], ...fill]]
];

/**
 * The features the graph computes must be Tessera's bit for bit (double inputs, every step in
 * Tessera's operation order), except where a step calls a transcendental function: ONNX has no
 * log1p, and the runtime's Log / Exp / Pow / Sin / Cos may differ from V8's in the last bits
 * (measured: up to 1.6e-15 relative on some cells of the Power and cyclical Date parts cases).
 */
async function expectSameFeatures(model: Awaited<ReturnType<typeof train>>, sample: string, target: string, title: string) {
	const f = await featureParity(model, sample, target);
	expect(f.cells).toBeGreaterThan(0);
	if (/Power|Date parts/.test(title)) expect(f.rel).toBeLessThan(1e-13);
	else expect(f).toEqual({ cells: f.cells, differing: 0, rel: 0 });
}

describe('ONNX export of each recipe step matches Tessera on real rows', () => {
	it.each(classification)('%s (penguins, logistic)', async (_, steps) => {
		const model = await train('penguins', 'Species', steps, logistic);
		await expectSameFeatures(model, 'penguins', 'Species', _);
		const { ours, theirs } = await parity(model, 'penguins', 'Species');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});

	it('Date parts (every part, cyclical) and Convert date → number on seattle-weather', async () => {
		const steps: Steps = [
			[
				'features.date-parts',
				{
					column: 'date',
					year: true,
					quarter: true,
					month: true,
					day: true,
					weekday: true,
					hour: true,
					dayOfYear: true,
					isWeekend: true,
					cyclical: true
				}
			],
			['clean.convert', { columns: ['date'], to: 'number' }],
			['clean.scale', { method: 'standard' }]
		];
		const model = await train('seattle-weather', 'weather', steps, logistic);
		expect(model.features).toContain('date_dayofyear_cos');
		expect(model.features).toContain('date');
		await expectSameFeatures(model, 'seattle-weather', 'weather', 'Date parts');
		const { ours, theirs } = await parity(model, 'seattle-weather', 'weather');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});

	it.each([
		['Power: Yeo-Johnson', [['features.power', { method: 'yeo-johnson' }]]],
		[
			'PCA then polynomial',
			[
				['features.pca', { components: 4, output: 'append' }],
				['features.polynomial', { columns: ['PC1', 'PC2'] }]
			]
		],
		[
			'Outliers clip, then bin into categories one-hot encoded',
			[
				['clean.outliers', { k: 1 }],
				['features.bin', { columns: ['bmi', 'bp'], bins: 3 }],
				['features.one-hot', {}]
			]
		]
	] as [string, Steps][])('%s (diabetes, ridge regression)', async (_, steps) => {
		const model = await train('diabetes', 'progression', steps, linear);
		await expectSameFeatures(model, 'diabetes', 'progression', _);
		const { ours, theirs } = await parity(model, 'diabetes', 'progression');
		expect(maxDiff(ours.values!, theirs.values!).rel).toBeLessThan(1e-5);
	});
});
