import { CacheKeyHasher, stableStringify } from '../util/hash';
import type { ParamValues } from '../nodes/params';

/**
 * The cache key of a node's output: its type and version, params, the signatures of
 * its inputs by port, the content hash of its source, the document seed when the node
 * follows it (null: it has no seed param, or its own seed, which is in its params) and, for
 * a node whose results depend on it (`usesBackend`), the backend asked for; for a node that
 * reads state outside the document, its fingerprint of that state.
 * Ids and positions stay out, so moving or renaming a node never re-runs it.
 */
export function nodeSignature(parts: {
	type: string;
	version: number;
	params: ParamValues;
	inputs: ReadonlyMap<string, string>;
	sourceHash: string | null;
	seed: number | null;
	/** The backend choice; omitted for nodes whose results do not depend on it (their key is as before it was added). */
	backend?: string;
	/** What outside the document the node reads (the model version it would load); omitted for the others. */
	fingerprint?: string;
}): string {
	const h = new CacheKeyHasher();
	h.string(parts.type).string(String(parts.version)).string(stableStringify(parts.params));
	for (const port of [...parts.inputs.keys()].sort()) h.string(port).string(parts.inputs.get(port)!);
	h.string(parts.sourceHash ?? '-').string(parts.seed === null ? '-' : String(parts.seed));
	if (parts.backend !== undefined) h.string('backend').string(parts.backend);
	if (parts.fingerprint !== undefined) h.string('fingerprint').string(parts.fingerprint);
	return h.digest();
}
