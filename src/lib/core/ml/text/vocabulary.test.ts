import { describe, expect, it } from 'vitest';
import { terms } from '../../nodes/catalog/features/text-tokens';
import { encode, fitVocabulary, OOV_ID, PAD_ID, wordIndex, words } from './vocabulary';

describe('text vocabulary', () => {
	it('finds the words TF-IDF finds, optionally keeping case', () => {
		const text = 'The cat-dog SAT on a mat, 22 times! Paris_2024 é';
		expect(words(text, true)).toEqual(terms(text, { stopWords: false, maxN: 1 }));
		expect(words(text, false)).toEqual(['The', 'cat', 'dog', 'SAT', 'on', 'mat', '22', 'times', 'Paris_2024']);
		expect(words('', true)).toEqual([]);
	});

	it('keeps the most frequent words first, ties in code-point order, up to the limit', () => {
		const docs = [['b', 'a', 'c', 'c'], ['a', 'd', 'c'], ['b']];
		expect(fitVocabulary(docs, 10)).toEqual(['c', 'a', 'b', 'd']);
		expect(fitVocabulary(docs, 2)).toEqual(['c', 'a']);
		expect(fitVocabulary([], 5)).toEqual([]);
		expect(() => fitVocabulary(docs, 0)).toThrow('vocabulary size 0: use a whole number of at least 1');
	});

	it('encodes words as ids from 2, unknown words as 1, pads with 0 and keeps the first words', () => {
		const index = wordIndex(['good', 'film']);
		expect([PAD_ID, OOV_ID]).toEqual([0, 1]);
		expect(Array.from(encode(['good', 'new', 'film'], index, 5))).toEqual([2, 1, 3, 0, 0]);
		expect(Array.from(encode(['film', 'good', 'good', 'film'], index, 2))).toEqual([3, 2]);
		expect(Array.from(encode([], index, 3))).toEqual([0, 0, 0]);
	});
});
