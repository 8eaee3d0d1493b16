import { addNode, connect } from '../../doc/commands';
import type { PipelineDocument, Position } from '../../doc/types';
import type { DataSourceRef } from '../define';
import { modelFamily, quickModelFamilies } from '../families';
import type { Task } from '../ports';
import type { Registry } from '../registry';

/** A family name Quick model and `tessera train --model` offer (families/index.ts), or 'auto'. */
export type ModelFamily = 'auto' | (string & {});
/** 'auto', then the families Quick model and `tessera train --model` offer, read from the family registry. */
export const MODEL_FAMILY_NAMES: readonly ModelFamily[] = ['auto', ...quickModelFamilies().map((f) => f.name)];

/**
 * What `auto` picks: histogram gradient boosting, the strong default for tabular data of
 * either task (as scikit-learn's HistGradientBoosting and LightGBM): no scaling needed,
 * missing values and categories handled, early stopping on the validation rows.
 */
export function autoFamily(_task: Task): string {
	return 'gbdt';
}

export interface QuickModelOptions {
	readonly source: DataSourceRef;
	readonly target: string;
	readonly task: Task;
	readonly model?: ModelFamily;
	/** Split seed. */
	readonly seed?: number;
	/** Top-left corner where the new nodes go. */
	readonly origin?: Position;
}

/**
 * The default pipeline as an ordinary, editable graph: dataset → split → missing values →
 * one-hot → scale → model → evaluate, with a table and a column profile beside the data.
 * Split comes first so that every stateful step fits on the training rows only.
 */
export function quickModel(doc: PipelineDocument, registry: Registry, opts: QuickModelOptions): PipelineDocument {
	const o = opts.origin ?? { x: 0, y: 0 };
	const family = opts.model && opts.model !== 'auto' ? opts.model : autoFamily(opts.task);
	const spec = modelFamily(family);
	if (!spec?.quickModel) throw new Error(`Quick model has no "${family}" family: choose one of ${MODEL_FAMILY_NAMES.join(', ')}`);
	if (!spec.tasks.includes(opts.task)) throw new Error(`${family} models are for ${spec.tasks.join(' or ')}, not ${opts.task}`);
	const modelDef = registry.get(spec.node);
	if (!modelDef) throw new Error(`this app has no ${spec.node} node`);
	const datasetParams: Record<string, string> =
		opts.source.kind === 'sample'
			? { source: 'sample', sample: opts.source.name }
			: { source: 'stored', name: opts.source.name, hash: opts.source.hash };
	// Families that do both tasks take it as a param; pin it so a 0/1 number target stays what was asked.
	const modelParams: Record<string, string> = 'task' in modelDef.params ? { task: opts.task } : {};

	let d = doc;
	const add = (type: string, dx: number, dy: number, params: Record<string, string | number> = {}): string => {
		const r = addNode(d, registry, type, { x: o.x + dx, y: o.y + dy }, params);
		d = r.doc;
		return r.id;
	};
	const link = (from: string, fromPort: string, to: string, toPort: string) => {
		const r = connect(d, registry, { node: from, port: fromPort }, { node: to, port: toPort });
		if (!r.ok) throw new Error(`quick model: ${r.reason}`);
		d = r.doc;
	};
	// Two rows (preparation, then modelling), so the graph stays legible when fitted to the canvas.
	const data = add('io.dataset', 0, 130, datasetParams);
	const table = add('explore.table', 240, 10);
	const split = add('split.train-test', 240, 130, { target: opts.target, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
	const profile = add('explore.profile', 240, 250);
	const missing = add('clean.missing', 480, 130);
	const oneHot = add('features.one-hot', 720, 130);
	const scale = add('clean.scale', 240, 370);
	const model = add(spec.node, 480, 370, modelParams);
	const evaluate = add('evaluate.metrics', 720, 370);
	link(data, 'data', table, 'data');
	link(data, 'data', profile, 'data');
	link(data, 'data', split, 'data');
	link(split, 'data', missing, 'data');
	link(missing, 'data', oneHot, 'data');
	link(oneHot, 'data', scale, 'data');
	link(scale, 'data', model, 'data');
	link(model, 'model', evaluate, 'model');
	link(scale, 'data', evaluate, 'data');
	return d;
}
