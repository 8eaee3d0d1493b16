import type { EngineApi, StoredResult } from '../src/lib/core/engine/api';
import { planRun } from '../src/lib/core/engine/plan';
import { planSignatures } from '../src/lib/core/engine/plan-signatures';
import type { RunResult } from '../src/lib/core/engine/run';
import { propagatedInput, propagateSchemas, sourceRefs } from '../src/lib/core/engine/schemas';
import { storedResult, summariseNode } from '../src/lib/core/engine/summaries';
import { rowWindow } from '../src/lib/core/frame/display';
import { schemaOf } from '../src/lib/core/frame/frame';
import type { FrameSchema } from '../src/lib/core/frame/types';
import type { NodeOutputs } from '../src/lib/core/nodes/define';
import type { Registry } from '../src/lib/core/nodes/registry';
import { getResults, putResults, storedSignatures, touchResults } from '../src/lib/persistence/results';
import type { EngineSources } from './engine-sources';

/** What the page reads of node results: summaries, windows of rows, an input's columns, what is known without running. */
export type ResultsApi = Pick<EngineApi, 'savedResults' | 'result' | 'rows' | 'inputSchema'>;

/**
 * The results the engine holds per node: the last outputs of every node that ran (in memory),
 * and the stored results that stand in for nodes a run skipped or a reopened project knows.
 */
export interface NodeResults extends ResultsApi {
	/** node id → the outputs of its last run (the registry and model files read models from here). */
	readonly outputs: Map<string, NodeOutputs>;
	/** Whether a node is known only from a stored result (no outputs in memory). */
	isRestored(node: string): boolean;
	/** Results of another project must not show through: node ids are unique per document only. */
	switchProject(project: string | null): void;
	/** Takes in what a run produced, skipped (stored results) and failed. */
	absorb(result: RunResult): void;
	/**
	 * Keep the summary of every node that finished (not one in `partial`, that kept a partial
	 * model on Cancel); mark those read from storage as used. Throws on a full quota.
	 */
	keep(result: RunResult, partial: ReadonlySet<string>, project: string | null): Promise<void>;
}

export interface NodeResultsDeps {
	readonly registry: Registry;
	readonly sources: EngineSources;
	readonly registeredModelKey: (name: string, version: number | null) => Promise<string>;
}

export function createNodeResults(deps: NodeResultsDeps): NodeResults {
	const outputs = new Map<string, NodeOutputs>();
	/** node id → the signature of the outputs held for it in `outputs`. */
	const outputSignatures = new Map<string, string>();
	/**
	 * node id → signature of a stored result that stands in for it (issue 11): a node a run
	 * skipped, or one found on opening the project. It has no outputs in memory.
	 */
	const restored = new Map<string, string>();
	let outputsProject: string | null = null;

	function switchProject(project: string | null): void {
		if (project === outputsProject) return;
		outputs.clear();
		outputSignatures.clear();
		restored.clear();
		outputsProject = project;
	}

	/** The stored body for a node known only from a stored result, or null (evicted, unreadable). */
	async function restoredBody(node: string): Promise<StoredResult | null> {
		const signature = restored.get(node);
		if (!signature) return null;
		const found = await getResults([signature]).catch(() => new Map<string, unknown>());
		return (found.get(signature) as StoredResult | undefined) ?? null;
	}

	return {
		outputs,
		isRestored: (node) => restored.has(node),
		switchProject,

		absorb(result) {
			for (const [id, out] of result.outputs) {
				outputs.set(id, out);
				outputSignatures.set(id, result.signatures.get(id)!);
				restored.delete(id);
			}
			for (const id of result.restored) {
				outputs.delete(id);
				outputSignatures.delete(id);
				restored.set(id, result.signatures.get(id)!);
			}
			for (const id of result.errors.keys()) {
				outputs.delete(id);
				outputSignatures.delete(id);
				restored.delete(id);
			}
		},

		async keep(result, partial, project) {
			const put: { signature: string; project: string | null; body: StoredResult }[] = [];
			const touch: string[] = [];
			for (const [id, out] of result.outputs) {
				const key = result.keys.get(id);
				if (!key || partial.has(id)) continue;
				if (result.stored.has(key.signature)) touch.push(key.signature);
				else put.push({ signature: key.signature, project, body: storedResult(out) });
			}
			for (const id of result.restored) touch.push(result.signatures.get(id)!);
			await touchResults(touch);
			await putResults(put);
		},

		async savedResults(doc, options) {
			switchProject(options.project ?? null);
			const plan = planRun(doc, deps.registry);
			// A source that cannot be read (a dataset not in this browser) leaves its nodes out.
			const { keys } = await planSignatures(plan, {
				seed: doc.seeds.global,
				backend: options.backend,
				sourceHash: (ref) => deps.sources.hash(ref),
				world: { registeredModelKey: deps.registeredModelKey }
			});
			const known: string[] = [];
			const lookup = new Map<string, string>();
			for (const [id, key] of keys) {
				if (outputs.has(id) && outputSignatures.get(id) === key.signature) known.push(id);
				else lookup.set(id, key.signature);
			}
			const stored = await storedSignatures([...lookup.values()]).catch(() => new Set<string>());
			for (const [id, signature] of lookup) {
				if (!stored.has(signature)) continue;
				outputs.delete(id);
				outputSignatures.delete(id);
				restored.set(id, signature);
				known.push(id);
			}
			return known;
		},

		async result(node) {
			const out = outputs.get(node);
			if (out) return summariseNode(node, out);
			const body = await restoredBody(node);
			if (!body) return null;
			const rows = Object.fromEntries(Object.entries(body.windows).map(([port, w]) => [port, w.rows.length]));
			return { node, ports: body.ports, restored: { rows } };
		},

		async rows(node, port, offset, limit) {
			const value = outputs.get(node)?.[port];
			if (!value) {
				// Known from a stored result: its first rows were kept, and only those.
				const w = (await restoredBody(node))?.windows[port];
				if (!w) return null;
				if (offset >= w.rows.length && offset < w.total)
					throw new Error(
						`Only the first ${w.rows.length} rows of this table were kept from an earlier run. Press Run to here on this node to page through all ${w.total}.`
					);
				return { total: w.total, offset, columns: w.columns, rows: w.rows.slice(offset, offset + Math.min(limit, 1000)) };
			}
			if (value.kind !== 'dataset') return null;
			const w = rowWindow(value.frame, offset, Math.min(limit, 1000));
			return { total: value.frame.rowCount, offset, columns: w.columns, rows: w.rows };
		},

		async inputSchema(doc, node, port) {
			const edge = doc.edges.find((e) => e.to.node === node && e.to.port === port);
			if (!edge) return null;
			const value = outputs.get(edge.from.node)?.[edge.from.port];
			if (value) return value.kind === 'dataset' ? schemaOf(value.frame) : null;
			const stored = (await restoredBody(edge.from.node))?.ports[edge.from.port];
			if (stored?.kind === 'dataset') return stored.schema;
			// Not run: what the graph declares, from the sources' schemas (engine/schemas.ts).
			const known = new Map<string, FrameSchema | null>();
			for (const ref of sourceRefs(doc, deps.registry)) known.set(deps.sources.key(ref), await deps.sources.schema(ref));
			const schemas = propagateSchemas(doc, deps.registry, (ref) => known.get(deps.sources.key(ref)) ?? null);
			return propagatedInput(doc, schemas, node, port)?.columns ?? null;
		}
	};
}
