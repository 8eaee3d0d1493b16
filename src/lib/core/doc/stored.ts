/**
 * A pipeline document read back from storage (a project, an experiment, a registry version)
 * was written by whichever Tessera saved it, possibly an earlier one: a project saved before
 * frames and notes existed has no `frames` list, a node saved before its params changed has
 * the old ones. Every stored document goes through this before the app uses it, so a stored
 * document is upgraded by the same migrations and checks as an opened file (`parseDocument`),
 * one path for both.
 */
import type { NodeTypeLookup } from '../nodes/define';
import { docVersionOf } from './migrations';
import { isRecord } from './raw';
import { parseDocument, type ParseResult } from './serialise';
import { DOC_VERSION, type PipelineDocument } from './types';

/** True when `doc` was written in today's format with every node at its type's current version. */
export function isCurrentDocument(doc: unknown, lookup: NodeTypeLookup): doc is PipelineDocument {
	if (!isRecord(doc)) return false;
	const version = docVersionOf(doc);
	if (!version.ok || version.version !== DOC_VERSION) return false;
	const { schema, nodes, frames, notes } = doc as Partial<PipelineDocument>;
	if (!schema || !Array.isArray(nodes) || !Array.isArray(frames) || !Array.isArray(notes)) return false;
	return nodes.every((n) => {
		const info = lookup.get(n.type);
		return !info || (schema.sequences[`node:${n.type}`] ?? 1) === info.version;
	});
}

/**
 * The stored document in today's shape: as it is when it already is (no copy), else migrated
 * and checked as a file would be. A document that cannot be read says why, as opening a file does.
 */
export function upgradeStoredDocument(doc: unknown, lookup: NodeTypeLookup): ParseResult {
	if (isCurrentDocument(doc, lookup)) return { ok: true, doc, warnings: [], readOnly: false };
	return parseDocument(JSON.stringify(doc), lookup);
}
