/**
 * Upgrading old files. Two kinds of sequence, as in DESIGN.md §3:
 * - the envelope ("doc"): `docMigrations[i]` turns a raw version-i document into a raw
 *   version-(i+1) one. They run on sanitised JSON before validation, so each must
 *   tolerate any shape and leave judging it to the validator.
 * - each node type ("node:<type>"): NodeTypeInfo.migrations upgrade its params.
 * Every released format keeps a fixture in e2e/fixtures/ that must keep opening.
 */
import type { NodeTypeInfo } from '../nodes/define';
import { DEFAULT_SEED } from './create';
import { has, isNonNegativeInteger, isRecord, own, type RawRecord } from './raw';
import { DOC_VERSION } from './types';

export type DocMigration = (raw: Record<string, unknown>) => Record<string, unknown>;

/** "n1.data" → { node: "n1", port: "data" }; port names never contain a dot, node ids might. */
function splitEndpoint(v: unknown): { node: string; port: string } | null {
	if (typeof v !== 'string') return null;
	const dot = v.lastIndexOf('.');
	if (dot <= 0 || dot === v.length - 1) return null;
	return { node: v.slice(0, dot), port: v.slice(dot + 1) };
}

/**
 * Version 0, the pre-release format: no `schema`; top-level `name`/`created`/`modified`;
 * nodes with `kind` and flat `x`/`y`; edges without ids as `{ source: "node.port",
 * target: "node.port" }`; one `seed` number. Node params then were at version 1 of
 * their type, which is what a missing "node:<type>" sequence means.
 */
function v0ToV1(raw: Record<string, unknown>): Record<string, unknown> {
	const nodes = Array.isArray(own(raw, 'nodes')) ? (own(raw, 'nodes') as unknown[]) : own(raw, 'nodes');
	const edges = Array.isArray(own(raw, 'edges')) ? (own(raw, 'edges') as unknown[]) : [];
	return {
		format: own(raw, 'format'),
		schema: { sequences: { doc: 1 } },
		meta: {
			name: own(raw, 'name') ?? 'Untitled pipeline',
			created: own(raw, 'created') ?? '',
			modified: own(raw, 'modified') ?? own(raw, 'created') ?? ''
		},
		nodes: Array.isArray(nodes)
			? nodes.map((n) => {
					if (!isRecord(n)) return n;
					const out: Record<string, unknown> = {
						id: own(n, 'id'),
						type: own(n, 'kind'),
						position: { x: own(n, 'x'), y: own(n, 'y') },
						params: own(n, 'params') ?? {}
					};
					if (has(n, 'label')) out.label = own(n, 'label');
					return out;
				})
			: nodes,
		edges: edges.map((e, i) => {
			const rec: RawRecord = isRecord(e) ? e : {};
			// A malformed endpoint becomes null so the validator drops the edge with a warning.
			return { id: `e${i + 1}`, from: splitEndpoint(own(rec, 'source')), to: splitEndpoint(own(rec, 'target')) };
		}),
		seeds: { global: has(raw, 'seed') ? own(raw, 'seed') : DEFAULT_SEED },
		data: own(raw, 'data') ?? []
	};
}

/**
 * Version 1 → 2: a node's seed param now defaults to following the document seed (empty,
 * null) instead of a number of its own. A version-1 node without a seed ran with its
 * type's default then, so it gets that default written in and keeps giving the same
 * numbers; Scatter matrix's old 0 meant "the document seed", which is now null.
 */
export const SEED_DEFAULTS_V1: Readonly<Record<string, number>> = {
	'split.train-test': 42,
	'clean.sample': 42,
	'features.target-encode': 42,
	'model.tree': 0,
	'model.forest': 0,
	'model.gbdt': 0,
	'model.knn': 0,
	'model.kmeans': 0,
	'model.isolation-forest': 0,
	'model.mlp': 0,
	'model.cnn': 0,
	'model.text-nn': 0,
	'evaluate.explain': 0,
	'evaluate.stress': 0,
	'evaluate.cross-validate': 0,
	'evaluate.tune': 0
};
const FOLLOWED_DOCUMENT_SEED_AT_0_V1 = new Set(['explore.scatter-matrix']);

