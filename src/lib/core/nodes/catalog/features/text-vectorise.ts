import type { Column } from '../../../frame/types';
import { replaceColumns, requireColumn } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { byCodePoint, countTerms, type TokenOptions } from './text-tokens';

/** Fitted on the training rows: the vocabulary (alphabetical) and, for TF-IDF, each term's idf. */
interface TextState {
	column: string;
	mode: 'tfidf' | 'counts';
	tokens: TokenOptions;
	sublinearTf: boolean;
	keepText: boolean;
	terms: string[];
	idf: number[];
}

/** The documents of a text or category column; a missing cell is an empty document. */
function documents(col: Column): (r: number) => string {
	if (col.kind === 'text') return (r) => col.values[r] ?? '';
	if (col.kind === 'category') return (r) => (col.codes[r] < 0 ? '' : col.dictionary[col.codes[r]]);
	throw new Error(`column "${col.name}" is ${col.kind}; text features need a text or category column`);
}

/**
 * The vocabulary: every term of the training rows, or the `limit` with the highest total
 * count (ties alphabetical), listed alphabetically as scikit-learn does.
 */
export function fitVocabulary(docs: readonly Map<string, number>[], limit: number): { terms: string[]; df: number[] } {
	const tf = new Map<string, number>();
	const df = new Map<string, number>();
	for (const d of docs)
		for (const [t, c] of d) {
			tf.set(t, (tf.get(t) ?? 0) + c);
			df.set(t, (df.get(t) ?? 0) + 1);
		}
	let chosen = [...tf.keys()].sort(byCodePoint);
	if (limit > 0 && chosen.length > limit)
		chosen = chosen
			.map((t, i) => ({ t, i }))
			.sort((a, b) => tf.get(b.t)! - tf.get(a.t)! || a.i - b.i)
			.slice(0, limit)
			.map((x) => x.t)
			.sort(byCodePoint);
	return { terms: chosen, df: chosen.map((t) => df.get(t)!) };
}

export default defineNode({
	type: 'features.text',
	version: 1,
	category: 'features',
	title: 'Text features',
	description:
		"Turn a text column into one number column per word (or pair of words): counts, or TF-IDF weights as scikit-learn's TfidfVectorizer. The vocabulary and word weights are learnt from the training rows; words never seen there are ignored.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		column: p.column({ kinds: ['text', 'category'], label: 'Text column', help: 'The column holding the text' }),
		mode: p.choice(['tfidf', 'counts'], {
			default: 'tfidf',
			label: 'Weighting',
			help: 'tfidf: counts scaled down for words common to many rows, each row scaled to length 1; counts: how often each word occurs'
		}),
		stopWords: p.boolean({
			default: false,
			label: 'Remove English stop words',
			help: 'Drop about 150 common words (the, and, of, ...) before counting'
		}),
		ngrams: p.choice(['1', '1-2'], {
			default: '1',
			label: 'N-grams',
			help: '1: single words; 1-2: single words and pairs of neighbouring words'
		}),
		maxFeatures: p.int({
			default: 100,
			min: 1,
			max: 10_000,
			label: 'Vocabulary limit',
			help: 'Keep only this many terms, the most frequent across the training rows (ties alphabetical)'
		}),
		sublinearTf: p.boolean({
			default: false,
			label: 'Sublinear counts',
			help: 'TF-IDF only: use 1 + log(count), so a word repeated ten times counts about three times as much as once'
		}),
		keepText: p.boolean({ default: false, label: 'Keep the text column', help: 'Keep the original text next to the new columns' })
	},
	// One column per word of the fitted vocabulary: only a run tells.
	schema: 'unknown',
	step: {
		fit(data, params): TextState {
			const name = params.column;
			if (!name) throw new Error('choose the text column to vectorise');
			const doc = documents(requireColumn(data.frame, name));
			const tokens: TokenOptions = { stopWords: params.stopWords === true, maxN: params.ngrams === '1-2' ? 2 : 1 };
			const rows = trainingRows(data);
			const { terms, df } = fitVocabulary(
				Array.from(rows, (r) => countTerms(doc(r), tokens)),
				params.maxFeatures
			);
			const n = rows.length;
			// scikit-learn's smooth idf: ln((1 + n) / (1 + df)) + 1, as if one extra row held every term.
			const idf = df.map((d) => Math.log((1 + n) / (1 + d)) + 1);
			return {
				column: name,
				mode: params.mode === 'counts' ? 'counts' : 'tfidf',
				tokens,
				sublinearTf: params.sublinearTf === true,
				keepText: params.keepText === true,
				terms,
				idf
			};
		},
		apply(data, state) {
			const col = requireColumn(data.frame, state.column);
			const doc = documents(col);
			const n = data.frame.rowCount;
			const index = new Map(state.terms.map((t, i) => [t, i]));
			const outs = state.terms.map(() => new Float64Array(n));
			const tfidf = state.mode === 'tfidf';
			for (let r = 0; r < n; r++) {
				let norm = 0;
				const hit: number[] = [];
				for (const [t, c] of countTerms(doc(r), state.tokens)) {
					const k = index.get(t);
					if (k === undefined) continue;
					const w = tfidf ? (state.sublinearTf ? 1 + Math.log(c) : c) * state.idf[k] : c;
					outs[k][r] = w;
					norm += w * w;
					hit.push(k);
				}
				// TF-IDF rows are scaled to unit length (l2), so long texts do not dominate.
				if (tfidf && norm > 0) for (const k of hit) outs[k][r] /= Math.sqrt(norm);
			}
			const prefix = tfidf ? 'tfidf' : 'count';
			const added: Column[] = state.terms.map((t, k) => ({ kind: 'number', name: `${prefix}:${t}`, values: outs[k] }));
			return withFrame(data, replaceColumns(data.frame, new Map([[state.column, state.keepText ? [col, ...added] : added]])));
		}
	}
});
