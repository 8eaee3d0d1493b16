import { describe, expect, it } from 'vitest';
import type { ModelInput } from '../model-file/input';
import type { ModelValue } from '../nodes/ports';
import type { ScoredChunk } from '../scoring/score';
import { DriftWindow, psi } from './drift';
import { csvChunk, mlflowChunk, mlflowResponse, wantsProba } from './mlflow';
import { coerceRequest, ServingError } from './table';
import { RowLimitError, v2Chunk, v2Metadata, v2Response } from './v2';

const input: ModelInput = {
	columns: [
		{
			name: 'x',
			kind: 'number',
			required: true,
			range: [0, 10],
			reference: {
				kind: 'number',
				count: 10,
				missing: 0,
				mean: 5,
				std: 3,
				quantiles: [],
				histogram: { edges: [0, 5, 10], counts: [5, 5] },
				sample: []
			}
		},
		{
			name: 'c',
			kind: 'category',
			required: true,
			levels: ['a', 'b'],
			reference: { kind: 'category', count: 10, missing: 0, counts: [8, 2], other: 0, sample: [] }
		},
		{
			name: 'flag',
			kind: 'boolean',
			required: false,
			levels: ['false', 'true'],
			reference: { kind: 'boolean', count: 10, missing: 0, counts: [5, 5], other: 0, sample: [] }
		}
	],
	target: { name: 'y', kind: 'category' },
	rows: 10,
	sampleRows: 0
};
const classifier = { task: 'classification', classes: ['no', 'yes'], family: 'logistic', target: 'y', input } as unknown as ModelValue;
const regressor = { task: 'regression', family: 'linear', target: 'y', input } as unknown as ModelValue;

/** The frame's column values, for checking what a chunk reads as. */
function read(chunk: Parameters<typeof coerceRequest>[1]) {
	const { frame } = coerceRequest(input, chunk);
	return Object.fromEntries(
		frame.columns.map((c) => [
			c.name,
			c.kind === 'number'
				? Array.from(c.values)
				: c.kind === 'category'
					? Array.from(c.codes, (k) => (k < 0 ? null : c.dictionary[k]))
					: c.kind === 'boolean'
						? Array.from(c.codes)
						: null
		])
	);
}

function message(f: () => unknown): string {
	try {
		f();
	} catch (e) {
		if (e instanceof ServingError || e instanceof RowLimitError) return e.message;
		throw e;
	}
	throw new Error('did not throw');
}

