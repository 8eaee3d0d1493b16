/**
 * Word vocabularies and fixed-length token-id sequences for text networks. Words are
 * found as scikit-learn's CountVectorizer finds them (runs of two or more word
 * characters, the pattern of nodes/catalog/features/text-tokens.ts), so TF-IDF and the
 * sequence models see the same words.
 */

/** Id of padding after the end of a short text. */
export const PAD_ID = 0;
/** Id of a word outside the vocabulary (not seen in training, or beyond the limit). */
export const OOV_ID = 1;
/** Ids of vocabulary words start here. */
export const FIRST_WORD_ID = 2;

const WORD = /[\p{L}\p{M}\p{N}_]{2,}/gu;

export function words(text: string, lowercase: boolean): string[] {
	return (lowercase ? text.toLowerCase() : text).match(WORD) ?? [];
}

/**
 * The `limit` most frequent words of the documents, most frequent first; ties in code-point
 * order so the vocabulary does not depend on the order of the rows.
 */
export function fitVocabulary(docs: Iterable<readonly string[]>, limit: number): string[] {
	if (!Number.isInteger(limit) || limit < 1) throw new Error(`vocabulary size ${limit}: use a whole number of at least 1`);
	const counts = new Map<string, number>();
	for (const doc of docs) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
	return [...counts.entries()]
		.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
		.slice(0, limit)
		.map(([w]) => w);
}

export type WordIndex = ReadonlyMap<string, number>;

/** Word → id, the vocabulary's first word at FIRST_WORD_ID. */
export function wordIndex(vocabulary: readonly string[]): WordIndex {
	return new Map(vocabulary.map((w, i) => [w, i + FIRST_WORD_ID]));
}

/**
 * The first `maxLength` words as ids (unknown words OOV_ID), padded with PAD_ID at the end.
 * Truncation keeps the opening words, where reviews and messages usually state their point.
 */
export function encode(doc: readonly string[], index: WordIndex, maxLength: number, out = new Int32Array(maxLength)): Int32Array {
	out.fill(PAD_ID);
	const n = Math.min(maxLength, doc.length);
	for (let i = 0; i < n; i++) out[i] = index.get(doc[i]) ?? OOV_ID;
	return out;
}
