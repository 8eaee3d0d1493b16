/**
 * A name someone else chose (a file name, a column, a project) inside a sentence of ours: a
 * right-to-left override (U+202E) in it would otherwise reverse the rest of the sentence —
 * "Imported ‮txt.exe: 60 rows" reads as "Imported exe.txt: …" spoofing the name and garbling
 * the figures. Wrapped in first-strong-isolate … pop-directional-isolate, its direction
 * controls end where the name ends (Unicode bidi rule X6a). Names without direction controls
 * are returned as they are, so ordinary messages stay byte for byte the same.
 */
const DIRECTION_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export function isolated(name: string): string {
	return DIRECTION_CONTROL.test(name) ? `\u2068${name}\u2069` : name;
}
