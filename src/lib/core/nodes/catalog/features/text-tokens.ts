/**
 * Tokenisation as scikit-learn's CountVectorizer does it by default: lowercase, words of
 * two or more word characters (its token_pattern `(?u)\b\w\w+\b`), stop words removed
 * before n-grams are formed, bigrams joined by one space.
 */

/** Common English words, a subset of scikit-learn's ENGLISH_STOP_WORDS (so results match it on text without the rarer ones). */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
	`a about above after again against all also am an and any are as at be because been before being below between both
	but by can could do down during each either else even ever every few for from further had has have he her here hers
	herself him himself his how however i if in into is it its itself least less many may me might more most much must my
	myself neither never no nor not now of off often on once one only or other others our ours ourselves out over own per
	perhaps rather same several she should since so some still such than that the their them themselves then there these
	they this those though through thus to together too under until up upon us very via was we well were what when where
	whether which while who whom whose why will with within without would yet you your yours yourself yourselves`
		.split(/\s+/)
		.filter(Boolean)
);

const WORD = /[\p{L}\p{M}\p{N}_]{2,}/gu;

export interface TokenOptions {
	readonly stopWords: boolean;
	/** Longest n-gram: 1 (words) or 2 (words and pairs of neighbouring words). */
	readonly maxN: number;
}

export function terms(text: string, options: TokenOptions): string[] {
	let words: string[] = text.toLowerCase().match(WORD) ?? [];
	if (options.stopWords) words = words.filter((w) => !ENGLISH_STOP_WORDS.has(w));
	const out = [...words];
	for (let n = 2; n <= options.maxN; n++) for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
	return out;
}

export function countTerms(text: string, options: TokenOptions): Map<string, number> {
	const counts = new Map<string, number>();
	for (const t of terms(text, options)) counts.set(t, (counts.get(t) ?? 0) + 1);
	return counts;
}

/** Plain code-point order, as Python sorts strings (not the locale's). */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
