/**
 * Edit commands. Each takes a document and returns a new one; the input is never
 * mutated, so the state layer can keep old documents as undo history and compare by
 * reference. Commands do not touch `meta.modified` themselves (that would make them
 * depend on the clock); the caller calls `touch` when it saves.
 */
import type { NodeTypeLookup } from '../nodes/define';
import { normaliseParams, paramError, type ParamValue } from '../nodes/params';
import { idPrefixForType, newId } from './create';
import { describeNode, edgeProblem, liveInfo, wouldCreateCycle } from './graph';
import type { DataEntry, DocEdge, DocNode, PipelineDocument, PortRef, Position } from './types';

export type EditResult = { readonly ok: true; readonly doc: PipelineDocument } | { readonly ok: false; readonly error: string };

export type ConnectResult =
	| {
			readonly ok: true;
			readonly doc: PipelineDocument;
			readonly edgeId: string;
			/** The edge that used to feed the same input, now removed. */
			readonly replaced?: string;
	  }
	| { readonly ok: false; readonly reason: string };

export const MAX_LABEL_LENGTH = 200;

function findNode(doc: PipelineDocument, id: string): DocNode | undefined {
	return doc.nodes.find((n) => n.id === id);
}

function withNode(doc: PipelineDocument, id: string, change: (n: DocNode) => DocNode): PipelineDocument {
	return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

function checkPosition(position: Position): Position {
	if (!Number.isFinite(position.x) || !Number.isFinite(position.y))
		throw new RangeError(`node position must be finite, got (${position.x}, ${position.y})`);
	return { x: position.x, y: position.y };
}

/**
 * Adds a node of a known type with its schema defaults, overridden by `params`. Throws
 * on an unknown type or a bad param: the palette only offers known types, so either is
 * a programming error, not something a person can cause.
 */
export function addNode(
	doc: PipelineDocument,
	lookup: NodeTypeLookup,
	type: string,
	position: Position,
	params: Readonly<Record<string, ParamValue>> = {}
): { doc: PipelineDocument; id: string } {
	const info = lookup.get(type);
	if (!info) throw new Error(`unknown node type "${type}"`);
	for (const name of Object.keys(params))
		if (!Object.prototype.hasOwnProperty.call(info.params, name)) throw new Error(`${type} has no param "${name}"`);
	const normal = normaliseParams(info.params, params);
	if (normal.errors.length > 0) throw new Error(`${type}: ${normal.errors.join('; ')}`);
	const id = newId(
		idPrefixForType(type),
		doc.nodes.map((n) => n.id)
	);
	const node: DocNode = { id, type, params: { ...normal.params }, position: checkPosition(position) };
	return {
		id,
		doc: {
			...doc,
			// A file records the version of every node type it uses, so it can be migrated later.
			schema: { sequences: { ...doc.schema.sequences, [`node:${type}`]: info.version } },
			nodes: [...doc.nodes, node]
		}
	};
}

/** Removes a node, every edge touching it, and its type's version once no node of that type is left. */
export function removeNode(doc: PipelineDocument, nodeId: string): PipelineDocument {
	const node = findNode(doc, nodeId);
	if (!node) return doc;
	const nodes = doc.nodes.filter((n) => n.id !== nodeId);
	let sequences = doc.schema.sequences;
	if (!nodes.some((n) => n.type === node.type)) {
		const key = `node:${node.type}`;
		sequences = Object.fromEntries(Object.entries(sequences).filter(([k]) => k !== key));
	}
	return {
		...doc,
		schema: { sequences },
		nodes,
		edges: doc.edges.filter((e) => e.from.node !== nodeId && e.to.node !== nodeId)
	};
}

export function moveNode(doc: PipelineDocument, nodeId: string, position: Position): PipelineDocument {
	if (!findNode(doc, nodeId)) return doc;
	const at = checkPosition(position);
	return withNode(doc, nodeId, (n) => ({ ...n, position: at }));
}

/** Sets one param after checking it against the node type's schema; says why a value is refused. */
export function setParam(doc: PipelineDocument, lookup: NodeTypeLookup, nodeId: string, name: string, value: unknown): EditResult {
	const node = findNode(doc, nodeId);
	if (!node) return { ok: false, error: `there is no node "${nodeId}"` };
	if (node.inert) return { ok: false, error: `${describeNode(node)} cannot be edited: ${node.inert.reason}` };
	const info = lookup.get(node.type);
	if (!info) return { ok: false, error: `${describeNode(node)} cannot be edited: unknown node type "${node.type}"` };
	if (!Object.prototype.hasOwnProperty.call(info.params, name)) return { ok: false, error: `${describeNode(node)} has no param "${name}"` };
	const problem = paramError(info.params[name], value);
	if (problem) return { ok: false, error: `${describeNode(node)}, param "${name}": ${problem}` };
	// paramError accepted it, so it is a ParamValue; copy arrays so the caller's array can change freely.
	const stored = Array.isArray(value) ? [...(value as string[])] : (value as ParamValue);
	return { ok: true, doc: withNode(doc, nodeId, (n) => ({ ...n, params: { ...n.params, [name]: stored } })) };
}

/** Sets a node's label; an empty or blank label removes it, so the title falls back to the type. */
export function setLabel(doc: PipelineDocument, nodeId: string, label: string): PipelineDocument {
	if (!findNode(doc, nodeId)) return doc;
	const text = label.trim().slice(0, MAX_LABEL_LENGTH);
	return withNode(doc, nodeId, (n) => {
		const { label: _old, ...rest } = n;
		void _old;
		return text ? { ...rest, label: text } : rest;
	});
}

/**
 * Connects an output to an input. An input takes one edge, so connecting to an input
 * that is already fed replaces the old edge (reported as `replaced`). Every refusal
 * says why in words a person can act on.
 */
export function connect(doc: PipelineDocument, lookup: NodeTypeLookup, from: PortRef, to: PortRef): ConnectResult {
	const fromNode = findNode(doc, from.node);
	if (!fromNode) return { ok: false, reason: `there is no node "${from.node}"` };
	const toNode = findNode(doc, to.node);
	if (!toNode) return { ok: false, reason: `there is no node "${to.node}"` };
	if (from.node === to.node) return { ok: false, reason: `${describeNode(fromNode)} cannot feed itself` };
	for (const n of [fromNode, toNode])
		if (n.inert) return { ok: false, reason: `${describeNode(n)} cannot be connected: ${n.inert.reason}` };
	const fromInfo = liveInfo(fromNode, lookup);
	const toInfo = liveInfo(toNode, lookup);
	for (const [n, info] of [
		[fromNode, fromInfo],
		[toNode, toInfo]
	] as const)
		if (!info) return { ok: false, reason: `${describeNode(n)} cannot be connected: unknown node type "${n.type}"` };
	const problem = edgeProblem(fromNode, fromInfo, from, toNode, toInfo, to);
	if (problem) return { ok: false, reason: problem };

	const existing = doc.edges.find((e) => e.to.node === to.node && e.to.port === to.port);
	if (existing && existing.from.node === from.node && existing.from.port === from.port) return { ok: true, doc, edgeId: existing.id };
	const others = existing ? doc.edges.filter((e) => e !== existing) : doc.edges;
	if (wouldCreateCycle(others, from.node, to.node))
		return {
			ok: false,
			reason: `connecting ${describeNode(fromNode)} to ${describeNode(toNode)} would create a loop: ${describeNode(toNode)} already feeds ${describeNode(fromNode)}`
		};

	const edgeId = newId(
		'e',
		doc.edges.map((e) => e.id)
	);
	const edge: DocEdge = { id: edgeId, from: { node: from.node, port: from.port }, to: { node: to.node, port: to.port } };
	const next: PipelineDocument = { ...doc, edges: [...others, edge] };
	return existing ? { ok: true, doc: next, edgeId, replaced: existing.id } : { ok: true, doc: next, edgeId };
}

export function disconnect(doc: PipelineDocument, edgeId: string): PipelineDocument {
	if (!doc.edges.some((e) => e.id === edgeId)) return doc;
	return { ...doc, edges: doc.edges.filter((e) => e.id !== edgeId) };
}

/**
 * Points a node at an uploaded dataset: sets its `source`/`name`/`hash` params and records
 * the dataset (name, hash, rows, bytes) in the document's data list, replacing an entry of
 * the same name, so the file tells a teammate what to upload and lets a different file be
 * told apart. Entries no node names any more are dropped.
 */
export function useDataset(doc: PipelineDocument, lookup: NodeTypeLookup, nodeId: string, entry: DataEntry): EditResult {
	let next = doc;
	for (const [name, value] of [
		['source', 'stored'],
		['name', entry.name],
		['hash', entry.hash]
	] as const) {
		const result = setParam(next, lookup, nodeId, name, value);
		if (!result.ok) return result;
		next = result.doc;
	}
	const named = new Set(next.nodes.map((n) => n.params.name).filter((v): v is string => typeof v === 'string'));
	const data = [...next.data.filter((d) => d.name !== entry.name && named.has(d.name)), { ...entry }];
	return { ok: true, doc: { ...next, data } };
}

/** Seeds are unsigned 32-bit integers: that is what the seeded generators consume. */
export function setSeed(doc: PipelineDocument, seed: number): EditResult {
	if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
		return { ok: false, error: `the seed must be a whole number from 0 to ${0xffffffff}, got ${seed}` };
	return { ok: true, doc: { ...doc, seeds: { ...doc.seeds, global: seed } } };
}

export function setName(doc: PipelineDocument, name: string): PipelineDocument {
	return { ...doc, meta: { ...doc.meta, name: name.trim().slice(0, MAX_LABEL_LENGTH) || doc.meta.name } };
}

/** Stamps `meta.modified`; called by whoever saves, with the clock it trusts. */
export function touch(doc: PipelineDocument, now: Date = new Date()): PipelineDocument {
	return { ...doc, meta: { ...doc.meta, modified: now.toISOString() } };
}
