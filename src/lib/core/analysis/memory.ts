/** An estimate of the memory a frame holds, for the dataset summary. */
import type { Column, Frame } from '../frame/types';

/** A JavaScript string costs about a header plus two bytes per UTF-16 unit (V8 may store Latin-1 in one; we count two). */
const stringBytes = (s: string) => 16 + 2 * s.length;

/**
 * Bytes of the column buffers plus the strings they point to: 8 per number or date,
 * 4 per category or boolean code, the dictionary once, and for text a pointer per cell
 * plus each string. This is Tessera's own footprint, not pandas' memory_usage.
 */
export function columnBytes(col: Column): number {
	switch (col.kind) {
		case 'number':
		case 'date':
			return col.values.byteLength;
		case 'boolean':
			return col.codes.byteLength;
		case 'category': {
			let bytes = col.codes.byteLength;
			for (const s of col.dictionary) bytes += 8 + stringBytes(s);
			return bytes;
		}
		case 'text': {
			let bytes = 8 * col.values.length;
			for (const s of col.values) if (s !== null) bytes += stringBytes(s);
			return bytes;
		}
	}
}

export function frameBytes(frame: Frame): number {
	let bytes = 0;
	for (const col of frame.columns) bytes += columnBytes(col);
	return bytes;
}
