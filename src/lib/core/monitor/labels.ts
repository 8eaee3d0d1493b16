/**
 * Later-arriving labels joined to captured rows by an id: the person picks the id column on
 * both sides (capture.ts says what ids a capture row carries). A label id seen twice keeps its
 * last label (a correction arrives after the first) and is counted. Ids and labels compare as
 * text, so "7" in a CSV matches 7 sent in JSON.
 */
import type { Frame } from '../frame/types';
import { frameCell } from './capture';

export interface LabelJoin {
	/** Per captured row: its label, null when none arrived. */
	readonly labels: readonly (string | null)[];
	/** Captured rows that found a label. */
	readonly matched: number;
	/** Label ids that occurred more than once. */
	readonly duplicates: number;
	/** Rows of the labels file with no id or no label. */
	readonly incomplete: number;
}

/** The labels of a labels table by id. */
export function labelsById(
	frame: Frame,
	idColumn: string,
	labelColumn: string
): { byId: Map<string, string>; duplicates: number; incomplete: number } {
	const id = frame.columns.find((c) => c.name === idColumn);
	const label = frame.columns.find((c) => c.name === labelColumn);
	if (!id) throw new Error(`the labels file has no column "${idColumn}" (chosen as its id)`);
	if (!label) throw new Error(`the labels file has no column "${labelColumn}" (chosen as its label)`);
	if (id === label) throw new Error('the labels file needs an id column and a different label column');
	const byId = new Map<string, string>();
	let duplicates = 0;
	let incomplete = 0;
	for (let r = 0; r < frame.rowCount; r++) {
		const k = frameCell(id, r);
		const v = frameCell(label, r);
		if (k === null || v === null) {
			incomplete++;
			continue;
		}
		if (byId.has(k)) duplicates++;
		byId.set(k, v);
	}
	return { byId, duplicates, incomplete };
}

/** Each captured row's label by its id. */
export function joinLabels(rowIds: readonly (string | null)[], labels: ReturnType<typeof labelsById>): LabelJoin {
	let matched = 0;
	const out = rowIds.map((id) => {
		const v = id === null ? undefined : labels.byId.get(id);
		if (v === undefined) return null;
		matched++;
		return v;
	});
	return { labels: out, matched, duplicates: labels.duplicates, incomplete: labels.incomplete };
}
