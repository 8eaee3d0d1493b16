// Test-only: the split protocol model tests share with scikit-learn (protocol.py is the
// Python side). Every fourth row (index % 4 === 3) tests, the rest train; rows missing a
// feature or the target are dropped first. Sample CSVs here have no quoted fields.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../matrix';

const SAMPLES = join(__dirname, '..', '..', '..', '..', '..', 'static', 'samples');

export type ReferenceSet = 'iris' | 'penguins' | 'wine' | 'diabetes';

const SETS: Record<ReferenceSet, { features: string[] | null; target: string; task: 'classification' | 'regression' }> = {
	iris: { features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], target: 'species', task: 'classification' },
	penguins: {
		features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'],
		target: 'Species',
		task: 'classification'
	},
	wine: { features: null, target: 'cultivar', task: 'classification' },
	diabetes: { features: null, target: 'progression', task: 'regression' }
};

export interface ReferenceSplit {
	readonly features: string[];
	readonly train: Matrix;
	readonly test: Matrix;
	/** Class codes into `classes` (classification) or values (regression). */
	readonly yTrain: Int32Array | Float64Array;
	readonly yTest: Int32Array | Float64Array;
	/** Sorted class labels (as LabelEncoder); empty for regression. */
	readonly classes: string[];
	readonly task: 'classification' | 'regression';
}

function matrix(rows: number[][]): Matrix {
	const cols = rows[0]?.length ?? 0;
	const data = new Float64Array(rows.length * cols);
	rows.forEach((r, i) => data.set(r, i * cols));
	return { rows: rows.length, cols, data };
}

/** Loads a sample with the shared protocol; `standardise` scales by the training rows (StandardScaler). */
export function referenceSplit(name: ReferenceSet, opts: { standardise?: boolean } = {}): ReferenceSplit {
	const spec = SETS[name];
	const lines = readFileSync(join(SAMPLES, `${name}.csv`), 'utf8')
		.trim()
		.split(/\r?\n/);
	const header = lines[0].split(',');
	const features = spec.features ?? header.filter((h) => h !== spec.target);
	const fi = features.map((f) => header.indexOf(f));
	const ti = header.indexOf(spec.target);
	const kept = lines
		.slice(1)
		.map((l) => l.split(','))
		.filter((r) => r[ti] !== '' && r[ti] !== 'NA' && fi.every((j) => r[j] !== '' && r[j] !== 'NA'));
	const classes = spec.task === 'classification' ? [...new Set(kept.map((r) => r[ti]))].sort() : [];
	const trainRows: number[][] = [];
	const testRows: number[][] = [];
	const yTr: number[] = [];
	const yTe: number[] = [];
	kept.forEach((r, i) => {
		const x = fi.map((j) => Number(r[j]));
		const y = spec.task === 'classification' ? classes.indexOf(r[ti]) : Number(r[ti]);
		(i % 4 === 3 ? testRows : trainRows).push(x);
		(i % 4 === 3 ? yTe : yTr).push(y);
	});
	if (opts.standardise) {
		const p = features.length;
		for (let j = 0; j < p; j++) {
			const mean = trainRows.reduce((s, r) => s + r[j], 0) / trainRows.length;
			const sd = Math.sqrt(trainRows.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / trainRows.length) || 1;
			for (const r of trainRows) r[j] = (r[j] - mean) / sd;
			for (const r of testRows) r[j] = (r[j] - mean) / sd;
		}
	}
	const Y = spec.task === 'classification' ? Int32Array : Float64Array;
	return { features, train: matrix(trainRows), test: matrix(testRows), yTrain: Y.from(yTr), yTest: Y.from(yTe), classes, task: spec.task };
}

/** Share of equal codes. */
export function accuracyOf(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
	let ok = 0;
	for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) ok++;
	return ok / truth.length;
}

/** Coefficient of determination, as sklearn's r2_score. */
export function r2Of(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
	let mean = 0;
	for (let i = 0; i < truth.length; i++) mean += truth[i];
	mean /= truth.length;
	let ssRes = 0;
	let ssTot = 0;
	for (let i = 0; i < truth.length; i++) {
		ssRes += (truth[i] - pred[i]) ** 2;
		ssTot += (truth[i] - mean) ** 2;
	}
	return 1 - ssRes / ssTot;
}
