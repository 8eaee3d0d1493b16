/**
 * Writing and opening pipeline files. Writing is canonical (fixed key order, params and
 * sequences sorted, nodes and edges in document order) so the same document always gives
 * the same bytes: files diff cleanly and a saved fixture round-trips exactly. Opening
 * treats the text as hostile; see safe-json.ts and validate.ts.
 */
import type { NodeTypeLookup } from '../nodes/define';
import { docVersionOf, migrateEnvelope } from './migrations';
import { isRecord } from './raw';
import { formatBytes, safeJsonParse } from './safe-json';
import {
	DOC_FORMAT,
	DOC_VERSION,
	type DataEntry,
	type DocEdge,
	type DocFrame,
	type DocNode,
	type DocNote,
	type PipelineDocument
} from './types';
import { readDocument } from './validate';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const MAX_DEPTH = 32;

export interface ParseOptions {
	/** Largest file accepted, in UTF-8 bytes (default 20 MB). */
	readonly maxBytes?: number;
}

export type ParseResult =
	| {
			readonly ok: true;
			readonly doc: PipelineDocument;
			/** Things dropped, reset or flagged, each naming where. */
			readonly warnings: string[];
			/** The file holds something newer than this app; saving over it would lose that. */
			readonly readOnly: boolean;
	  }
	| { readonly ok: false; readonly errors: string[] };

function sorted<T>(record: Readonly<Record<string, T>>): Record<string, T> {
	return Object.fromEntries(
		Object.keys(record)
			.sort()
			.map((k) => [k, record[k]])
	);
}

function nodeOut(n: DocNode): Record<string, unknown> {
	// `inert` is not written: it is worked out again on every open from the type and version.
	const out: Record<string, unknown> = { id: n.id, type: n.type };
	if (n.label !== undefined) out.label = n.label;
	out.position = { x: n.position.x, y: n.position.y };
	out.params = sorted(n.params);
	return out;
}

function edgeOut(e: DocEdge): Record<string, unknown> {
	return { id: e.id, from: { node: e.from.node, port: e.from.port }, to: { node: e.to.node, port: e.to.port } };
}

function dataOut(d: DataEntry): Record<string, unknown> {
	const out: Record<string, unknown> = { name: d.name, hash: d.hash };
	if (d.rows !== undefined) out.rows = d.rows;
	if (d.bytes !== undefined) out.bytes = d.bytes;
	if (d.embedded) out.embedded = { format: d.embedded.format, text: d.embedded.text };
	return out;
}

function frameOut(f: DocFrame): Record<string, unknown> {
	return {
		id: f.id,
		title: f.title,
		colour: f.colour,
		position: { x: f.position.x, y: f.position.y },
		size: { width: f.size.width, height: f.size.height },
		collapsed: f.collapsed
	};
}

function noteOut(n: DocNote): Record<string, unknown> {
	return { id: n.id, text: n.text, position: { x: n.position.x, y: n.position.y }, size: { width: n.size.width, height: n.size.height } };
}

/** The file text for a document: pretty, canonical, ending in a newline. */
export function serialiseDocument(doc: PipelineDocument): string {
	const meta: Record<string, unknown> = { name: doc.meta.name, created: doc.meta.created, modified: doc.meta.modified };
	if (doc.meta.app !== undefined) meta.app = doc.meta.app;
	const file = {
		format: doc.format,
		schema: { sequences: sorted(doc.schema.sequences) },
		meta,
		seeds: { global: doc.seeds.global },
		nodes: doc.nodes.map(nodeOut),
		edges: doc.edges.map(edgeOut),
		data: doc.data.map(dataOut),
		frames: doc.frames.map(frameOut),
		notes: doc.notes.map(noteOut)
	};
	return JSON.stringify(file, null, 2) + '\n';
}

/** Opens a pipeline file: size and shape limits, safe parse, migrations, validation. */
export function parseDocument(text: string, lookup: NodeTypeLookup, opts: ParseOptions = {}): ParseResult {
	const parsed = safeJsonParse(text, { maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES, maxDepth: MAX_DEPTH });
	if (!parsed.ok) return parsed;
	const raw = parsed.value;
	if (!isRecord(raw) || raw.format !== DOC_FORMAT) return { ok: false, errors: ['this is not a Tessera pipeline file'] };
	const version = docVersionOf(raw);
	if (!version.ok) return { ok: false, errors: [version.error] };

	const warnings = [...parsed.warnings];
	let current: Record<string, unknown> = raw;
	const newer = version.version > DOC_VERSION;
	if (newer) {
		warnings.unshift(
			`made by a newer version of Tessera (format ${version.version}; this app reads up to ${DOC_VERSION}) — opened read-only`
		);
	} else {
		try {
			current = migrateEnvelope(raw, version.version);
		} catch (e) {
			return { ok: false, errors: [e instanceof Error ? e.message : String(e)] };
		}
	}
	const read = readDocument(current, lookup, newer ? version.version : DOC_VERSION);
	if (!read.doc) {
		const errors = newer
			? [
					`made by a newer version of Tessera (format ${version.version}; this app reads up to ${DOC_VERSION}) and this app cannot read it`,
					...read.errors
				]
			: read.errors;
		return { ok: false, errors };
	}
	return { ok: true, doc: read.doc, warnings: [...warnings, ...read.warnings], readOnly: newer || read.readOnly };
}

export { formatBytes };
