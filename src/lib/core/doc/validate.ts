/**
 * Turns a sanitised, envelope-migrated raw document into a PipelineDocument, judging
 * everything a file could get wrong. Two outcomes per problem:
 * - errors refuse the file: the structure cannot be trusted (ids, counts, positions);
 * - warnings let it open: one bad edge, param or dataset entry is dropped or reset and
 *   named, so a person loses one wire rather than the whole pipeline.
 * Every message says where: node id and type, edge id, param name or JSON path.
 */
import type { NodeTypeInfo, NodeTypeLookup } from '../nodes/define';
import { paramError, normaliseParams, type ParamValue } from '../nodes/params';
import { describeNode, edgeProblem, hasCycle, wouldCreateCycle } from './graph';
import { readAnnotations } from './annotations';
import { migrateNodeParams } from './migrations';
import { has, isNonNegativeInteger, isRecord, own, show, type RawRecord } from './raw';
import { DOC_FORMAT, type DataEntry, type DocEdge, type DocNode, type PipelineDocument, type PortRef } from './types';

export const DOC_LIMITS = {
	maxNodes: 2_000,
	maxEdges: 10_000,
	maxIdLength: 100,
	maxLabelLength: 200,
	maxDataEntries: 1_000
} as const;

export interface ReadOutcome {
	readonly doc: PipelineDocument | null;
	readonly errors: string[];
	readonly warnings: string[];
	/** Something in the file is newer than this app; saving would lose it. */
	readonly readOnly: boolean;
}

const KNOWN_TOP = new Set(['format', 'schema', 'meta', 'nodes', 'edges', 'seeds', 'data', 'frames', 'notes']);

class Reader {
	readonly errors: string[] = [];
	readonly warnings: string[] = [];
	readOnly = false;
}

function isParamValue(v: unknown): v is ParamValue {
	return (
		v === null ||
		typeof v === 'string' ||
		typeof v === 'number' ||
		typeof v === 'boolean' ||
		(Array.isArray(v) && v.every((s) => typeof s === 'string'))
	);
}

