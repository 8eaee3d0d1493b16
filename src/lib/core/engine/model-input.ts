import { takeColumnRows, takeRows } from '../frame/verbs';
import { describeInput, type ModelInput } from '../model-file/input';
import { rowsWithRole, trainingRows } from '../nodes/dataset';
import { modelMatrix } from '../nodes/modeling';
import { columnLength } from '../frame/frame';
import type { Column } from '../frame/types';
import { Role, type DatasetValue, type ModelValue, type PortValue } from '../nodes/ports';
import type { Registry } from '../nodes/registry';
import type { PlannedNode } from './plan';
import { applyRecipe } from './recipe';

/** Columns tested one by one for being required; a wider table counts every column as required. */
const MAX_COLUMNS_TESTED = 300;
/** Rows the required-column test replays the recipe on. */
const TEST_ROWS = 64;

/**
 * The dataset a model's recipe starts from: walking up the model's dataset inputs, the
 * first value with an empty recipe (the table as loaded, before any fitted step).
 */
export function recipeOrigin(
	start: PlannedNode,
	planned: ReadonlyMap<string, PlannedNode>,
	outputs: ReadonlyMap<string, Readonly<Record<string, PortValue>>>
): DatasetValue | null {
	let at: PlannedNode | undefined = start;
	for (let hops = 0; at && hops < planned.size + 1; hops++) {
		const edge = at.inputs.get('data') ?? [...at.inputs.values()].find((e) => outputs.get(e.from.node)?.[e.from.port]?.kind === 'dataset');
		if (!edge) return null;
		const value = outputs.get(edge.from.node)?.[edge.from.port];
		if (!value || value.kind !== 'dataset') return null;
		if (value.recipe.length === 0) return value;
		at = planned.get(edge.from.node);
	}
	return null;
}

/** The column with its values in reverse row order (other rows' values in each row). */
function reversed(col: Column): Column {
	const n = columnLength(col);
	const order = Uint32Array.from({ length: n }, (_, i) => n - 1 - i);
	return takeColumnRows(col, order);
}

/** A column of the same kind with every value missing. */
function blank(col: Column): Column {
	const n = columnLength(col);
	if (col.kind === 'number' || col.kind === 'date') return { ...col, values: new Float64Array(n).fill(NaN) };
	if (col.kind === 'category' || col.kind === 'boolean') return { ...col, codes: new Int32Array(n).fill(-1) };
	return { ...col, values: new Array<string | null>(n).fill(null) };
}

/**
 * The feature matrix the model would read for these rows, with one column changed; null
 * when the recipe or the model refuses them. Features, not predictions: as strict, and it
 * costs no model evaluation (a kNN model's would be a scan of its training rows).
 */
function scoreWith(
	registry: Registry,
	model: ModelValue,
	origin: DatasetValue,
	rows: Uint32Array,
	change: { name: string; how: (c: Column) => Column } | null
) {
	try {
		let frame = takeRows(origin.frame, rows);
		if (change) frame = { ...frame, columns: frame.columns.map((c) => (c.name === change.name ? change.how(c) : c)) };
		const prepared = applyRecipe(registry, { ...origin, frame, roles: null }, model.recipe);
		const all = Uint32Array.from({ length: prepared.frame.rowCount }, (_, i) => i);
		return modelMatrix(model, prepared.frame, all).data.join(',');
	} catch {
		return null;
	}
}

/**
 * Describe the raw input of a model trained on `data` (its node's input), whose recipe
 * started from `origin`: the training rows' reference statistics, and which columns scoring
 * needs. A column is optional when the features the model reads for a sample of training rows
 * stay exactly the same with it all missing and with its values shuffled (a column that no step or
 * feature reads); scoring
 * fills an absent optional column with missing values.
 */
export async function describeModelInput(
	registry: Registry,
	model: ModelValue,
	data: DatasetValue,
	origin: DatasetValue
): Promise<ModelInput> {
	const rows = origin.roles
		? rowsWithRole(origin, Role.train)
		: data.roles && data.frame.rowCount === origin.frame.rowCount
			? rowsWithRole(data, Role.train)
			: trainingRows(origin);
	const candidates = origin.frame.columns.filter((c) => c.name !== model.target).map((c) => c.name);
	const probe = rows.subarray(0, TEST_ROWS);
	const baseline = candidates.length > MAX_COLUMNS_TESTED || probe.length === 0 ? null : scoreWith(registry, model, origin, probe, null);
	const required = new Set<string>();
	for (const name of candidates) {
		// Unused means untouched both by missing values and by other rows' values.
		const same =
			baseline !== null &&
			scoreWith(registry, model, origin, probe, { name, how: blank }) === baseline &&
			scoreWith(registry, model, origin, probe, { name, how: reversed }) === baseline;
		if (!same) required.add(name);
	}
	return describeInput(origin.frame, rows, model.target, required);
}
