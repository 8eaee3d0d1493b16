import { addNode, connect, setLabel } from '../../doc/commands';
import { tidyLayout } from '../../doc/layout';
import type { PipelineDocument, Position } from '../../doc/types';
import type { DataSourceRef } from '../define';
import { modelFamilies, modelFamily, quickModelFamilies } from '../families';
import type { Task } from '../ports';
import type { Registry } from '../registry';
import { TEXT_FEATURES, TEXT_NETWORK, type QuickRecipe } from './quick-recipe';

/** A family name Quick model and `tessera train --model` offer (families/index.ts), or 'auto'. */
export type ModelFamily = 'auto' | (string & {});
/** 'auto', then the families Quick model and `tessera train --model` offer, read from the family registry. */
export const MODEL_FAMILY_NAMES: readonly ModelFamily[] = [
	'auto',
	...quickModelFamilies().map((f) => f.name),
	// Offered only where the data fits them (quickRecipe): images, and a single text column.
	...modelFamilies.filter((f) => !f.quickModel).map((f) => f.name)
];

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
	/**
	 * What to do with each column (quickRecipe on the data): dates, free text, ids, leaks and
	 * high-cardinality categories get their own nodes, labelled with what they do. Without
	 * it every column goes to the model as it is.
	 */
	readonly recipe?: QuickRecipe;
}

/** A node label naming columns, kept within a label's length. */
function listLabel(head: string, items: readonly string[]): string {
	const text = `${head}: ${items.join(', ')}`;
	return text.length <= 120 ? text : `${text.slice(0, 117)}…`;
}

/**
 * The default pipeline as an ordinary, editable graph: dataset → split → [leave out, date
 * parts, text features] → missing values → [frequency encode] → one-hot → scale → model →
 * evaluate, with a table and a column profile beside the data; an image dataset with the
 * CNN goes straight from the split to the network. Split comes first so that every
 * stateful step fits on the training rows only. The bracketed nodes come from the recipe,
 * each labelled with the columns it acts on.
 */
export function quickModel(doc: PipelineDocument, registry: Registry, opts: QuickModelOptions): PipelineDocument {
	const built = quickModelGraph(doc, registry, opts);
	// Laid out by data flow (core/doc/layout.ts), so no wire loops back or runs under a node.
	const before = new Set(doc.nodes.map((n) => n.id));
	const added = new Set(built.nodes.filter((n) => !before.has(n.id)).map((n) => n.id));
	return tidyLayout(built, registry, { only: added, origin: opts.origin ?? { x: 0, y: 0 } });
}

