import type { PipelineDocument, DocNode } from '$lib/core/doc/types';
import { shortFingerprint } from '$lib/core/util/fingerprint';

/**
 * Which uploaded datasets a pipeline needs that this browser does not hold, and where an
 * upload should go. A pipeline file records each uploaded dataset's name and content hash
 * (and its rows and size), so a teammate who opens it can be told what
 * to upload, and a different file can be told apart from the right one. Rows and size come
 * from the document's data list (`doc.data`), recorded on upload.
 */

export const DATASET_NODE = 'io.dataset';

/** What a pipeline records about a dataset someone uploaded. */
export interface DatasetNeed {
	/** The Dataset nodes that name this dataset (one file can feed several). */
	readonly nodes: readonly string[];
	readonly label: string | null;
	readonly name: string;
	/** Empty in files made before hashes were recorded. */
	readonly hash: string;
	/** 0 when the file did not record it. */
	readonly rows: number;
	readonly bytes: number;
}

/** The part of a stored dataset these rules read. */
export interface StoredDataset {
	readonly name: string;
	readonly hash: string;
}

function needOf(doc: PipelineDocument, node: DocNode): DatasetNeed | null {
	if (node.type !== DATASET_NODE || node.params.source !== 'stored') return null;
	const name = String(node.params.name ?? '');
	if (!name) return null;
	const hash = String(node.params.hash ?? '');
	// What the document's data list recorded when the file was uploaded (files since 0.2).
	const entry = doc.data.find((d) => d.name === name && (!hash || d.hash === hash));
	return { nodes: [node.id], label: node.label ?? null, name, hash, rows: entry?.rows ?? 0, bytes: entry?.bytes ?? 0 };
}

/** A stored dataset is the one a node needs when the hashes agree (the name when none was recorded). */
export function satisfies(stored: StoredDataset, need: Pick<DatasetNeed, 'name' | 'hash'>): boolean {
	return need.hash ? stored.hash === need.hash : stored.name === need.name;
}

/** Uploaded datasets the pipeline refers to that are not stored here, one per dataset (by hash, else name). */
export function missingDatasets(doc: PipelineDocument, stored: readonly StoredDataset[]): DatasetNeed[] {
	const byKey = new Map<string, DatasetNeed>();
	for (const node of doc.nodes) {
		const need = needOf(doc, node);
		if (!need || stored.some((s) => satisfies(s, need))) continue;
		const key = need.hash || `name:${need.name}`;
		const known = byKey.get(key);
		byKey.set(key, known ? { ...known, nodes: [...known.nodes, node.id] } : need);
	}
	return [...byKey.values()];
}

/** A Dataset node set to an uploaded file but with none chosen yet. */
function isEmptyUpload(node: DocNode): boolean {
	return node.type === DATASET_NODE && node.params.source === 'stored' && !String(node.params.name ?? '');
}

/**
 * Where an uploaded file goes: the selected Dataset node; else a Dataset node that lacks its
 * data (the one whose recorded name is the file's, else the first), else one waiting for a
 * file; else nowhere (a new Dataset node is added). `expected` is the recorded dataset the
 * target lacks, which the upload must match; null when the target has its data or none.
 */
export type UploadTarget =
	{ readonly kind: 'new-node' } | { readonly kind: 'node'; readonly node: string; readonly expected: DatasetNeed | null };

export function uploadTarget(
	doc: PipelineDocument,
	selected: string | null,
	stored: readonly StoredDataset[],
	fileName: string
): UploadTarget {
	const missing = missingDatasets(doc, stored);
	const chosen = selected ? doc.nodes.find((n) => n.id === selected && n.type === DATASET_NODE) : undefined;
	// A node whose data is here takes any new file (the person is replacing it); only a node
	// lacking its data holds out for the file it recorded.
	if (chosen) return { kind: 'node', node: chosen.id, expected: missing.find((m) => m.nodes.includes(chosen.id)) ?? null };
	const byName = missing.find((m) => m.name === fileName) ?? missing[0];
	if (byName) return { kind: 'node', node: byName.nodes[0], expected: byName };
	const empty = doc.nodes.find(isEmptyUpload);
	if (empty) return { kind: 'node', node: empty.id, expected: null };
	return { kind: 'new-node' };
}

/** Short form of a content hash for messages (`sha256:` and 12 digits; an older checksum says so). */
export const shortHash = shortFingerprint;
