import { topologicalOrder } from '../doc/graph';
import type { PipelineDocument } from '../doc/types';
import type { FrameSchema } from '../frame/types';
import type { DatasetSchema, DataSourceRef, NodeDefinition, PortSchemas } from '../nodes/define';
import { normaliseParams, type ParamSpec, type ParamValues } from '../nodes/params';
import type { Registry } from '../nodes/registry';

/** The columns a source node reads, where known without loading it (stored metadata, a sample's header); null = unknown. */
export type SourceSchemas = (ref: DataSourceRef) => FrameSchema | null;

/** Output schemas by node id, then by port name: what the pipeline's datasets look like before a run. */
export type PropagatedSchemas = ReadonlyMap<string, PortSchemas>;

function paramsOf(def: NodeDefinition, given: Readonly<Record<string, unknown>>): ParamValues | null {
	const { params, errors } = normaliseParams(def.params, given);
	return errors.length ? null : params;
}

/** The data sources of `doc`'s nodes, so a host can look their schemas up before propagating. */
export function sourceRefs(doc: PipelineDocument, registry: Registry): DataSourceRef[] {
	const refs: DataSourceRef[] = [];
	for (const node of doc.nodes) {
		const def = node.inert ? undefined : registry.get(node.type);
		const params = def?.source ? paramsOf(def, node.params) : null;
		if (!def?.source || !params) continue;
		try {
			const ref = def.source(params);
			if (ref) refs.push(ref);
		} catch {
			// Not configured yet (no dataset chosen): its schema is simply unknown.
		}
	}
	return refs;
}

function outputsOf(def: NodeDefinition, inputs: PortSchemas, params: ParamValues, sourceSchemas: SourceSchemas): PortSchemas {
	const datasetPorts = Object.entries(def.outputs)
		.filter(([, spec]) => spec.kind === 'dataset')
		.map(([name]) => name);
	if (datasetPorts.length === 0) return {};
	if (def.source) {
		let ref: DataSourceRef | null = null;
		try {
			ref = def.source(params);
		} catch {
			ref = null;
		}
		const columns = ref ? sourceSchemas(ref) : null;
		return Object.fromEntries(datasetPorts.map((p) => [p, columns ? { columns, target: null } : null]));
	}
	const rule = def.schema ?? 'unknown';
	if (rule === 'unknown') return {};
	if (rule === 'same') return Object.fromEntries(datasetPorts.map((p) => [p, inputs.data ?? null]));
	try {
		return rule(inputs, params);
	} catch {
		// A rule that trips over odd params says "unknown"; the run reports the real problem.
		return {};
	}
}

/**
 * Every node's dataset output schemas, without running: sources from `sourceSchemas`, then
 * each node's declared rule (define.ts SchemaRule) in graph order. A node with bad params,
 * an inert or unknown type, or an unknown input has unknown outputs unless its rule can tell
 * without that input.
 */
export function propagateSchemas(doc: PipelineDocument, registry: Registry, sourceSchemas: SourceSchemas): PropagatedSchemas {
	const out = new Map<string, PortSchemas>();
	const byId = new Map(doc.nodes.map((n) => [n.id, n]));
	for (const id of topologicalOrder(byId.keys(), doc.edges)) {
		const node = byId.get(id)!;
		const def = node.inert ? undefined : registry.get(node.type);
		const params = def ? paramsOf(def, node.params) : null;
		if (!def || !params) {
			out.set(id, {});
			continue;
		}
		const inputs: Record<string, DatasetSchema | null> = {};
		for (const e of doc.edges) if (e.to.node === id) inputs[e.to.port] = out.get(e.from.node)?.[e.from.port] ?? null;
		out.set(id, outputsOf(def, inputs, params, sourceSchemas));
	}
	return out;
}

/** The schema feeding `port` of `node` as propagated, or null when it is not known. */
export function propagatedInput(doc: PipelineDocument, schemas: PropagatedSchemas, node: string, port: string): DatasetSchema | null {
	const edge = doc.edges.find((e) => e.to.node === node && e.to.port === port);
	return edge ? (schemas.get(edge.from.node)?.[edge.from.port] ?? null) : null;
}

/** The dataset input a node's column params name columns of: "data", else its first dataset input. */
export function columnsPort(def: NodeDefinition): string | undefined {
	if ('data' in def.inputs && def.inputs.data.kind === 'dataset') return 'data';
	return Object.entries(def.inputs).find(([, s]) => s.kind === 'dataset')?.[0];
}

/** A column param naming a column that the known input schema does not have. */
export interface MissingColumn {
	readonly node: string;
	readonly param: string;
	readonly column: string;
	readonly message: string;
}

/** The columns a column or columns param names that `input` lacks (none for other params). */
export function absentColumns(spec: ParamSpec, value: unknown, input: FrameSchema): string[] {
	const chosen =
		spec.type === 'column' && typeof value === 'string' && value
			? [value]
			: spec.type === 'columns' && Array.isArray(value)
				? value.filter((v): v is string => typeof v === 'string')
				: [];
	return chosen.filter((name) => !input.some((c) => c.name === name));
}

/** What the studio and the checks say of a column that is not there. */
export const notInInput = (column: string): string => `column "${column}" is not in the input`;

/** The chosen columns of `node`'s params that its known input lacks (none when the input is unknown). */
export function missingColumnsOf(
	def: NodeDefinition,
	node: string,
	params: Readonly<Record<string, unknown>>,
	input: DatasetSchema | null
): MissingColumn[] {
	if (!input) return [];
	return Object.entries(def.params).flatMap(([param, spec]) =>
		absentColumns(spec, params[param], input.columns).map((column) => ({ node, param, column, message: notInInput(column) }))
	);
}

/** Every column param in `doc` that names a column its (propagated) input lacks: found before a run. */
export function missingColumns(doc: PipelineDocument, registry: Registry, schemas: PropagatedSchemas): MissingColumn[] {
	const found: MissingColumn[] = [];
	for (const node of doc.nodes) {
		const def = node.inert ? undefined : registry.get(node.type);
		const port = def ? columnsPort(def) : undefined;
		if (!def || !port) continue;
		found.push(...missingColumnsOf(def, node.id, node.params, propagatedInput(doc, schemas, node.id, port)));
	}
	return found;
}