/** The Quick-model nodes and edges; their positions are a rough draft that `quickModel` tidies. */
function quickModelGraph(doc: PipelineDocument, registry: Registry, opts: QuickModelOptions): PipelineDocument {
	const o = opts.origin ?? { x: 0, y: 0 };
	const recipe = opts.recipe;
	if (recipe && (recipe.target !== opts.target || recipe.task !== opts.task))
		throw new Error(`quick model: the recipe is for "${recipe.target}" (${recipe.task}), not "${opts.target}" (${opts.task})`);
	const family = opts.model && opts.model !== 'auto' ? opts.model : (recipe?.families[0] ?? autoFamily(opts.task));
	const spec = modelFamily(family);
	if (!spec || (!spec.quickModel && !recipe?.families.includes(family)))
		throw new Error(`Quick model has no "${family}" family: choose one of ${MODEL_FAMILY_NAMES.join(', ')}`);
	if (!spec.tasks.includes(opts.task)) throw new Error(`${family} models are for ${spec.tasks.join(' or ')}, not ${opts.task}`);
	if (recipe && !recipe.families.includes(family))
		throw new Error(`${family} does not fit this data (${recipe.shape}, ${recipe.task}): choose one of ${recipe.families.join(', ')}`);
	const modelDef = registry.get(spec.node);
	if (!modelDef) throw new Error(`this app has no ${spec.node} node`);
	const datasetParams: Record<string, string> =
		opts.source.kind === 'sample'
			? { source: 'sample', sample: opts.source.name }
			: { source: 'stored', name: opts.source.name, hash: opts.source.hash };
	// Families that do both tasks take it as a param; pin it so a 0/1 number target stays what was asked.
	const modelParams: Record<string, string> = 'task' in modelDef.params ? { task: opts.task } : {};

	let d = doc;
	const add = (
		type: string,
		dx: number,
		dy: number,
		params: Record<string, string | number | string[] | boolean> = {},
		label?: string
	): string => {
		const r = addNode(d, registry, type, { x: o.x + dx, y: o.y + dy }, params);
		d = label ? setLabel(r.doc, r.id, label) : r.doc;
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
	link(data, 'data', table, 'data');
	link(data, 'data', profile, 'data');
	link(data, 'data', split, 'data');
	if (recipe?.shape === 'image' && family === 'cnn') {
		// The network reads the px_ columns as images; nothing to clean or encode.
		const model = add(spec.node, 480, 130, modelParams, 'CNN on the images');
		const evaluate = add('evaluate.metrics', 720, 130);
		link(split, 'data', model, 'data');
		link(model, 'model', evaluate, 'model');
		link(split, 'data', evaluate, 'data');
		return d;
	}

	if (recipe?.shape === 'text' && family === TEXT_NETWORK) {
		// The network reads the words in order: the text becomes token ids, nothing else to prepare.
		const column = recipe.columns.find((c) => c.use.kind === 'text-features')!.column;
		const tokens = add('features.text-sequence', 480, 130, { column }, `Words to token ids: ${column}`);
		const model = add(spec.node, 720, 130, modelParams, 'Text network');
		const evaluate = add('evaluate.metrics', 960, 130);
		link(split, 'data', tokens, 'data');
		link(tokens, 'data', model, 'data');
		link(model, 'model', evaluate, 'model');
		link(tokens, 'data', evaluate, 'data');
		return d;
	}

	// The preparation row: one node after another, each fed by the last.
	let last = split;
	let x = 480;
	const step = (type: string, params: Record<string, string | number | string[] | boolean> = {}, label?: string) => {
		const id = add(type, x, 130, params, label);
		link(last, 'data', id, 'data');
		last = id;
		x += 240;
	};
	const uses = recipe?.columns ?? [];
	const leftOut = uses.filter((c) => c.use.kind === 'left-out');
	if (leftOut.length)
		step(
			'clean.columns',
			{ drop: leftOut.map((c) => c.column) },
			listLabel(
				'Leave out',
				leftOut.map((c) => `${c.column} (${c.use.kind === 'left-out' ? c.use.why : ''})`)
			)
		);
	for (const c of uses.filter((c) => c.use.kind === 'date-parts'))
		step('features.date-parts', { column: c.column, dropOriginal: true }, `Date parts: ${c.column}`);
	for (const c of uses.filter((c) => c.use.kind === 'text-features'))
		step('features.text', { column: c.column, maxFeatures: TEXT_FEATURES }, `TF-IDF: ${c.column}`);
	step('clean.missing');
	const frequent = uses.filter((c) => c.use.kind === 'frequency');
	if (frequent.length)
		step(
			'features.frequency',
			{ columns: frequent.map((c) => c.column) },
			listLabel(
				'Frequency encode',
				frequent.map((c) => `${c.column} (${c.use.kind === 'frequency' ? c.use.levels : 0} levels)`)
			)
		);
	step('features.one-hot');
	// The modelling row sits under the end of the preparation row, however long that grew.
	const end = x - 240;
	const scale = add('clean.scale', end - 480, 370);
	const model = add(spec.node, end - 240, 370, modelParams);
	const evaluate = add('evaluate.metrics', end, 370);
	link(last, 'data', scale, 'data');
	link(scale, 'data', model, 'data');
	link(model, 'model', evaluate, 'model');
	link(scale, 'data', evaluate, 'data');
	return d;
}
