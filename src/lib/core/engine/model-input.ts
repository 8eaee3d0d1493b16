import { takeRows } from '../frame/verbs';
import { describeInput, type ModelInput } from '../model-file/input';
import { rowsWithRole, trainingRows } from '../nodes/dataset';
import { modelMatrix } from '../nodes/modeling';
import { Role, type DatasetValue, type ModelValue, type PortValue } from '../nodes/ports';
import type { Registry } from '../nodes/registry';
import type { PlannedNode } from './plan';
import { applyRecipe } from './recipe';

/** Columns tested one by one for being required; a wider table counts every column as required. */
const MAX_COLUMNS_TESTED = 300;
/** Rows the required-column test replays the recipe on. */
const TEST_ROWS = 8;

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

/** Whether the recipe and the model still score these rows when `drop` is left out. */
function scores(registry: Registry, model: ModelValue, origin: DatasetValue, rows: Uint32Array, drop: string | null): boolean {
	try {
		let frame = takeRows(origin.frame, rows);
		if (drop !== null) frame = { ...frame, columns: frame.columns.filter((c) => c.name !== drop) };
		const prepared = applyRecipe(registry, { ...origin, frame, roles: null }, model.recipe);
		const all = Uint32Array.from({ length: prepared.frame.rowCount }, (_, i) => i);
		modelMatrix(model, prepared.frame, all);
		return true;
	} catch {
		return false;
	}
}

/**
 * Describe the raw input of a model trained on `data` (its node's input), whose recipe
 * started from `origin`: the training rows' reference statistics, and which columns scoring
 * needs — found by replaying the recipe on a few training rows without each column in turn.
 */
export function describeModelInput(registry: Registry, model: ModelValue, data: DatasetValue, origin: DatasetValue): ModelInput {
	const rows = origin.roles
		? rowsWithRole(origin, Role.train)
		: data.roles && data.frame.rowCount === origin.frame.rowCount
			? rowsWithRole(data, Role.train)
			: trainingRows(origin);
	const candidates = origin.frame.columns.filter((c) => c.name !== model.target).map((c) => c.name);
	const probe = rows.subarray(0, TEST_ROWS);
	let required: Set<string>;
	if (candidates.length > MAX_COLUMNS_TESTED || probe.length === 0 || !scores(registry, model, origin, probe, null))
		required = new Set(candidates);
	else required = new Set(candidates.filter((name) => !scores(registry, model, origin, probe, name)));
	return describeInput(origin.frame, rows, model.target, required);
}
