/** A chunk's dictionary of a text column's distinct cells, built while the fill pass tokenizes. */
import { DICT_CAP, SPAN_ESCAPED } from './csv-chunk-buffers';

/** Open-addressing table of a chunk's dictionary: a power of two, over twice DICT_CAP. */
export const TABLE = 4096;

/**
 * The code of cell bytes [from, to) in a chunk's dictionary (at `dict`, `count` entries so far,
 * found through the hash table at `table`): an existing entry's, or `count` for a new one,
 * which is added unless the dictionary is full.
 */
export function codeOf(
	b: Uint8Array,
	from: number,
	to: number,
	escaped: boolean,
	tables: Int32Array,
	table: number,
	dictStart: Uint32Array,
	dictEnd: Uint32Array,
	dict: number,
	count: number
): number {
	let h = escaped ? 0x9e3779b1 : 0x811c9dc5;
	for (let i = from; i < to; i++) h = Math.imul(h ^ b[i], 0x01000193);
	const flag = escaped ? SPAN_ESCAPED : 0;
	let at = (h ^ (h >>> 15)) & (TABLE - 1);
	for (;;) {
		const id = tables[table + at];
		if (id < 0) break;
		const start = dictStart[dict + id];
		const end = dictEnd[dict + id];
		if ((end & SPAN_ESCAPED) >>> 0 === flag >>> 0 && (end & ~SPAN_ESCAPED) - start === to - from) {
			let same = true;
			for (let i = 0; i < to - from; i++) {
				if (b[start + i] !== b[from + i]) {
					same = false;
					break;
				}
			}
			if (same) return id;
		}
		at = (at + 1) & (TABLE - 1);
	}
	if (count < DICT_CAP) {
		tables[table + at] = count;
		dictStart[dict + count] = from;
		dictEnd[dict + count] = (to | flag) >>> 0;
	}
	return count;
}
