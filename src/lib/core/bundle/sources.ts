import type { PipelineDocument } from '../doc/types';
import type { DataSourceRef } from '../nodes/define';

/** The part of the node registry this module reads: where a node's data comes from. */
export interface SourceLookup {
	get(type: string): { readonly source?: (params: never) => DataSourceRef | null } | undefined;
}

/** An uploaded dataset a pipeline reads, with the nodes that read it. */
export interface StoredSource {
	readonly name: string;
	/** Empty when the file predates recorded hashes. */
	readonly hash: string;
	readonly nodes: readonly string[];
}

function storedRef(lookup: SourceLookup, type: string, params: unknown): { name: string; hash: string } | null {
	const source = lookup.get(type)?.source as ((p: unknown) => DataSourceRef | null) | undefined;
	if (!source) return null;
	try {
		const ref = source(params);
		return ref?.kind === 'stored' ? { name: ref.name, hash: ref.hash } : null;
	} catch {
		// A Dataset node with no file chosen yet reads nothing.
		return null;
	}
}

/** The uploaded datasets `doc` reads (samples ship with the app), one per name and hash. */
export function storedSources(doc: PipelineDocument, lookup: SourceLookup): StoredSource[] {
	const byKey = new Map<string, StoredSource>();
	for (const node of doc.nodes) {
		const ref = storedRef(lookup, node.type, node.params);
		if (!ref) continue;
		const key = `${ref.name}\u0000${ref.hash}`;
		const known = byKey.get(key);
		byKey.set(key, { ...ref, nodes: [...(known?.nodes ?? []), node.id] });
	}
	return [...byKey.values()];
}

/** A dataset's new identity: the bundled file's hash, rows and size. */
export interface Rehash {
	readonly name: string;
	readonly from: string;
	readonly hash: string;
	readonly rows: number;
	readonly bytes: number;
	readonly nodes: readonly string[];
}

/**
 * The document naming the bundled files: each reading node's `hash` param and the data list
 * entry take the new hash (the entry its rows and size too), so the pipeline and the files
 * it travels with agree. Nothing else changes.
 */
export function rehashDocument(doc: PipelineDocument, changes: readonly Rehash[]): PipelineDocument {
	const byNode = new Map<string, Rehash>();
	for (const c of changes) for (const n of c.nodes) byNode.set(n, c);
	const nodes = doc.nodes.map((n) => {
		const c = byNode.get(n.id);
		return c ? { ...n, params: { ...n.params, hash: c.hash } } : n;
	});
	const data = doc.data.filter((d) => !changes.some((c) => c.name === d.name && (!c.from || !d.hash || c.from === d.hash)));
	for (const c of changes) data.push({ name: c.name, hash: c.hash, rows: c.rows, bytes: c.bytes });
	return { ...doc, nodes, data };
}
