// Shared contract between the benchmark harness (bench/run.mjs) and the
// browser side (bench/browser.mjs). Plain ESM with JSDoc types so both Node
// and the browser-side runner can import it without a build step.

import { SCORING_CASE } from './scoring.mjs';
import { SERVE_CASE } from './serve.mjs';
import { DRIFT_CASE } from './drift.mjs';
import { FINGERPRINT_CASE } from './fingerprint.mjs';
import { zooCases } from './zoo.mjs';

/**
 * One measured figure. `ms` is the median wall time of the operation.
 * @typedef {{ ms: number, perEpochMs?: number, accuracy?: number, bytes?: number, count?: number, extra?: Record<string, unknown> }} Measure
 */

/**
 * One row of the result table.
 * @typedef {{ id: string, name: string, where: 'browser'|'node', backend?: string, tessera: Measure|null, reference: (Measure & { tool: string })|null, secondReference?: (Measure & { tool: string }), target?: string, met?: boolean|null, note?: string }} CaseResult
 */

/**
 * Static description of a case.
 * @typedef {{ id: string, name: string, where: 'browser'|'node', backend?: string, tool: string|null, target: string }} CaseDef
 */

/** @type {CaseDef[]} */
export const CASES = [
	{
		id: 'import-csv',
		name: 'CSV import (N × 20: 17 numeric + 3 categorical, ~150 MB at 1M rows), parse to columns in the worker',
		where: 'browser',
		tool: 'pandas.read_csv',
		target: '≤ 1.5× pandas'
	},
	{
		id: 'profile',
		name: 'Profile: per-column statistics + histograms, the N × 20 import data',
		where: 'browser',
		tool: 'pandas describe + nunique + skew + kurt + duplicated + numpy.histogram + value_counts',
		target: '≤ 1× pandas'
	},
	{ id: 'correlation', name: 'Pearson correlation matrix, N × 20', where: 'browser', tool: 'pandas DataFrame.corr', target: '≤ 1× pandas' },
	{
		id: 'logistic',
		name: 'Logistic regression to convergence, 100,000 × 20',
		where: 'browser',
		tool: 'sklearn LogisticRegression(lbfgs, C=1)',
		target: 'fit time ≤ sklearn, equal accuracy'
	},
	{
		id: 'mlp-auto',
		name: 'MLP 20→64→64→1, batch 256, Adam 1e-3, E epochs (the studio on Auto: our kernels in the engine worker)',
		where: 'browser',
		backend: 'auto',
		tool: 'sklearn MLPClassifier(adam)',
		target: 'per-epoch ≤ sklearn, equal accuracy'
	},
	{
		id: 'mlp-wasm',
		name: 'MLP 20→64→64→1, batch 256, Adam 1e-3, E epochs (TensorFlow.js wasm)',
		where: 'browser',
		backend: 'wasm',
		tool: 'sklearn MLPClassifier(adam)',
		target: 'report only'
	},
	{
		id: 'mlp-webgl',
		name: 'MLP 20→64→64→1, batch 256, Adam 1e-3, E epochs (TensorFlow.js webgl)',
		where: 'browser',
		backend: 'webgl',
		tool: 'sklearn MLPClassifier(adam)',
		target: 'report only'
	},
	{
		id: 'mlp-webgpu',
		name: 'MLP 20→64→64→1, batch 256, Adam 1e-3, E epochs (TensorFlow.js webgpu)',
		where: 'browser',
		backend: 'webgpu',
		tool: 'sklearn MLPClassifier(adam)',
		target: 'report only'
	},
	{
		id: 'mlp-cpu',
		name: 'MLP 20→64→64→1, batch 256, Adam 1e-3, E epochs (TensorFlow.js cpu)',
		where: 'browser',
		backend: 'cpu',
		tool: 'sklearn MLPClassifier(adam)',
		target: 'report only'
	},
	{
		id: 'longtask-import',
		name: 'Page-thread long tasks while importing in the studio',
		where: 'browser',
		tool: null,
		target: 'none over 50 ms'
	},
	{
		id: 'longtask-train',
		name: 'Page-thread long tasks while training in the studio',
		where: 'browser',
		tool: null,
		target: 'none over 50 ms'
	},
	{
		id: 'startup',
		name: 'Start-up: gzipped JS before interactive, time to interactive',
		where: 'browser',
		tool: null,
		target: '< 300 KB gzip'
	},
	{ id: 'persist-store', name: 'Store imported dataset in IndexedDB', where: 'browser', tool: 'tessera re-parse', target: 'report only' },
	{
		id: 'persist-reopen',
		name: 'Reopen imported dataset from IndexedDB',
		where: 'browser',
		tool: 'tessera re-parse',
		target: 'faster than re-parse'
	},
	{
		id: 'cli-profile',
		name: 'CLI (Node): parse + profile the import CSV',
		where: 'node',
		tool: 'pandas read_csv + describe',
		target: 'report only'
	},
	{
		id: 'cli-logistic',
		name: 'CLI (Node): logistic regression fit on the classification data',
		where: 'node',
		tool: 'sklearn LogisticRegression(lbfgs, C=1)',
		target: 'report only'
	},
	...zooCases(),
	SCORING_CASE,
	SERVE_CASE,
	DRIFT_CASE,
	FINGERPRINT_CASE
];

/** Number of MLP epochs, full and quick. Both sides use the same E. */
export const MLP_EPOCHS = { full: 10, quick: 3 };

/** Fraction of classify rows used for training; the rest (last rows) validate. */
export const TRAIN_FRACTION = 0.8;

/** @param {string} id */
export function caseDef(id) {
	return CASES.find((c) => c.id === id);
}
