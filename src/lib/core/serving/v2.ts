/**
 * The Open Inference Protocol (KServe V2, also Triton, Seldon, MLServer), REST side, for a
 * tabular model: one input tensor per raw column the model reads, `[N, 1]` (or `[N]`)
 * row-major; outputs `label` ([N], BYTES) and `probabilities` ([N, classes], FP64, the class
 * order in its `parameters.classes`) for a classifier, `prediction` ([N], FP64) for a
 * regressor. Shapes as in the protocol's documents:
 * https://kserve.github.io/website/docs/concepts/architecture/data-plane/v2-protocol
 */
import type { ColumnKind } from '../frame/types';
import type { ModelInput } from '../model-file/input';
import type { ModelValue } from '../nodes/ports';
import type { RawChunk } from '../scoring/coerce';
import type { ScoredChunk } from '../scoring/score';
import { badRequest, jsonChunk } from './table';

export interface MetadataTensor {
	readonly name: string;
	readonly datatype: string;
	readonly shape: readonly number[];
	readonly parameters?: Record<string, unknown>;
}

export interface V2ModelMetadata {
	readonly name: string;
	readonly versions: readonly string[];
	readonly platform: string;
	readonly inputs: readonly MetadataTensor[];
	readonly outputs: readonly MetadataTensor[];
	readonly parameters?: Record<string, unknown>;
}

export interface V2RequestInput {
	readonly name: string;
	readonly shape: readonly number[];
	readonly datatype: string;
	readonly data: readonly unknown[];
	readonly parameters?: Record<string, unknown>;
}

export interface V2InferRequest {
	readonly id?: string;
	readonly parameters?: Record<string, unknown>;
	readonly inputs: readonly V2RequestInput[];
	readonly outputs?: readonly { readonly name: string }[];
}

export interface V2InferResponse {
	readonly model_name: string;
	readonly model_version?: string;
	readonly id?: string;
	readonly outputs: readonly (MetadataTensor & { readonly data: readonly unknown[] })[];
}

/** The datatype a column's tensor carries: numbers FP64, booleans BOOL, the rest text (dates as ISO 8601). */
export function datatypeOf(kind: ColumnKind): 'FP64' | 'BOOL' | 'BYTES' {
	return kind === 'number' ? 'FP64' : kind === 'boolean' ? 'BOOL' : 'BYTES';
}

const NUMERIC = new Set(['FP16', 'FP32', 'FP64', 'INT8', 'INT16', 'INT32', 'INT64', 'UINT8', 'UINT16', 'UINT32', 'UINT64']);
const TEXT = new Set(['BYTES', 'STRING']);

/**
 * Datatypes a column accepts: its own, and for numbers every numeric width (clients send FP32
 * and INT64 too). Booleans also as numbers 0/1 and dates as epoch milliseconds, the inputs of
 * the model's ONNX graph (`tessera onnx`), so a V2 client written for it works here unchanged.
 */
function accepts(kind: ColumnKind, datatype: string): boolean {
	if (kind === 'number') return NUMERIC.has(datatype);
	if (kind === 'boolean') return datatype === 'BOOL' || TEXT.has(datatype) || NUMERIC.has(datatype);
	if (kind === 'date') return TEXT.has(datatype) || NUMERIC.has(datatype);
	return TEXT.has(datatype);
}

export const PLATFORM = 'tessera';

export function v2Metadata(name: string, versions: readonly string[], model: ModelValue): V2ModelMetadata {
	const input = model.input!;
	const classes = model.task === 'classification' ? (model.classes ?? []) : null;
	return {
		name,
		versions,
		platform: PLATFORM,
		inputs: input.columns.map((c) => ({
			name: c.name,
			datatype: datatypeOf(c.kind),
			shape: [-1, 1],
			parameters: { kind: c.kind, required: c.required, ...(c.levels && !c.levelsTruncated ? { levels: c.levels } : {}) }
		})),
		outputs: classes
			? [
					{ name: 'label', datatype: 'BYTES', shape: [-1] },
					{ name: 'probabilities', datatype: 'FP64', shape: [-1, classes.length], parameters: { classes } }
				]
			: [{ name: 'prediction', datatype: 'FP64', shape: [-1] }],
		parameters: { task: model.task, family: model.family, target: model.target }
	};
}

/** Flatten row-major nested data ([[1],[2]] or [1,2]) to one list. */
function flatten(data: readonly unknown[]): unknown[] {
	if (!data.some(Array.isArray)) return data as unknown[];
	const out: unknown[] = [];
	const walk = (v: unknown) => (Array.isArray(v) ? v.forEach(walk) : out.push(v));
	data.forEach(walk);
	return out;
}

/** Check a cell against its tensor's datatype: a string in a number tensor is the client's mistake. */
function checkCell(tensor: V2RequestInput, kind: ColumnKind, value: unknown, row: number): void {
	if (value === null) return;
	const where = () => `row ${row + 1}, input "${tensor.name}" (${tensor.datatype})`;
	if (NUMERIC.has(tensor.datatype)) {
		if (typeof value !== 'number') throw badRequest(`${where()}: ${JSON.stringify(value)} is not a number`);
		if (!Number.isFinite(value)) throw badRequest(`${where()}: ${value} is not a finite number`);
		if (kind === 'boolean' && value !== 0 && value !== 1) throw badRequest(`${where()}: ${value} is not a boolean (0 or 1)`);
	} else if (tensor.datatype === 'BOOL') {
		if (typeof value !== 'boolean') throw badRequest(`${where()}: ${JSON.stringify(value)} is not a boolean`);
	} else if (typeof value !== 'string') throw badRequest(`${where()}: ${JSON.stringify(value)} is not a string`);
}

