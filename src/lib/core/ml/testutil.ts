// Test-only helpers (imported by *.test.ts only): the shared sample CSVs have no quoted
// fields, so a split on commas is enough and keeps these tests independent of core/frame.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getColumn } from '../frame/frame';
import { imageShapeOf } from '../frame/images';
import { readImageZip } from '../readers/zip';
import type { Matrix } from './matrix';
import type { CnnOptions } from './models/cnn-shape';

const DATA = '/work/shared/data';

export function readCsv(name: string): { header: string[]; rows: string[][] } {
	const lines = readFileSync(`${DATA}/${name}`, 'utf8').trim().split(/\r?\n/);
	return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Penguins rows with all four numeric measurements present. */
export function penguins(): { X: Matrix; y: Float64Array } {
	const { header, rows } = readCsv('penguins.csv');
	const cols = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'].map((c) => header.indexOf(c));
	const kept = rows.filter((r) => cols.every((c) => r[c] !== '' && r[c] !== 'NA'));
	const X: Matrix = { rows: kept.length, cols: 3, data: new Float64Array(kept.length * 3) };
	const y = new Float64Array(kept.length);
	kept.forEach((r, i) => {
		for (let j = 0; j < 3; j++) X.data[i * 3 + j] = Number(r[cols[j]]);
		y[i] = Number(r[cols[3]]);
	});
	return { X, y };
}

/** Iris with features standardised like sklearn's StandardScaler (population std), classes sorted. */
export function irisStandardised(): { X: Matrix; y: Int32Array; labels: string[] } {
	const { rows } = readCsv('iris.csv');
	const labels = [...new Set(rows.map((r) => r[4]))].sort();
	const n = rows.length;
	const X: Matrix = { rows: n, cols: 4, data: new Float64Array(n * 4) };
	const y = new Int32Array(n);
	rows.forEach((r, i) => {
		for (let j = 0; j < 4; j++) X.data[i * 4 + j] = Number(r[j]);
		y[i] = labels.indexOf(r[4]);
	});
	for (let j = 0; j < 4; j++) {
		let mean = 0;
		for (let i = 0; i < n; i++) mean += X.data[i * 4 + j];
		mean /= n;
		let v = 0;
		for (let i = 0; i < n; i++) v += (X.data[i * 4 + j] - mean) ** 2;
		const sd = Math.sqrt(v / n);
		for (let i = 0; i < n; i++) X.data[i * 4 + j] = (X.data[i * 4 + j] - mean) / sd;
	}
	return { X, y, labels };
}

export function relErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
	let worst = 0;
	for (let i = 0; i < expected.length; i++) {
		worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-12));
	}
	return worst;
}

/** max |a - e| / max |e|: relative error of a whole coefficient vector, robust to near-zero entries. */
export function vecRelErr(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
	let diff = 0;
	let scale = 0;
	for (let i = 0; i < expected.length; i++) {
		diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
		scale = Math.max(scale, Math.abs(expected[i]));
	}
	return diff / scale;
}

/**
 * The bundled digits sample (static/samples/digits.zip, load_digits' 1,797 8×8 images) through
 * the zip reader, split as scikit-learn's reference runs split it: every 4th row of
 * load_digits' order tests (1,348 train, 449 test).
 */
export async function digitsSample(): Promise<{
	shape: NonNullable<ReturnType<typeof imageShapeOf>>;
	train: { X: Matrix; y: Int32Array };
	test: { X: Matrix; y: Int32Array };
}> {
	const frame = await readImageZip(
		new Uint8Array(readFileSync(join(__dirname, '..', '..', '..', '..', 'static', 'samples', 'digits.zip')))
	);
	const shape = imageShapeOf(frame)!;
	const cols = shape.columns.map((name) => getColumn(frame, name) as { values: Float64Array });
	const label = getColumn(frame, 'label') as { codes: Int32Array };
	// File names keep load_digits' row numbers: 3/0123.png is row 123.
	const original = (getColumn(frame, 'image') as { values: readonly (string | null)[] }).values.map((p) =>
		Number(/(\d+)\.png$/.exec(p ?? '')![1])
	);
	const take = (rows: number[]): { X: Matrix; y: Int32Array } => ({
		X: { rows: rows.length, cols: cols.length, data: Float64Array.from(rows.flatMap((r) => cols.map((c) => c.values[r]))) },
		y: Int32Array.from(rows, (r) => label.codes[r])
	});
	const all = original.map((_, r) => r);
	return { shape, train: take(all.filter((r) => original[r] % 4 !== 3)), test: take(all.filter((r) => original[r] % 4 === 3)) };
}

/** n 6×6 images of a horizontal (class 0) or vertical (class 1) bar at a varying place: a task a tiny CNN learns in a few epochs. */
export function barImages(n: number): { X: Matrix; y: Int32Array } {
	const data = new Float64Array(n * 36);
	const y = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		y[i] = i % 2;
		const at = (i * 7) % 6;
		for (let k = 0; k < 6; k++) data[i * 36 + (y[i] ? k * 6 + at : at * 6 + k)] = 1;
	}
	return { X: { rows: n, cols: 36, data }, y };
}

/** A CNN small enough for barImages: both trainers' tests use it, so they train the same network. */
export const SMALL_CNN: CnnOptions = {
	height: 6,
	width: 6,
	channels: 1,
	classes: 2,
	filters: 4,
	denseUnits: 8,
	epochs: 3,
	batchSize: 8,
	learningRate: 0.01,
	seed: 5
};