function plainParams(entries: Iterable<[string, ParamValue]>): Record<string, ParamValue> {
	// fromEntries defines own properties, so even an odd key could never reach a prototype.
	return Object.fromEntries([...entries].map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
}

function validId(v: unknown): v is string {
	return typeof v === 'string' && v.length > 0 && v.length <= DOC_LIMITS.maxIdLength;
}

function readSequences(raw: RawRecord, r: Reader): Map<string, number> {
	const out = new Map<string, number>();
	const schema = own(raw, 'schema');
	const seq = isRecord(schema) ? own(schema, 'sequences') : undefined;
	if (!isRecord(seq)) return out;
	for (const key of Object.keys(seq)) {
		const v = seq[key];
		if (key !== 'doc' && !key.startsWith('node:')) {
			r.warnings.push(`schema.sequences[${JSON.stringify(key)}]: unknown sequence, ignored`);
			continue;
		}
		if (!isNonNegativeInteger(v) || (key !== 'doc' && v < 1)) {
			r.errors.push(`schema.sequences[${JSON.stringify(key)}]: expected a version number, got ${show(v)}`);
			continue;
		}
		out.set(key, v);
	}
	return out;
}

function readMeta(raw: RawRecord, r: Reader): PipelineDocument['meta'] {
	const meta = own(raw, 'meta');
	const m: RawRecord = isRecord(meta) ? meta : {};
	if (!isRecord(meta)) r.warnings.push('meta: missing; the pipeline is called "Untitled pipeline"');
	const text = (key: string, fallback: string): string => {
		const v = own(m, key);
		if (typeof v === 'string' && v.length <= DOC_LIMITS.maxLabelLength) return v;
		if (v !== undefined || isRecord(meta)) r.warnings.push(`meta.${key}: expected short text, got ${show(v)}; ignored`);
		return fallback;
	};
	const name = text('name', 'Untitled pipeline');
	const created = text('created', '');
	const modified = text('modified', created);
	const out = { name, created, modified };
	if (own(m, 'app') === undefined) return out;
	return { ...out, app: text('app', '') };
}

/** A node's params after its type's migrations and the schema's checks. */
function readParams(
	node: { id: string; type: string },
	info: NodeTypeInfo,
	fileVersion: number,
	given: RawRecord,
	r: Reader
): Record<string, ParamValue> {
	const where = describeNode(node);
	let upgraded: Readonly<Record<string, unknown>> = given;
	if (fileVersion < info.version) {
		try {
			upgraded = migrateNodeParams(info, fileVersion, given);
		} catch (e) {
			r.warnings.push(
				`${where}: could not upgrade its params from version ${fileVersion} (${e instanceof Error ? e.message : String(e)}); all params reset to defaults`
			);
			upgraded = {};
		}
	}
	const { params } = normaliseParams(info.params, upgraded);
	for (const name of Object.keys(upgraded)) {
		if (!has(info.params, name)) {
			r.warnings.push(`${where}: unknown param "${name}" ignored`);
			continue;
		}
		const problem = paramError(info.params[name], upgraded[name]);
		if (problem)
			r.warnings.push(
				`${where}, param "${name}": ${problem}, got ${show(upgraded[name])}; reset to the default ${show(info.params[name].default)}`
			);
	}
	return plainParams(Object.entries(params));
}

/** Params of a node nobody can check: keep what is plain JSON so saving loses nothing. */
function keepParams(node: { id: string; type: string }, given: RawRecord, r: Reader): Record<string, ParamValue> {
	const kept: [string, ParamValue][] = [];
	for (const [k, v] of Object.entries(given)) {
		if (isParamValue(v)) kept.push([k, v]);
		else r.warnings.push(`${describeNode(node)}, param "${k}": not a plain value; dropped`);
	}
	return plainParams(kept);
}

interface NodeRead {
	readonly nodes: DocNode[];
	/** The type info for nodes that can run; inert nodes are absent. */
	readonly live: Map<string, NodeTypeInfo>;
	readonly sequences: Record<string, number>;
}

function readNodes(raw: RawRecord, lookup: NodeTypeLookup, fileSeq: Map<string, number>, r: Reader): NodeRead {
	const list = own(raw, 'nodes');
	const out: NodeRead = { nodes: [], live: new Map(), sequences: {} };
	if (!Array.isArray(list)) {
		r.errors.push(`nodes: expected a list of nodes, got ${show(list)}`);
		return out;
	}
	if (list.length > DOC_LIMITS.maxNodes) {
		r.errors.push(`nodes: the file has ${list.length} nodes; the limit is ${DOC_LIMITS.maxNodes}`);
		return out;
	}
	const seen = new Set<string>();
	list.forEach((n: unknown, i) => {
		const path = `nodes[${i}]`;
		if (!isRecord(n)) return r.errors.push(`${path}: expected a node object, got ${show(n)}`);
		const id = own(n, 'id');
		const type = own(n, 'type');
		if (!validId(id))
			return r.errors.push(`${path}.id: expected a non-empty id of at most ${DOC_LIMITS.maxIdLength} characters, got ${show(id)}`);
		if (seen.has(id)) return r.errors.push(`${path}.id: the id "${id}" is used by more than one node`);
		seen.add(id);
		if (!validId(type)) return r.errors.push(`${path}.type (node "${id}"): expected a node type, got ${show(type)}`);
		const pos = own(n, 'position');
		const x = isRecord(pos) ? own(pos, 'x') : undefined;
		const y = isRecord(pos) ? own(pos, 'y') : undefined;
		if (typeof x !== 'number' || typeof y !== 'number') return r.errors.push(`${path}.position (node "${id}"): expected { x, y } numbers`);
		const rawParams = own(n, 'params') ?? {};
		const given: RawRecord = isRecord(rawParams) ? rawParams : {};
		if (!isRecord(rawParams))
			r.warnings.push(`${describeNode({ id, type })}: params were ${show(rawParams)}, not an object; defaults used`);

		const key = `node:${type}`;
		const fileVersion = fileSeq.get(key) ?? 1;
		const info = lookup.get(type);
		let node: DocNode;
		if (!info) {
			const reason = `unknown node type "${type}"`;
			r.warnings.push(`${describeNode({ id, type })}: ${reason}; kept, but it will not run`);
			node = { id, type, params: keepParams({ id, type }, given, r), position: { x, y }, inert: { reason } };
			if (fileSeq.has(key)) out.sequences[key] = fileVersion;
		} else if (fileVersion > info.version) {
			const reason = `made by a newer version of Tessera (${type} version ${fileVersion}; this app knows up to ${info.version})`;
			r.warnings.push(`${describeNode({ id, type })}: ${reason}; kept, but it will not run, and the pipeline is read-only`);
			r.readOnly = true;
			node = { id, type, params: keepParams({ id, type }, given, r), position: { x, y }, inert: { reason } };
			out.sequences[key] = fileVersion;
		} else {
			node = { id, type, params: readParams({ id, type }, info, fileVersion, given, r), position: { x, y } };
			out.live.set(id, info);
			out.sequences[key] = info.version;
		}
		const label = own(n, 'label');
		if (typeof label === 'string' && label.length <= DOC_LIMITS.maxLabelLength) node = { ...node, label };
		else if (label !== undefined) r.warnings.push(`${describeNode(node)}: label ${show(label)} is not short text; ignored`);
		out.nodes.push(node);
	});
	return out;
}

function readRef(v: unknown): PortRef | null {
	if (!isRecord(v)) return null;
	const node = own(v, 'node');
	const port = own(v, 'port');
	return validId(node) && validId(port) ? { node, port } : null;
}

function readEdges(raw: RawRecord, nodes: NodeRead, r: Reader): DocEdge[] {
	const list = own(raw, 'edges') ?? [];
	if (!Array.isArray(list)) {
		r.errors.push(`edges: expected a list of edges, got ${show(list)}`);
		return [];
	}
	if (list.length > DOC_LIMITS.maxEdges) {
		r.errors.push(`edges: the file has ${list.length} edges; the limit is ${DOC_LIMITS.maxEdges}`);
		return [];
	}
	const byId = new Map(nodes.nodes.map((n) => [n.id, n]));
	const ids = new Set<string>();
	const fedInputs = new Set<string>();
	const kept: DocEdge[] = [];
	list.forEach((e: unknown, i) => {
		const path = `edges[${i}]`;
		const id = isRecord(e) ? own(e, 'id') : undefined;
		if (!validId(id))
			return r.errors.push(`${path}.id: expected a non-empty id of at most ${DOC_LIMITS.maxIdLength} characters, got ${show(id)}`);
		if (ids.has(id)) return r.errors.push(`${path}.id: the id "${id}" is used by more than one edge`);
		ids.add(id);
		const rec = e as RawRecord;
		const from = readRef(own(rec, 'from'));
		const to = readRef(own(rec, 'to'));
		const drop = (why: string): void => void r.warnings.push(`edge "${id}" (${path}): ${why}; the connection was removed`);
		if (!from || !to) return drop('expected from and to as { node, port }');
		const fromNode = byId.get(from.node);
		const toNode = byId.get(to.node);
		if (!fromNode) return drop(`node "${from.node}" does not exist`);
		if (!toNode) return drop(`node "${to.node}" does not exist`);
		const problem = edgeProblem(fromNode, nodes.live.get(from.node), from, toNode, nodes.live.get(to.node), to);
		if (problem) return drop(problem);
		const input = JSON.stringify([to.node, to.port]);
		if (fedInputs.has(input)) return drop(`input "${to.port}" of ${describeNode(toNode)} is already connected`);
		fedInputs.add(input);
		kept.push({ id, from, to });
	});
	if (!hasCycle(byId.keys(), kept)) return kept;
	// Rare and only in a damaged file: redo edge by edge, dropping each one that closes a loop.
	const acyclic: DocEdge[] = [];
	for (const e of kept) {
		if (wouldCreateCycle(acyclic, e.from.node, e.to.node))
			r.warnings.push(`edge "${e.id}": it closes a loop through node "${e.from.node}" and node "${e.to.node}"; the connection was removed`);
		else acyclic.push(e);
	}
	return acyclic;
}

function readData(raw: RawRecord, r: Reader): DataEntry[] {
	const list = own(raw, 'data') ?? [];
	if (!Array.isArray(list) || list.length > DOC_LIMITS.maxDataEntries) {
		r.errors.push(`data: expected a list of at most ${DOC_LIMITS.maxDataEntries} datasets`);
		return [];
	}
	const names = new Set<string>();
	const out: DataEntry[] = [];
	list.forEach((d: unknown, i) => {
		const path = `data[${i}]`;
		const drop = (why: string): void => void r.warnings.push(`${path}: ${why}; this dataset entry was ignored`);
		if (!isRecord(d)) return drop(`expected a dataset entry, got ${show(d)}`);
		const name = own(d, 'name');
		const hash = own(d, 'hash');
		const rows = own(d, 'rows');
		const bytes = own(d, 'bytes');
		const embedded = own(d, 'embedded');
		if (typeof name !== 'string' || !name || name.length > DOC_LIMITS.maxLabelLength) return drop('expected a name');
		if (names.has(name)) return drop(`the name "${name}" is used twice`);
		if (typeof hash !== 'string' || hash.length > DOC_LIMITS.maxLabelLength) return drop(`dataset "${name}" has no content hash`);
		if (rows !== undefined && !isNonNegativeInteger(rows)) return drop(`dataset "${name}": rows must be a whole number`);
		if (bytes !== undefined && !isNonNegativeInteger(bytes)) return drop(`dataset "${name}": bytes must be a whole number`);
		let entry: DataEntry = { name, hash, ...(rows === undefined ? {} : { rows }), ...(bytes === undefined ? {} : { bytes }) };
		if (embedded !== undefined) {
			const text = isRecord(embedded) ? own(embedded, 'text') : undefined;
			if (!isRecord(embedded) || own(embedded, 'format') !== 'csv' || typeof text !== 'string')
				return drop(`dataset "${name}": embedded data must be { format: "csv", text }`);
			entry = { ...entry, embedded: { format: 'csv', text } };
		}
		names.add(name);
		out.push(entry);
	});
	return out;
}

/**
 * Reads a raw document at the current envelope format. `docVersion` is what the file
 * says; when it is newer than this app the result keeps it, so nothing downgrades it.
 */
export function readDocument(raw: RawRecord, lookup: NodeTypeLookup, docVersion: number): ReadOutcome {
	const r = new Reader();
	if (own(raw, 'format') !== DOC_FORMAT)
		return { doc: null, errors: ['this is not a Tessera pipeline file'], warnings: [], readOnly: false };
	for (const key of Object.keys(raw)) if (!KNOWN_TOP.has(key)) r.warnings.push(`${key}: unknown field, ignored`);
	const fileSeq = readSequences(raw, r);
	const meta = readMeta(raw, r);
	const nodes = readNodes(raw, lookup, fileSeq, r);
	const edges = r.errors.length === 0 ? readEdges(raw, nodes, r) : [];
	const seedsRaw = own(raw, 'seeds');
	const seed = isRecord(seedsRaw) ? own(seedsRaw, 'global') : undefined;
	if (!isNonNegativeInteger(seed) || seed > 0xffffffff)
		r.errors.push(`seeds.global: expected a whole number from 0 to ${0xffffffff}, got ${show(seed)}`);
	const data = readData(raw, r);
	const { frames, notes } = readAnnotations(raw, new Set(nodes.nodes.map((n) => n.id)), r);
	if (r.errors.length > 0) return { doc: null, errors: r.errors, warnings: r.warnings, readOnly: r.readOnly };
	const sequences: Record<string, number> = { doc: docVersion };
	for (const key of Object.keys(nodes.sequences).sort()) sequences[key] = nodes.sequences[key];
	const doc: PipelineDocument = {
		format: DOC_FORMAT,
		schema: { sequences },
		meta,
		nodes: nodes.nodes,
		edges,
		seeds: { global: seed as number },
		data,
		frames,
		notes
	};
	return { doc, errors: [], warnings: r.warnings, readOnly: r.readOnly };
}
