/**
 * Scoring a challenger and a champion on the same held-out rows. Both start from the raw table
 * the challenger's recipe started from (the new data as loaded, with the pipeline's split), take
 * the same test rows (validation when the split made no test rows), and replay each model's own
 * recipe on them — so the champion is judged by its own fitted steps, and neither model is
 * favoured by the rows or the preparation.
 */
import type { PipelineDocument } from '../doc/types';
import { applyRecipe } from '../engine/recipe';
import { takeRows } from '../frame/verbs';
import { metricsFor } from '../nodes/catalog/evaluate/evaluate';
import { rowsWithRole } from '../nodes/dataset';
import { Role, type DatasetValue, type Metrics, type ModelValue, type PortValue } from '../nodes/ports';
import type { Registry } from '../nodes/registry';

export interface HeldOutRows {
	/** The raw table (recipe not yet applied) the rows index into. */
	readonly origin: DatasetValue;
	readonly role: 'test' | 'validation';
	readonly rows: Uint32Array;
}

type Outputs = ReadonlyMap<string, Readonly<Record<string, PortValue>>>;

/**
 * The held-out rows of a model node's training data, as raw rows: walk up its `data` input to
 * the first dataset without fitted steps, and take that table's test rows (or validation rows).
 */
export function heldOutRows(doc: PipelineDocument, outputs: Outputs, node: string): HeldOutRows {
	const data = (id: string): DatasetValue | null => {
		const edge = doc.edges.find((e) => e.to.node === id && e.to.port === 'data');
		const value = edge ? outputs.get(edge.from.node)?.[edge.from.port] : undefined;
		return value?.kind === 'dataset' ? value : null;
	};
	const trained = data(node);
	if (!trained) throw new Error(`node "${node}" has no dataset at its "data" input`);
	let origin: DatasetValue | null = trained;
	let at = node;
	for (let hops = 0; origin && origin.recipe.length > 0 && hops <= doc.nodes.length; hops++) {
		const edge = doc.edges.find((e) => e.to.node === at && e.to.port === 'data');
		if (!edge) break;
		at = edge.from.node;
		origin = data(at);
	}
	if (!origin || origin.recipe.length > 0) throw new Error(`cannot find the table node "${node}"'s recipe starts from`);
	// A split after the raw table (the usual Dataset → Split → steps → model) leaves the table without
	// roles; the model's input has them row for row as long as no step dropped rows.
	const roles = origin.roles ?? (trained.roles && trained.frame.rowCount === origin.frame.rowCount ? trained.roles : null);
	if (!roles) throw new Error(`the data of node "${node}" has no held-out rows: the pipeline needs a Split before the model`);
	const withRoles = { ...origin, roles };
	const test = rowsWithRole(withRoles, Role.test);
	if (test.length) return { origin: withRoles, role: 'test', rows: test };
	const validation = rowsWithRole(withRoles, Role.validation);
	if (validation.length) return { origin: withRoles, role: 'validation', rows: validation };
	throw new Error(`the split before node "${node}" made no test or validation rows`);
}

/** A model's metrics on the held-out rows, its own recipe replayed on them. */
export async function scoreHeldOut(registry: Registry, model: ModelValue, held: HeldOutRows): Promise<Metrics> {
	const frame = takeRows(held.origin.frame, held.rows);
	const prepared = applyRecipe(registry, { ...held.origin, frame, roles: null, recipe: [] }, model.recipe);
	if (!prepared.frame.columns.some((c) => c.name === model.target))
		throw new Error(`the target "${model.target}" is not in the held-out rows after the model's recipe`);
	const roles = new Uint8Array(prepared.frame.rowCount).fill(Role.test);
	const metrics = await metricsFor(model, { ...prepared, roles }, Role.test);
	if (!metrics) throw new Error(`none of the ${held.rows.length} held-out rows has a "${model.target}" value`);
	return metrics;
}