describe('Open Inference Protocol (V2)', () => {
	it('describes a model: one [-1, 1] input per column, label and probabilities [N, classes]', () => {
		const m = v2Metadata('churn', ['1', '2'], classifier);
		expect(m).toMatchObject({ name: 'churn', versions: ['1', '2'], platform: 'tessera' });
		expect(m.inputs.map((t) => [t.name, t.datatype, t.shape])).toEqual([
			['x', 'FP64', [-1, 1]],
			['c', 'BYTES', [-1, 1]],
			['flag', 'BOOL', [-1, 1]]
		]);
		expect(m.outputs).toEqual([
			{ name: 'label', datatype: 'BYTES', shape: [-1] },
			{ name: 'probabilities', datatype: 'FP64', shape: [-1, 2], parameters: { classes: ['no', 'yes'] } }
		]);
		expect(v2Metadata('r', ['1'], regressor).outputs).toEqual([{ name: 'prediction', datatype: 'FP64', shape: [-1] }]);
	});

	it("reads the protocol document's request layout: named tensors, row-major data flat or nested, [N] or [N, 1]", () => {
		// As the example request of the protocol's "Inference Request Examples", with this model's inputs.
		const request = {
			id: '42',
			inputs: [
				{ name: 'x', shape: [2, 1], datatype: 'FP64', data: [[1.5], [7]] },
				{ name: 'c', shape: [2], datatype: 'BYTES', data: ['a', 'b'] },
				{ name: 'flag', shape: [2, 1], datatype: 'BOOL', data: [true, null] }
			],
			outputs: [{ name: 'label' }]
		};
		expect(read(v2Chunk(input, request, 100))).toEqual({ x: [1.5, 7], c: ['a', 'b'], flag: [1, -1] });
		// INT64 and FP32 are fine for a number column.
		expect(
			read(
				v2Chunk(
					input,
					{
						inputs: [
							{ name: 'x', shape: [1], datatype: 'INT64', data: [3] },
							{ name: 'c', shape: [1], datatype: 'BYTES', data: ['a'] }
						]
					},
					1
				)
			).x
		).toEqual([3]);
	});

	it("takes the ONNX graph's inputs too: booleans as 0/1 numbers, dates as epoch milliseconds", () => {
		const c = { name: 'c', shape: [2], datatype: 'BYTES', data: ['a', 'b'] };
		const x = { name: 'x', shape: [2], datatype: 'FP64', data: [1, 2] };
		expect(read(v2Chunk(input, { inputs: [x, c, { name: 'flag', shape: [2, 1], datatype: 'FP64', data: [1, 0] }] }, 10)).flag).toEqual([
			1, 0
		]);
		expect(message(() => v2Chunk(input, { inputs: [x, c, { name: 'flag', shape: [2], datatype: 'FP64', data: [1, 2] }] }, 10))).toBe(
			'row 2, input "flag" (FP64): 2 is not a boolean (0 or 1)'
		);
		const when: ModelInput = {
			...input,
			columns: [
				{ name: 'when', kind: 'date', required: true, reference: { kind: 'text', count: 0, missing: 0, meanLength: 0, maxLength: 0 } }
			]
		};
		const day = Date.UTC(2026, 11, 7);
		const dates = (datatype: string, data: unknown[]) => {
			const col = coerceRequest(when, v2Chunk(when, { inputs: [{ name: 'when', shape: [data.length], datatype, data }] }, 10)).frame
				.columns[0];
			return col.kind === 'date' ? Array.from(col.values) : null;
		};
		expect(dates('FP64', [day, null])).toEqual([day, NaN]);
		expect(dates('BYTES', ['2026-12-07', null])).toEqual([day, NaN]);
	});

	it('answers in the response layout: model_name, model_version, id echoed, outputs with shape and row-major data', () => {
		const scored: ScoredChunk = {
			rowCount: 2,
			codes: Int32Array.from([1, 0]),
			values: null,
			proba: Float64Array.from([0.25, 0.75, 0.9, 0.1]),
			scored: Uint8Array.from([1, 1]),
			problems: [null, null]
		};
		expect(v2Response('churn', '2', '42', classifier, scored)).toEqual({
			model_name: 'churn',
			model_version: '2',
			id: '42',
			outputs: [
				{ name: 'label', datatype: 'BYTES', shape: [2], data: ['yes', 'no'] },
				{ name: 'probabilities', datatype: 'FP64', shape: [2, 2], data: [0.25, 0.75, 0.9, 0.1], parameters: { classes: ['no', 'yes'] } }
			]
		});
		expect(v2Response('churn', '2', undefined, classifier, scored, [{ name: 'label' }]).outputs.map((o) => o.name)).toEqual(['label']);
		expect(message(() => v2Response('churn', '2', undefined, classifier, scored, [{ name: 'output0' }]))).toBe(
			'unknown output "output0": the model\'s outputs are "label", "probabilities"'
		);
		const reg: ScoredChunk = { ...scored, codes: null, proba: null, values: Float64Array.from([1.5, -2]) };
		expect(v2Response('r', '1', undefined, regressor, reg).outputs).toEqual([
			{ name: 'prediction', datatype: 'FP64', shape: [2], data: [1.5, -2] }
		]);
	});

	it('refuses what does not fit, naming the input and the row', () => {
		const c = { name: 'c', shape: [1], datatype: 'BYTES', data: ['a'] };
		const x = (data: unknown[], datatype = 'FP64', shape = [data.length]) => ({ name: 'x', shape, datatype, data });
		expect(message(() => v2Chunk(input, { inputs: [x(['1.5']), c] }, 10))).toBe('row 1, input "x" (FP64): "1.5" is not a number');
		expect(message(() => v2Chunk(input, { inputs: [x([1], 'BYTES'), c] }, 10))).toBe(
			'input "x" is a number column: its datatype must be FP64, got BYTES'
		);
		expect(message(() => v2Chunk(input, { inputs: [x([1, 2], 'FP64', [2, 2]), c] }, 10))).toBe(
			'input "x" must have shape [N] or [N, 1] (one value per row), got [2, 2]'
		);
		expect(message(() => v2Chunk(input, { inputs: [x([1, 2], 'FP64', [3]), c] }, 10))).toBe(
			'input "x" has 2 values but its shape [3] says 3'
		);
		expect(message(() => v2Chunk(input, { inputs: [x([1, 2]), c] }, 10))).toBe('input "c" has 1 rows, other inputs have 2');
		expect(message(() => v2Chunk(input, { inputs: [{ ...c, name: 'input0' }] }, 10))).toBe(
			'unknown input "input0": the model\'s inputs are "x", "c", "flag"'
		);
		expect(message(() => v2Chunk(input, { inputs: [x([1, 2, 3])] }, 2))).toBe(
			'the request has 3 rows; this server takes at most 2 per request (--max-batch)'
		);
		expect(message(() => coerceRequest(input, v2Chunk(input, { inputs: [x([1])] }, 10)))).toBe('column "c" is missing: the model needs it');
	});
});

