import type { Column } from '../../../frame/types';
import { encode, fitVocabulary, wordIndex, words } from '../../../ml/text/vocabulary';
import { replaceColumns, requireColumn } from '../../columns';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { dataWith, numberColumn, replaceSchema } from '../../schema-rules';

/** Prefix of the token-id columns; model.text-nn finds its inputs by it. */
export const TOKEN_PREFIX = 'tok_';

/** Fitted on the training rows: the words themselves, so the state means the same on any file. */
export interface TextSequenceState {
	column: string;
	lowercase: boolean;
	maxTokens: number;
	keepText: boolean;
	/** Most frequent first; word i has id i + 2 (0 padding, 1 unknown). */
	words: string[];
}

/** The text of a row of a text or category column; a missing cell is an empty text. */
function texts(col: Column): (r: number) => string {
	if (col.kind === 'text') return (r) => col.values[r] ?? '';
	if (col.kind === 'category') return (r) => (col.codes[r] < 0 ? '' : col.dictionary[col.codes[r]]);
	throw new Error(`column "${col.name}" is ${col.kind}; Text to sequence needs a text or category column`);
}

export default defineNode({
	type: 'features.text-sequence',
	version: 1,
	category: 'features',
	title: 'Text to sequence',
	description:
		'Turn a text column into a fixed number of token-id columns (tok_0, tok_1, …) for the text network: each word becomes its rank in a vocabulary learnt from the training rows. 0 pads short texts, 1 stands for a word outside the vocabulary.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		column: p.column({ kinds: ['text', 'category'], label: 'Text column', help: 'The column holding the text' }),
		vocabularySize: p.int({
			default: 5000,
			min: 1,
			max: 100_000,
			label: 'Vocabulary size',
			help: 'Keep this many words, the most frequent in the training rows; rarer and unseen words become 1 (unknown)'
		}),
		maxTokens: p.int({
			default: 50,
			min: 1,
			max: 1000,
			label: 'Words per text',
			help: 'Number of token columns: longer texts keep their first words, shorter ones are padded with 0. More columns read more of each text but train slower'
		}),
		lowercase: p.boolean({ default: true, label: 'Lowercase', help: 'Treat "Great" and "great" as one word' }),
		keepText: p.boolean({ default: false, label: 'Keep the text column', help: 'Keep the original text next to the token columns' })
	},
	schema: ({ data }, params) => {
		const col = data?.columns.find((c) => c.name === params.column);
		if (!data || !col) return {};
		const added = Array.from({ length: params.maxTokens }, (_, j) => numberColumn(`${TOKEN_PREFIX}${j}`));
		return dataWith(data, replaceSchema(data.columns, new Map([[col.name, params.keepText ? [col, ...added] : added]])));
	},
	step: {
		fit(data, params): TextSequenceState {
			const name = params.column;
			if (!name) throw new Error('choose the text column to turn into token ids');
			const text = texts(requireColumn(data.frame, name));
			const lowercase = params.lowercase !== false;
			const vocabulary = fitVocabulary(
				Array.from(trainingRows(data), (r) => words(text(r), lowercase)),
				params.vocabularySize
			);
			return { column: name, lowercase, maxTokens: params.maxTokens, keepText: params.keepText === true, words: vocabulary };
		},
		apply(data, state) {
			const col = requireColumn(data.frame, state.column);
			const text = texts(col);
			const n = data.frame.rowCount;
			const L = state.maxTokens;
			const index = wordIndex(state.words);
			const outs = Array.from({ length: L }, () => new Float64Array(n));
			const row = new Int32Array(L);
			for (let r = 0; r < n; r++) {
				encode(words(text(r), state.lowercase), index, L, row);
				for (let j = 0; j < L; j++) outs[j][r] = row[j];
			}
			const added: Column[] = outs.map((values, j) => ({ kind: 'number', name: `${TOKEN_PREFIX}${j}`, values }));
			return withFrame(data, replaceColumns(data.frame, new Map([[state.column, state.keepText ? [col, ...added] : added]])));
		}
	}
});
