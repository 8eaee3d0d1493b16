import type { Column, Frame } from '../../../frame/types';
import { takeRows } from '../../../frame/verbs';
import { datasetDrift, driftColumns, sampleDrift, type ReferenceSource } from '../../../monitor/columns';
import { DEFAULT_DRIFT_OPTIONS, type DriftOptions, type DriftResult } from '../../../monitor/drift';
import { modelDrift, type ModelDrift } from '../../../monitor/model-drift';
import { expectDataset, trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port, type DatasetValue, type ModelValue } from '../../ports';
import { numberColumn } from '../../schema-rules';

/** The Data drift node's report: the columns' drift and, with a model, its predictions' drift and metrics. */
export interface DriftReport {
	readonly type: 'drift';
	readonly reference: ReferenceSource;
	readonly currentRows: number;
	readonly result: DriftResult;
	readonly model: ModelDrift | null;
}

const TESTS = ['auto', 'ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const;

/** Text, category and boolean columns of a small table, from plain values. */
function labels(name: string, values: readonly string[]): Column {
	const dictionary = [...new Set(values)];
	const index = new Map(dictionary.map((v, i) => [v, i]));
	return { kind: 'category', name, codes: Int32Array.from(values, (v) => index.get(v)!), dictionary };
}

/** One row per compared column, most drifted first, for nodes downstream (a filter, a table, a file). */
function driftTable(result: DriftResult): Frame {
	const c = result.columns;
	const num = (name: string, f: (d: (typeof c)[number]) => number): Column => ({ kind: 'number', name, values: Float64Array.from(c, f) });
	return {
		rowCount: c.length,
		columns: [
			{ kind: 'text', name: 'column', values: c.map((d) => d.column) },
			labels(
				'kind',
				c.map((d) => d.kind)
			),
			labels(
				'test',
				c.map((d) => d.test)
			),
			num('score', (d) => d.score),
			num('threshold', (d) => d.threshold),
			{ kind: 'boolean', name: 'drifted', codes: Int32Array.from(c, (d) => (d.drifted ? 1 : 0)) },
			num('statistic', (d) => d.statistic),
			num('reference rows', (d) => d.referenceRows),
			num('current rows', (d) => d.currentRows)
		]
	};
}

export default defineNode({
	type: 'monitor.drift',
	version: 1,
	category: 'monitor',
	title: 'Data drift',
	description:
		"Compare current rows with reference rows (the training rows, or any dataset; with only a model, its reference sample) column by column, with Evidently's default tests; with a model, also the drift of its predictions and its metrics on labelled current rows.",
	inputs: { reference: port.dataset('reference', true), current: port.dataset('current'), model: port.model('model', true) },
	outputs: { report: port.report('drift'), data: port.dataset('per-column table') },
	params: {
		referenceRows: p.choice(['training', 'all'], {
			default: 'training',
			label: 'Reference rows',
			help: 'Training rows: only the rows a Split gave the training role (all rows before a split). All: every row of the reference dataset'
		}),
		test: p.choice(TESTS, {
			default: 'auto',
			label: 'Test',
			help: "Auto is Evidently's rule: up to 1,000 reference rows, Kolmogorov–Smirnov (numbers), chi-square or a two-proportion Z-test (categories); more, the Wasserstein distance (numbers, over the reference std) or the Jensen–Shannon distance (categories)"
		}),
		pValue: p.number({
			default: DEFAULT_DRIFT_OPTIONS.pValue,
			min: 0,
			max: 1,
			step: 0.01,
			label: 'p-value threshold',
			help: 'A p-value test flags drift below it'
		}),
		distance: p.number({
			default: DEFAULT_DRIFT_OPTIONS.distance,
			min: 0,
			max: 10,
			step: 0.01,
			label: 'Distance threshold',
			help: 'Wasserstein (in reference standard deviations) and Jensen–Shannon flag drift at or above it'
		}),
		psi: p.number({
			default: DEFAULT_DRIFT_OPTIONS.psi,
			min: 0,
			max: 10,
			step: 0.01,
			label: 'PSI threshold',
			help: 'PSI flags drift at or above it: 0.1 is the usual "moderate" reading, 0.25 "significant"'
		}),
		datasetShare: p.number({
			default: DEFAULT_DRIFT_OPTIONS.datasetShare,
			min: 0,
			max: 1,
			step: 0.05,
			label: 'Dataset drift share',
			help: 'The dataset drifts when at least this share of the compared columns drift'
		}),
		columns: p.columns({ label: 'Columns', help: "Empty: the model's input columns, or every column both sides share, except the target" })
	},
	// The per-column table's columns are fixed (driftTable), whatever is compared.
	schema: () => ({
		data: {
			target: null,
			columns: [
				{ name: 'column', kind: 'text' },
				{ name: 'kind', kind: 'category' },
				{ name: 'test', kind: 'category' },
				...['score', 'threshold'].map(numberColumn),
				{ name: 'drifted', kind: 'boolean' },
				...['statistic', 'reference rows', 'current rows'].map(numberColumn)
			]
		}
	}),
	run: async (inputs, params, ctx) => {
		const current = expectDataset(inputs.current, 'current');
		const model = inputs.model as ModelValue | undefined;
		if (model !== undefined && model.kind !== 'model') throw new Error('input "model" needs a trained model');
		const connected = inputs.reference === undefined ? null : expectDataset(inputs.reference, 'reference');
		if (!connected && !model) throw new Error('connect reference rows (a dataset) or a trained model, whose reference sample is then used');
		if (!connected && !model?.input)
			throw new Error(
				'this model has no reference sample (it was trained before they were kept): run its pipeline again, or connect reference rows'
			);
		const options: Partial<DriftOptions> = {
			test: params.test,
			pValue: params.pValue,
			distance: params.distance,
			psi: params.psi,
			datasetShare: params.datasetShare
		};
		const target = connected?.target ?? model?.target ?? current.target;
		const input = model?.input ?? null;
		let reference: DatasetValue | null = null;
		let source: ReferenceSource;
		let result: DriftResult;
		if (connected) {
			const split = params.referenceRows === 'training' && connected.roles !== null;
			reference = split ? withFrame(connected, takeRows(connected.frame, trainingRows(connected)), null) : { ...connected, roles: null };
			source = { kind: 'dataset', rows: split ? 'training' : 'all', count: reference.frame.rowCount };
			const picked = driftColumns(
				reference.frame.columns.map((c) => c.name),
				current.frame,
				params.columns,
				{ target, input }
			);
			result = datasetDrift(reference.frame, current.frame, picked, options);
		} else {
			const sample = model!.input!;
			source = { kind: 'model-sample', count: sample.sampleRows, trainingRows: sample.rows };
			const picked = driftColumns(
				sample.columns.map((c) => c.name),
				current.frame,
				params.columns,
				{ target, input }
			);
			result = sampleDrift(sample, current.frame, picked, options);
		}
		const drift = model
			? await modelDrift({ model, reference, current, options, apply: ctx.applyRecipe, testRows: connected?.roles ? connected : null })
			: null;
		const report: DriftReport = { type: 'drift', reference: source, currentRows: current.frame.rowCount, result, model: drift };
		return {
			report: { kind: 'report', report },
			data: { kind: 'dataset', frame: driftTable(result), target: null, roles: null, recipe: [], sourceHash: current.sourceHash }
		};
	}
});
