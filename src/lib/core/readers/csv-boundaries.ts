/**
 * Where the parallel CSV reader's chunks start and end: guessed at line breaks, then walked in
 * order once the count pass has said where each chunk's last record truly ends.
 */
import type { Tokenized } from './csv-tokenize';

const LF = 10;
const CR = 13;

/** What the count pass knows of a chunk. */
export type Counted = Pick<Tokenized, 'records' | 'end'>;

/**
 * Chunk bounds: `dataStart`, then the line break at or after each split point, then the end.
 * A split is a guess: a line break inside a quoted field is no record boundary, which the
 * count pass notices (the chunk before does not end there) and `confirmChunks` repairs.
 */
export function chunkBounds(bytes: Uint8Array, dataStart: number, splits: readonly number[]): number[] {
	const n = bytes.length;
	const bounds = [dataStart];
	for (const split of [...splits].sort((a, b) => a - b)) {
		const p = Math.max(Math.floor(split), bounds[bounds.length - 1]);
		let end = -1;
		for (let i = p; i < n; i++) {
			const c = bytes[i];
			if (c === LF || c === CR) {
				end = c === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
				break;
			}
		}
		if (end < 0 || end >= n) break;
		if (end > bounds[bounds.length - 1]) bounds.push(end);
	}
	bounds.push(n);
	return bounds;
}

/** Chunks that start at record boundaries, with their records. */
export interface ConfirmedChunks {
	readonly bounds: number[];
	readonly rows: number[];
}

/**
 * Walks the counted chunks in order. Chunk 0 starts at a record boundary, and each chunk that
 * does makes its end one; where a chunk's end is not the next guessed start, the next chunk
 * is counted again here from that end. Null when a chunk that starts at a boundary is
 * malformed: the file is.
 */
export function confirmChunks(
	guess: readonly number[],
	counted: readonly (Counted | null)[],
	recount: (start: number, end: number, last: boolean) => Counted | null
): ConfirmedChunks | null {
	const chunks = guess.length - 1;
	const out: ConfirmedChunks = { bounds: [guess[0]], rows: [] };
	let k = 0;
	let found = counted[0];
	for (;;) {
		if (!found) return null;
		out.rows.push(found.records);
		if (k === chunks - 1) break;
		let next = k + 1;
		if (found.end === guess[next]) {
			out.bounds.push(guess[next]);
			k = next;
			found = counted[next];
			continue;
		}
		const start = found.end;
		if (start >= guess[chunks]) break; // the rest of the file was in that chunk's last record
		while (next < chunks - 1 && guess[next + 1] <= start) next++;
		out.bounds.push(start);
		k = next;
		found = recount(start, guess[next + 1], next === chunks - 1);
	}
	out.bounds.push(guess[chunks]);
	return out;
}
