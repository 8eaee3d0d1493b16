import { describe, expect, it } from 'vitest';
import { datasetOf } from '../../dataset';
import { Role, type DatasetValue } from '../../ports';
import { testContext } from '../../test-kit';
import { ENGLISH_STOP_WORDS, terms } from './text-tokens';
import text from './text-vectorise';

const DOCS = [
	'The cat sat on the mat.',
	'The dog sat on the log, and the dog barked!',
	'Cats and dogs: a cat-dog friendship?',
	'I saw 2 dogs and 22 cats in Paris_2024'
];
// Two rows the vectoriser never trains on, and a missing cell.
const ROWS = [...DOCS, 'unseen words only', 'the cat and THE dog', null];

function corpus(): DatasetValue {
	const roles = Uint8Array.from(ROWS, (_, i) => (i < DOCS.length ? Role.train : Role.test));
	return {
		...datasetOf(
			{
				rowCount: ROWS.length,
				columns: [
					{ kind: 'text', name: 'review', values: ROWS },
					{ kind: 'number', name: 'stars', values: new Float64Array(ROWS.length) }
				]
			},
			'x'
		),
		roles
	};
}

async function vectorise(params: Record<string, unknown>, data = corpus()) {
	const full = {
		column: 'review',
		mode: 'tfidf',
		stopWords: false,
		ngrams: '1',
		maxFeatures: 100,
		sublinearTf: false,
		keepText: false,
		...params
	} as never;
	const state = await text.step!.fit(data, full, testContext());
	const out = text.step!.apply(data, state, full);
	const cols = out.frame.columns.filter((c) => c.name !== 'stars' && c.name !== 'review');
	return {
		names: out.frame.columns.map((c) => c.name),
		matrix: ROWS.map((_, r) => cols.map((c) => (c.kind === 'number' ? c.values[r] : NaN)))
	};
}

function expectMatrix(got: number[][], want: number[][]) {
	expect(got.length).toBe(want.length);
	got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i][j], 10)));
}

const VOCAB = [
	'22',
	'and',
	'barked',
	'cat',
	'cats',
	'dog',
	'dogs',
	'friendship',
	'in',
	'log',
	'mat',
	'on',
	'paris_2024',
	'sat',
	'saw',
	'the'
];
const ZERO = (n: number) => new Array(n).fill(0);