function v1ToV2(raw: Record<string, unknown>): Record<string, unknown> {
	const nodes = own(raw, 'nodes');
	const schema = own(raw, 'schema');
	const sequences = isRecord(schema) ? own(schema, 'sequences') : undefined;
	return {
		...raw,
		schema: { ...(isRecord(schema) ? schema : {}), sequences: { ...(isRecord(sequences) ? sequences : {}), doc: 2 } },
		nodes: Array.isArray(nodes)
			? nodes.map((n) => {
					if (!isRecord(n)) return n;
					const type = own(n, 'type');
					const params = own(n, 'params') ?? {};
					if (typeof type !== 'string' || !isRecord(params)) return n;
					if (has(SEED_DEFAULTS_V1, type) && !has(params, 'seed')) return { ...n, params: { ...params, seed: SEED_DEFAULTS_V1[type] } };
					if (FOLLOWED_DOCUMENT_SEED_AT_0_V1.has(type) && (!has(params, 'seed') || own(params, 'seed') === 0))
						return { ...n, params: { ...params, seed: null } };
					return n;
				})
			: nodes
	};
}

/**
 * Version 2 → 3: frames and sticky notes. A version-2 file has none; the lists are added
 * empty, and nothing else changes, so a pipeline runs exactly as before.
 */
function v2ToV3(raw: Record<string, unknown>): Record<string, unknown> {
	const schema = own(raw, 'schema');
	const sequences = isRecord(schema) ? own(schema, 'sequences') : undefined;
	return {
		...raw,
		schema: { ...(isRecord(schema) ? schema : {}), sequences: { ...(isRecord(sequences) ? sequences : {}), doc: 3 } },
		frames: own(raw, 'frames') ?? [],
		notes: own(raw, 'notes') ?? []
	};
}

export const docMigrations: readonly DocMigration[] = [v0ToV1, v1ToV2, v2ToV3];

// A new DOC_VERSION without its migration would strand every older file.
if (docMigrations.length !== DOC_VERSION) throw new Error('core/doc: one envelope migration per format version');

export type DocVersion = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly error: string };

/** The envelope version of a raw file: no `schema` at all means version 0. */
export function docVersionOf(raw: RawRecord): DocVersion {
	if (!has(raw, 'schema')) return { ok: true, version: 0 };
	const schema = own(raw, 'schema');
	const sequences = isRecord(schema) ? own(schema, 'sequences') : undefined;
	const version = isRecord(sequences) ? own(sequences, 'doc') : undefined;
	if (!isNonNegativeInteger(version))
		return {
			ok: false,
			error: 'schema.sequences.doc: the format version is missing or not a whole number, so this file cannot be understood'
		};
	return { ok: true, version };
}

/** Runs the envelope migrations from `from` up to DOC_VERSION. Throws with the step that failed. */
export function migrateEnvelope(raw: Record<string, unknown>, from: number): Record<string, unknown> {
	let doc = raw;
	for (let v = from; v < DOC_VERSION; v++) {
		try {
			doc = docMigrations[v](doc);
		} catch (e) {
			throw new Error(`could not upgrade the file from format ${v} to ${v + 1}: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
	return doc;
}

/** Runs a node type's param migrations from version `from` up to the registry's version. */
export function migrateNodeParams(info: NodeTypeInfo, from: number, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
	let out: Record<string, unknown> = { ...params };
	for (let v = from; v < info.version; v++) {
		const step = info.migrations?.[v - 1];
		if (!step) throw new Error(`${info.type} has no migration from version ${v} to ${v + 1}`);
		out = step(out);
		if (!isRecord(out)) throw new Error(`${info.type} migration to version ${v + 1} returned no params`);
	}
	return out;
}