/** An inference request's tensors → a chunk of rows, one column per tensor. */
export function v2Chunk(input: ModelInput, request: V2InferRequest, maxRows: number): RawChunk {
	const byName = new Map(input.columns.map((c) => [c.name, c]));
	let rows = -1;
	const names: string[] = [];
	const columns: unknown[][] = [];
	const typed = new Map<number, unknown[]>();
	for (const tensor of request.inputs) {
		const def = byName.get(tensor.name);
		if (!def)
			throw badRequest(`unknown input "${tensor.name}": the model's inputs are ${input.columns.map((c) => `"${c.name}"`).join(', ')}`);
		if (names.includes(tensor.name)) throw badRequest(`input "${tensor.name}" is given twice`);
		if (!accepts(def.kind, tensor.datatype))
			throw badRequest(
				`input "${tensor.name}" is a ${def.kind} column: its datatype must be ${datatypeOf(def.kind)}, got ${tensor.datatype}`
			);
		const shape = tensor.shape;
		if (shape.length < 1 || shape.length > 2 || (shape.length === 2 && shape[1] !== 1))
			throw badRequest(`input "${tensor.name}" must have shape [N] or [N, 1] (one value per row), got [${shape.join(', ')}]`);
		const data = flatten(tensor.data);
		if (data.length !== shape[0])
			throw badRequest(`input "${tensor.name}" has ${data.length} values but its shape [${shape.join(', ')}] says ${shape[0]}`);
		if (rows >= 0 && shape[0] !== rows) throw badRequest(`input "${tensor.name}" has ${shape[0]} rows, other inputs have ${rows}`);
		rows = shape[0];
		if (rows > maxRows) throw new RowLimitError(rows, maxRows);
		data.forEach((v, r) => checkCell(tensor, def.kind, v, r));
		names.push(tensor.name);
		// Numbers for a boolean column are 0/1 → false/true; for a date column they stay numbers (epoch ms), read as typed values.
		columns.push(NUMERIC.has(tensor.datatype) && def.kind === 'boolean' ? data.map((v) => (v === null ? null : v === 1)) : data);
		if (NUMERIC.has(tensor.datatype) && def.kind === 'date') typed.set(names.length - 1, data);
	}
	const chunk = jsonChunk(names, columns, Math.max(rows, 0));
	if (!typed.size) return chunk;
	// Epoch milliseconds as numbers, as a typed reader (Parquet, Arrow) hands dates to coerce.ts.
	return { ...chunk, columns: chunk.columns.map((c, k) => (typed.has(k) ? { kind: 'values', values: typed.get(k)! } : c)) };
}

/** More rows than the server takes in one request (413, as a body that is too large). */
export class RowLimitError extends Error {
	constructor(
		readonly rows: number,
		readonly max: number
	) {
		super(`the request has ${rows} rows; this server takes at most ${max} per request (--max-batch)`);
	}
}

/** The outputs of a scored chunk; `requested` limits them to the names a request asked for. */
export function v2Response(
	name: string,
	version: string,
	id: string | undefined,
	model: ModelValue,
	scored: ScoredChunk,
	requested?: readonly { readonly name: string }[]
): V2InferResponse {
	const n = scored.rowCount;
	const outputs: (MetadataTensor & { data: readonly unknown[] })[] = [];
	if (model.task === 'classification') {
		const classes = model.classes ?? [];
		outputs.push({ name: 'label', datatype: 'BYTES', shape: [n], data: Array.from(scored.codes!, (c) => classes[c] ?? null) });
		if (scored.proba)
			outputs.push({
				name: 'probabilities',
				datatype: 'FP64',
				shape: [n, classes.length],
				data: Array.from(scored.proba),
				parameters: { classes }
			});
	} else outputs.push({ name: 'prediction', datatype: 'FP64', shape: [n], data: Array.from(scored.values!) });
	const wanted = requested?.length ? new Set(requested.map((o) => o.name)) : null;
	if (wanted)
		for (const w of wanted)
			if (!outputs.some((o) => o.name === w))
				throw badRequest(`unknown output "${w}": the model's outputs are ${outputs.map((o) => `"${o.name}"`).join(', ')}`);
	return {
		model_name: name,
		model_version: version,
		...(id !== undefined ? { id } : {}),
		outputs: wanted ? outputs.filter((o) => wanted.has(o.name)) : outputs
	};
}

/** JSON schema of an inference request, for the HTTP framework's validator (shapes checked against the model in v2Chunk). */
export const V2_INFER_SCHEMA = {
	type: 'object',
	required: ['inputs'],
	properties: {
		id: { type: 'string' },
		parameters: { type: 'object' },
		inputs: {
			type: 'array',
			minItems: 1,
			items: {
				type: 'object',
				required: ['name', 'shape', 'datatype', 'data'],
				properties: {
					name: { type: 'string' },
					shape: { type: 'array', items: { type: 'integer', minimum: 0 } },
					datatype: { type: 'string' },
					data: { type: 'array' },
					parameters: { type: 'object' }
				}
			}
		},
		outputs: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } }
	}
} as const;