// Reference: /usr/bin/python3, sklearn 1.2.1: v = TfidfVectorizer(**kw).fit(DOCS);
//   v.get_feature_names_out(), v.transform(DOCS + ['unseen words only', 'the cat and THE dog']).toarray().round(12)
describe('Text features', () => {
	it('TF-IDF matches TfidfVectorizer defaults, fitted on the training rows only', async () => {
		const { names, matrix } = await vectorise({});
		expect(names).toEqual([...VOCAB.map((t) => `tfidf:${t}`), 'stars']);
		expectMatrix(matrix, [
			[
				0.0, 0.0, 0.0, 0.340823422297, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.432291294958, 0.340823422297, 0.0, 0.340823422297, 0.0,
				0.681646844594
			],
			[
				0.0, 0.186355816518, 0.291962397741, 0.0, 0.0, 0.460373015792, 0.0, 0.0, 0.0, 0.291962397741, 0.0, 0.230186507896, 0.0,
				0.230186507896, 0.0, 0.690559523688
			],
			[
				0.0, 0.323467213857, 0.0, 0.399546361193, 0.399546361193, 0.399546361193, 0.399546361193, 0.50677389691, 0.0, 0.0, 0.0, 0.0, 0.0,
				0.0, 0.0, 0.0
			],
			[
				0.420680985664, 0.268515223821, 0.0, 0.0, 0.331669721092, 0.0, 0.331669721092, 0.0, 0.420680985664, 0.0, 0.0, 0.0, 0.420680985664,
				0.0, 0.420680985664, 0.0
			],
			ZERO(16),
			[0.0, 0.31381596567, 0.0, 0.387625149616, 0.0, 0.387625149616, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.775250299233],
			ZERO(16)
		]);
	});

	it('sublinear tf matches TfidfVectorizer(sublinear_tf=True)', async () => {
		const { matrix } = await vectorise({ sublinearTf: true });
		expectMatrix(
			[matrix[0], matrix[1], matrix[5]],
			[
				[
					0.0, 0.0, 0.0, 0.365745806737, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.463902179475, 0.365745806737, 0.0, 0.365745806737, 0.0,
					0.619261481478
				],
				[
					0.0, 0.223306363642, 0.349852570089, 0.0, 0.0, 0.467017036, 0.0, 0.0, 0.0, 0.349852570089, 0.0, 0.275827784709, 0.0,
					0.275827784709, 0.0, 0.578855578546
				],
				[0.0, 0.344514829132, 0.0, 0.425544353368, 0.0, 0.425544353368, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.720509222108]
			]
		);
	});

	it('stop words, bigrams and a vocabulary limit match TfidfVectorizer(ngram_range=(1, 2), stop_words="english", max_features=6)', async () => {
		const { names, matrix } = await vectorise({ stopWords: true, ngrams: '1-2', maxFeatures: 6 });
		expect(names.slice(0, 6)).toEqual(['tfidf:22', 'tfidf:cat', 'tfidf:cats', 'tfidf:dog', 'tfidf:dogs', 'tfidf:sat']);
		expectMatrix(matrix.slice(0, 6), [
			[0.0, 0.707106781187, 0.0, 0.0, 0.0, 0.707106781187],
			[0.0, 0.0, 0.0, 0.894427191, 0.0, 0.4472135955],
			[0.0, 0.5, 0.5, 0.5, 0.5, 0.0],
			[0.66767854461, 0.0, 0.52640543361, 0.0, 0.52640543361, 0.0],
			ZERO(6),
			[0.0, 0.707106781187, 0.0, 0.707106781187, 0.0, 0.0]
		]);
		expect(terms('the cat sat on the mat', { stopWords: true, maxN: 2 })).toEqual(['cat', 'sat', 'mat', 'cat sat', 'sat mat']);
	});

	it('counts match CountVectorizer(max_features=5) and can keep the text', async () => {
		// CountVectorizer(max_features=5).fit(DOCS): ['and', 'cat', 'cats', 'dog', 'the'], transform(DOCS).toarray()
		const { names, matrix } = await vectorise({ mode: 'counts', maxFeatures: 5, keepText: true });
		expect(names).toEqual(['review', 'count:and', 'count:cat', 'count:cats', 'count:dog', 'count:the', 'stars']);
		expect(matrix.slice(0, 4)).toEqual([
			[0, 1, 0, 0, 2],
			[1, 0, 0, 2, 3],
			[1, 1, 1, 1, 0],
			[1, 0, 1, 0, 0]
		]);
	});

	it('handles a category column, empty training rows, and names a wrong column', async () => {
		const cat = datasetOf(
			{ rowCount: 2, columns: [{ kind: 'category', name: 'review', codes: Int32Array.of(0, -1), dictionary: ['good film'] }] },
			'c'
		);
		const state = await text.step!.fit(
			cat,
			{ column: 'review', mode: 'counts', stopWords: false, ngrams: '1', maxFeatures: 10, sublinearTf: false, keepText: false } as never,
			testContext()
		);
		expect((state as { terms: string[] }).terms).toEqual(['film', 'good']);
		const empty = { ...corpus(), roles: new Uint8Array(ROWS.length).fill(Role.test) };
		expect((await vectorise({}, empty)).names).toEqual(['stars']);
		await expect(vectorise({ column: 'stars' })).rejects.toThrow(/column "stars" is number; text features need a text/);
		expect([...ENGLISH_STOP_WORDS].length).toBeGreaterThan(140);
	});
});
