import { DOC_FORMAT, DOC_VERSION, type PipelineDocument } from './types';

/** The seed a new document starts with, so two fresh documents give the same numbers. */
export const DEFAULT_SEED = 42;

/** An empty pipeline. `now` is a parameter so tests (and the CLI) can pin the clock. */
export function createDocument(name: string, now: Date = new Date()): PipelineDocument {
	const stamp = now.toISOString();
	return {
		format: DOC_FORMAT,
		schema: { sequences: { doc: DOC_VERSION } },
		meta: { name, created: stamp, modified: stamp },
		nodes: [],
		edges: [],
		seeds: { global: DEFAULT_SEED },
		data: [],
		frames: [],
		notes: []
	};
}

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `prefix` + one more than the largest number already used after that prefix. Ids are
 * short and readable in a file diff, the same edits always give the same ids, and a
 * deleted id is not handed out again while a higher one exists.
 */
export function newId(prefix: string, existing: Iterable<string>): string {
	const pattern = new RegExp(`^${escapeRegExp(prefix)}(\\d{1,9})$`);
	const taken = new Set<string>();
	let max = 0;
	for (const id of existing) {
		taken.add(id);
		const m = pattern.exec(id);
		if (m) max = Math.max(max, Number(m[1]));
	}
	let n = max + 1;
	while (taken.has(prefix + n)) n++;
	return prefix + n;
}

/** The readable part of a node type ("clean.impute" → "impute"), used as an id prefix. */
export function idPrefixForType(type: string): string {
	const name = type.slice(type.lastIndexOf('.') + 1).replace(/[^a-z0-9-]/gi, '');
	return (name || 'node').slice(0, 40) + '-';
}