describe('MLflow scoring protocol', () => {
	const columns = ['x', 'c', 'flag'];
	it("reads each of MLflow's documented input layouts to the same rows", () => {
		const expected = { x: [1, 2.5], c: ['a', 'b'], flag: [1, 0] };
		// dataframe_split, as pandas' to_json(orient="split") writes it (index included).
		expect(
			read(
				mlflowChunk(
					input,
					{
						dataframe_split: {
							index: [0, 1],
							columns,
							data: [
								[1, 'a', true],
								[2.5, 'b', false]
							]
						}
					},
					10
				)
			)
		).toEqual(expected);
		// dataframe_records, as pandas' to_json(orient="records").
		const records = [
			{ x: 1, c: 'a', flag: true },
			{ x: 2.5, c: 'b', flag: false }
		];
		expect(read(mlflowChunk(input, { dataframe_records: records }, 10))).toEqual(expected);
		// instances (TF serving's row format) as records, as a column object, and as lists in the model's input order.
		expect(read(mlflowChunk(input, { instances: records }, 10))).toEqual(expected);
		expect(read(mlflowChunk(input, { inputs: { x: [1, 2.5], c: ['a', 'b'], flag: [true, false] } }, 10))).toEqual(expected);
		expect(
			read(
				mlflowChunk(
					input,
					{
						instances: [
							[1, 'a', true],
							[2.5, 'b', false]
						]
					},
					10
				)
			)
		).toEqual(expected);
		// text/csv with a header, read by the importer's parser.
		expect(read(csvChunk('x,c,flag\n1,a,true\n2.5,b,false\n', 10).chunk)).toEqual(expected);
		// A ';'-separated CSV reads decimal commas, as tessera predict does.
		const semi = csvChunk('x;c;flag\n1;a;true\n2,5;b;false\n', 10);
		expect(semi.decimalComma).toBe(true);
		expect(coerceRequest(input, semi.chunk, { decimalComma: true }).frame.columns[0]).toMatchObject({
			values: Float64Array.from([1, 2.5])
		});
	});

	it("reads the examples of MLflow's serving documentation (dataframe_split with named columns, inputs as rows)", () => {
		const numberColumn = (name: string) => ({ ...input.columns[0], name });
		const four: ModelInput = { ...input, columns: ['feature1', 'feature2', 'feature3', 'feature4'].map(numberColumn) };
		const frame = (chunk: ReturnType<typeof mlflowChunk>) =>
			coerceRequest(four, chunk).frame.columns.map((c) => (c.kind === 'number' ? Array.from(c.values) : null));
		// https://mlflow.org/docs/latest/genai/serving: "Make Predictions", the curl and the Python request.
		expect(frame(mlflowChunk(four, { inputs: [[1, 2, 3, 4]] }, 10))).toEqual([[1], [2], [3], [4]]);
		const split = { dataframe_split: { columns: ['feature1', 'feature2', 'feature3', 'feature4'], data: [[1, 2, 3, 4]] } };
		expect(frame(mlflowChunk(four, split, 10))).toEqual([[1], [2], [3], [4]]);
		// The local-server page's example: three rows of two values (two of four columns): a clear 400, not a guess.
		expect(
			message(() =>
				mlflowChunk(
					four,
					{
						inputs: [
							[1, 2],
							[3, 4],
							[5, 6]
						]
					},
					10
				)
			)
		).toBe('row 1: expected a list of 4 values (one per column), got [1,2]');
	});

	it("refuses a body without exactly one input field, with MLflow's own sentence", () => {
		expect(message(() => mlflowChunk(input, { index: [0], columns, data: [] }, 10))).toBe(
			"the input must be a JSON object with exactly one of the input fields 'dataframe_split', 'dataframe_records', 'instances', 'inputs'; got 'index', 'columns', 'data'"
		);
		expect(message(() => mlflowChunk(input, { dataframe_records: [{ x: 1 }], instances: [] }, 10))).toMatch(/exactly one/);
		expect(message(() => mlflowChunk(input, { dataframe_split: { columns, data: [[1, 'a']] } }, 10))).toBe(
			'row 1: expected a list of 3 values (one per column), got [1,"a"]'
		);
		expect(message(() => mlflowChunk(input, { dataframe_records: [{ x: { a: 1 }, c: 'a' }] }, 10))).toBe(
			'row 1, column "x": a cell must be a number, string, boolean or null, got {"a":1}'
		);
		expect(message(() => mlflowChunk(input, { dataframe_records: [{ x: 1 }, { x: 2 }] }, 1))).toMatch(/at most 1 per request/);
	});

	it('names the row and column of a cell of the wrong kind, an infinite number and (when asked) an unseen category', () => {
		const rec = (x: unknown, c: unknown) =>
			mlflowChunk(
				input,
				{
					dataframe_records: [
						{ x: 1, c: 'a' },
						{ x, c }
					]
				},
				10
			);
		expect(message(() => coerceRequest(input, rec('heavy', 'a')))).toBe('row 2: x: "heavy" is not a number');
		// JSON.parse('1e999') is Infinity; its text "Infinity" is not a number the importer reads.
		expect(message(() => coerceRequest(input, rec(JSON.parse('1e999'), 'a')))).toBe('row 2: x: "Infinity" is not a number');
		expect(
			message(() =>
				coerceRequest(input, v2Chunk(input, { inputs: [{ name: 'x', shape: [1], datatype: 'FP64', data: [JSON.parse('-1e999')] }] }, 10))
			)
		).toBe('row 1, input "x" (FP64): -Infinity is not a finite number');
		// Unseen labels are scored as the encoder says (as tessera predict), unless the server refuses them.
		expect(coerceRequest(input, rec(2, 'zebra')).unseen.get('c')).toBe(1);
		expect(message(() => coerceRequest(input, rec(2, 'zebra'), { rejectUnseen: true }))).toBe(
			'row 2, column "c": "zebra" is a category training never saw (known: "a", "b")'
		);
		// Missing values are not errors.
		expect(read(rec(null, 'NA'))).toMatchObject({ x: [1, NaN], c: ['a', null] });
	});

	it('answers {"predictions": …}: labels (or numbers) per row, records with probabilities when params.proba', () => {
		const scored: ScoredChunk = {
			rowCount: 2,
			codes: Int32Array.from([1, 0]),
			values: null,
			proba: Float64Array.from([0.25, 0.75, 0.9, 0.1]),
			scored: Uint8Array.from([1, 1]),
			problems: [null, null]
		};
		expect(mlflowResponse(classifier, scored, false)).toEqual({ predictions: ['yes', 'no'] });
		expect(wantsProba({ dataframe_records: [], params: { proba: true } })).toBe(true);
		expect(mlflowResponse(classifier, scored, true)).toEqual({
			predictions: [
				{ prediction: 'yes', 'p(no)': 0.25, 'p(yes)': 0.75 },
				{ prediction: 'no', 'p(no)': 0.9, 'p(yes)': 0.1 }
			]
		});
		expect(mlflowResponse(regressor, { ...scored, codes: null, proba: null, values: Float64Array.from([3, 4]) }, true)).toEqual({
			predictions: [3, 4]
		});
	});
});

