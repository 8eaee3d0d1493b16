import type { BackendChoice, DataSourceRef, NodeWorld } from '../nodes/define';
import { followsDocumentSeed, normaliseParams, resolveSeeds, type ParamValues } from '../nodes/params';
import type { Plan } from './plan';
import { nodeSignature } from './signature';

/** What identifies one planned node's result before it runs. */
export interface NodeKey {
	/** The cache key of its outputs (signature.ts). */
	readonly signature: string;
	/** Its params, defaults filled in and validated, and a seed that follows the document seed resolved to it: what it runs with. */
	readonly params: ParamValues;
}

export interface PlannedSignatures {
	/** node id → key, for every planned node whose key could be computed. */
	readonly keys: ReadonlyMap<string, NodeKey>;
	/** node id → why its key could not be computed (invalid params, an unreadable source). */
	readonly errors: ReadonlyMap<string, unknown>;
}

/**
 * Every planned node's signature, computed without running anything: the one place a
 * signature is made (runPipeline and the lookup of stored results both use it). A node
 * whose upstream has no key gets none either; it cannot run.
 */
export async function planSignatures(
	plan: Plan,
	opts: {
		readonly seed: number;
		readonly backend: BackendChoice;
		readonly sourceHash: (ref: DataSourceRef) => Promise<string>;
		/** State outside the document that fingerprints read (the model registry), where the host has it. */
		readonly world?: NodeWorld;
	}
): Promise<PlannedSignatures> {
	const keys = new Map<string, NodeKey>();
	const errors = new Map<string, unknown>();
	for (const p of plan.order) {
		const id = p.node.id;
		try {
			const inputs = new Map<string, string>();
			let missing = false;
			for (const [port, e] of p.inputs) {
				const up = keys.get(e.from.node);
				if (!up) {
					missing = true;
					break;
				}
				inputs.set(port, `${up.signature}:${e.from.port}`);
			}
			if (missing) continue;
			const { params, errors: paramErrors } = normaliseParams(p.def.params, p.node.params);
			if (paramErrors.length) throw new Error(`invalid parameters: ${paramErrors.join('; ')}`);
			const ref = p.def.source?.(params) ?? null;
			const sourceHash = ref ? await opts.sourceHash(ref) : null;
			// State outside the document (the registry's version in use) joins the key as the node
			// describes it: unchanged, the node is served from the caches; changed, it runs again.
			const fingerprint = p.def.fingerprint ? await p.def.fingerprint(params, opts.world ?? {}) : undefined;
			// The document seed is part of the key of exactly the nodes that follow it (a seed param
			// left empty): changing it re-runs them, and leaves nodes with their own seed, or none, cached.
			const signature = nodeSignature({
				type: p.def.type,
				version: p.def.version,
				params,
				inputs,
				sourceHash,
				seed: followsDocumentSeed(p.def.params, params) ? opts.seed : null,
				...(p.def.usesBackend ? { backend: opts.backend } : {}),
				...(fingerprint !== undefined ? { fingerprint } : {})
			});
			const runs = resolveSeeds(p.def.params, params, opts.seed);
			keys.set(id, { signature, params: runs });
		} catch (e) {
			errors.set(id, e);
		}
	}
	return { keys, errors };
}

/**
 * The planned nodes a run may skip because a stored result stands in for them: a node is
 * skipped when its result is stored (`stored` holds its signature) and every node after it
 * in the plan is skipped too, so nobody needs its outputs in memory. The nodes in `keep`
 * never are (what "Run to here" asked for: the person wants them live).
 */
export function skippableNodes(
	plan: Plan,
	keys: ReadonlyMap<string, NodeKey>,
	stored: ReadonlySet<string>,
	keep: ReadonlySet<string> = new Set()
): Set<string> {
	const planned = new Set(plan.order.map((p) => p.node.id));
	const children = new Map<string, string[]>();
	for (const p of plan.order)
		for (const e of p.inputs.values())
			if (planned.has(e.from.node)) (children.get(e.from.node) ?? children.set(e.from.node, []).get(e.from.node)!).push(p.node.id);
	const skip = new Set<string>();
	// Plan order is topological: walking it backwards sees every child before its parents.
	for (let i = plan.order.length - 1; i >= 0; i--) {
		const id = plan.order[i].node.id;
		const key = keys.get(id);
		if (!key || keep.has(id) || !stored.has(key.signature)) continue;
		if ((children.get(id) ?? []).every((c) => skip.has(c))) skip.add(id);
	}
	return skip;
}
