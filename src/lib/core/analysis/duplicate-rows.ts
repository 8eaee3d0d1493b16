/** Duplicate rows, counted as pandas' `DataFrame.duplicated().sum()`: rows equal to an earlier row. */
import type { Column, Frame } from '../frame/types';

/** Mixes a 32-bit word into a running hash (murmur3's step), so column order matters. */
function mix(h: number, k: number): number {
	k = Math.imul(k, 0xcc9e2d51);
	k = (k << 15) | (k >>> 17);
	h ^= Math.imul(k, 0x1b873593);
	h = (h << 13) | (h >>> 19);
	return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function stringHash(s: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
	return h;
}

/** Hash of every row, built column by column so each inner loop stays on one typed array. */
function rowHashes(frame: Frame): Int32Array {
	const n = frame.rowCount;
	const hashes = new Int32Array(n);
	for (const col of frame.columns) {
		if (col.kind === 'number' || col.kind === 'date') {
			const v = col.values;
			// The doubles' own bits, read in place (no copy per cell).
			const words = new Int32Array(v.buffer, v.byteOffset, 2 * n);
			for (let i = 0; i < n; i++) {
				const x = v[i];
				// Every NaN is one missing value, and −0 equals 0, as pandas sees them.
				if (x !== x) hashes[i] = mix(mix(hashes[i], 0x7ff80000), 1);
				else if (x === 0) hashes[i] = mix(mix(hashes[i], 0), 0);
				else hashes[i] = mix(mix(hashes[i], words[2 * i]), words[2 * i + 1]);
			}
		} else if (col.kind === 'text') {
			for (let i = 0; i < n; i++) {
				const v = col.values[i];
				hashes[i] = mix(hashes[i], v === null ? 0x5bd1e995 : stringHash(v));
			}
		} else for (let i = 0; i < n; i++) hashes[i] = mix(hashes[i], col.codes[i]);
	}
	return hashes;
}

function cellsEqual(col: Column, a: number, b: number): boolean {
	if (col.kind === 'number' || col.kind === 'date') {
		const x = col.values[a],
			y = col.values[b];
		return x === y || (x !== x && y !== y);
	}
	if (col.kind === 'text') return col.values[a] === col.values[b];
	return col.codes[a] === col.codes[b];
}

/** murmur3's finaliser: spreads the bits so the low ones can index the table. */
function fmix(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	return h ^ (h >>> 16);
}

/**
 * Marks each row that repeats an earlier one (1) or is the first of its kind (0).
 * First rows go into an open-addressing table of row indices (linear probing, at most
 * half full) — no per-row objects, which matters at a million rows; rows with equal
 * hashes are compared cell by cell, so a collision never merges two different rows.
 */
export function duplicateMask(frame: Frame): Uint8Array {
	const n = frame.rowCount;
	const mask = new Uint8Array(n);
	const hashes = rowHashes(frame);
	let size = 16;
	while (size < 2 * n) size *= 2;
	const slots = new Int32Array(size); // row + 1; 0 is empty
	const wrap = size - 1;
	const same = (a: number, b: number) => frame.columns.every((c) => cellsEqual(c, a, b));
	for (let i = 0; i < n; i++) {
		const h = fmix(hashes[i]);
		hashes[i] = h;
		let s = h & wrap;
		let dup = false;
		for (let j = slots[s]; j !== 0; j = slots[s]) {
			if (hashes[j - 1] === h && same(i, j - 1)) {
				dup = true;
				break;
			}
			s = (s + 1) & wrap;
		}
		if (dup) mask[i] = 1;
		else slots[s] = i + 1;
	}
	return mask;
}

export function countDuplicateRows(frame: Frame): number {
	let count = 0;
	for (const m of duplicateMask(frame)) count += m;
	return count;
}