describe('drift (PSI over the reference bins)', () => {
	it('is 0 for the same distribution and grows with the shift', () => {
		expect(psi([5, 5], [50, 50])).toBe(0);
		// (0.9 - 0.5) ln(0.9/0.5) + (0.1 - 0.5) ln(0.1/0.5)
		expect(psi([5, 5], [9, 1])).toBeCloseTo(0.4 * Math.log(1.8) + -0.4 * Math.log(0.2), 12);
		expect(psi([1, 0], [0, 1])).toBeGreaterThan(5);
		expect(psi([1, 1], [0, 0])).toBeNaN();
	});

	it('keeps a rolling window of the most recent rows, per feature', () => {
		const w = new DriftWindow(input, 4);
		const add = (x: number[], c: string[]) => w.add(coerceRequest(input, mlflowChunk(input, { inputs: { x, c } }, 100)).frame);
		add([1, 2, 7, 8], ['a', 'a', 'a', 'b']);
		const byName = () => Object.fromEntries(w.scores().map((s) => [s.feature, s.psi]));
		// x: 2 of 4 below 5, as the reference; c: 3 a, 1 b against 8:2; flag: all missing against none missing.
		expect(byName().x).toBeCloseTo(0, 12);
		expect(byName().c).toBeCloseTo(psi([8, 2, 0, 0], [3, 1, 0, 0]), 12);
		expect(byName().flag).toBeGreaterThan(1);
		// Four new rows far above the range push the old ones out: all in the open-ended top bin.
		add([100, 200, 300, 400], ['zebra', 'zebra', 'zebra', 'zebra']);
		expect(w.rows).toBe(4);
		expect(byName().x).toBeCloseTo(psi([5, 5, 0], [0, 4, 0]), 12);
		// Unseen labels land in the "other" bin.
		expect(byName().c).toBeCloseTo(psi([8, 2, 0, 0], [0, 0, 4, 0]), 12);
	});
});
