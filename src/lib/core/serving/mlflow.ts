/**
 * MLflow's scoring server protocol (`POST /invocations`, MLflow 2.x): a JSON object with
 * exactly one of `dataframe_split` ({columns, data[, index]}), `dataframe_records` ([{col:
 * value}]), `instances` or `inputs` (records, a {col: [values]} object, or rows as lists in
 * the model's input order), optionally `params`; or a CSV body (text/csv) with a header.
 *
 * The answer is `{"predictions": …}` as MLflow's pyfunc gives it for a scikit-learn
 * classifier or regressor: one label (or number) per row. With `"params": {"proba": true}`
 * the model's output is a data frame instead — one record per row, `prediction` then one
 * `p(<class>)` per class, the columns of `tessera predict --proba` — which MLflow returns as
 * records, `{"predictions": [{"prediction": "Adelie", "p(Adelie)": 0.97, …}, …]}`.
 */
import { usesDecimalComma } from '../frame/decimal';
import type { ModelInput } from '../model-file/input';
import type { ModelValue } from '../nodes/ports';
import { CsvParser } from '../readers/csv-parser';
import type { RawChunk } from '../scoring/coerce';
import type { ScoredChunk } from '../scoring/score';
import { badRequest, jsonChunk } from './table';
import { RowLimitError } from './v2';

export const MLFLOW_KEYS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

export interface MlflowRequest {
	readonly dataframe_split?: {
		readonly columns: readonly string[];
		readonly data: readonly (readonly unknown[])[];
		readonly index?: readonly unknown[];
	};
	readonly dataframe_records?: readonly Record<string, unknown>[];
	readonly instances?: unknown;
	readonly inputs?: unknown;
	readonly params?: Record<string, unknown>;
}

/** MLflow's own error body. */
export interface MlflowError {
	readonly error_code: 'BAD_REQUEST' | 'RESOURCE_DOES_NOT_EXIST' | 'INTERNAL_ERROR' | 'REQUEST_LIMIT_EXCEEDED';
	readonly message: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Records → columns: keys first seen first; a record without a key is missing there. */
function recordsChunk(records: readonly unknown[]): RawChunk {
	const names: string[] = [];
	const at = new Map<string, number>();
	const columns: unknown[][] = [];
	records.forEach((record, r) => {
		if (!isRecord(record)) throw badRequest(`row ${r + 1}: a record must be an object like {"column": value}`);
		for (const key of Object.keys(record)) {
			let k = at.get(key);
			if (k === undefined) {
				at.set(key, (k = names.length));
				names.push(key);
				columns.push(new Array<unknown>(records.length).fill(null));
			}
			columns[k][r] = record[key];
		}
	});
	return jsonChunk(names, columns, records.length);
}

/** Rows as lists → columns, by position. */
function splitChunk(names: readonly string[], rows: readonly unknown[]): RawChunk {
	const columns = names.map(() => new Array<unknown>(rows.length));
	rows.forEach((row, r) => {
		if (!Array.isArray(row) || row.length !== names.length)
			throw badRequest(`row ${r + 1}: expected a list of ${names.length} values (one per column), got ${JSON.stringify(row).slice(0, 60)}`);
		row.forEach((v, k) => (columns[k][r] = v));
	});
	return jsonChunk(names, columns, rows.length);
}

/** `instances`/`inputs`: records, a column object, or lists in the model's input order. */
function instancesChunk(input: ModelInput, value: unknown, key: string): RawChunk {
	if (isRecord(value)) {
		const names = Object.keys(value);
		const columns = names.map((n) => {
			const v = value[n];
			if (!Array.isArray(v)) throw badRequest(`${key}: column "${n}" must be a list of values`);
			return v;
		});
		return jsonChunk(names, columns, columns[0]?.length ?? 0);
	}
	if (!Array.isArray(value)) throw badRequest(`${key} must be a list of records, a list of rows, or an object of columns`);
	if (value.length && Array.isArray(value[0]))
		return splitChunk(
			input.columns.map((c) => c.name),
			value
		);
	return recordsChunk(value);
}

export function mlflowChunk(input: ModelInput, body: unknown, maxRows: number): RawChunk {
	if (!isRecord(body)) throw badRequest('the body must be a JSON object');
	const given = MLFLOW_KEYS.filter((k) => k in body);
	if (given.length !== 1)
		throw badRequest(
			`the input must be a JSON object with exactly one of the input fields ${MLFLOW_KEYS.map((k) => `'${k}'`).join(', ')}; got ${Object.keys(
				body
			)
				.map((k) => `'${k}'`)
				.join(', ')}`
		);
	const key = given[0];
	const value = body[key];
	const rows = Array.isArray(value)
		? value.length
		: key === 'dataframe_split' && isRecord(value) && Array.isArray(value.data)
			? value.data.length
			: 0;
	if (rows > maxRows) throw new RowLimitError(rows, maxRows);
	let chunk: RawChunk;
	if (key === 'dataframe_split') {
		if (!isRecord(value) || !Array.isArray(value.data))
			throw badRequest('dataframe_split must be {"columns": [...], "data": [[...], ...]}');
		const columns = value.columns ?? input.columns.map((c) => c.name);
		if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string'))
			throw badRequest('dataframe_split.columns must be a list of column names');
		chunk = splitChunk(columns, value.data);
	} else if (key === 'dataframe_records') {
		if (!Array.isArray(value)) throw badRequest('dataframe_records must be a list of records');
		chunk = recordsChunk(value);
	} else chunk = instancesChunk(input, value, key);
	if (chunk.rowCount > maxRows) throw new RowLimitError(chunk.rowCount, maxRows);
	return chunk;
}

/** Whether the request asks for class probabilities (`params.proba`). */
export function wantsProba(body: unknown): boolean {
	return isRecord(body) && isRecord(body.params) && body.params.proba === true;
}

export function mlflowResponse(model: ModelValue, scored: ScoredChunk, proba: boolean): { predictions: unknown[] } {
	const n = scored.rowCount;
	if (model.task !== 'classification') return { predictions: Array.from(scored.values!) };
	const classes = model.classes ?? [];
	const labels = Array.from(scored.codes!, (c) => classes[c] ?? null);
	if (!proba || !scored.proba) return { predictions: labels };
	const k = classes.length;
	const records: Record<string, unknown>[] = [];
	for (let i = 0; i < n; i++) {
		const record: Record<string, unknown> = { prediction: labels[i] };
		for (let c = 0; c < k; c++) record[`p(${classes[c]})`] = scored.proba[i * k + c];
		records.push(record);
	}
	return { predictions: records };
}

/** JSON schema for the framework's validator: the shape of each field; "exactly one" is checked in mlflowChunk. */
export const MLFLOW_SCHEMA = {
	type: 'object',
	properties: {
		dataframe_split: {
			type: 'object',
			required: ['data'],
			properties: {
				columns: { type: 'array', items: { type: 'string' } },
				data: { type: 'array', items: { type: 'array' } },
				index: { type: 'array' }
			}
		},
		dataframe_records: { type: 'array', items: { type: 'object' } },
		instances: { anyOf: [{ type: 'array' }, { type: 'object' }] },
		inputs: { anyOf: [{ type: 'array' }, { type: 'object' }] },
		params: { type: 'object' }
	}
} as const;

/**
 * A CSV body (`text/csv`, as MLflow takes it): a header row, then rows, read by the importer's
 * own parser (delimiter detected, decimal comma in ';'-separated text) exactly as `tessera
 * predict` reads a CSV file.
 */
export function csvChunk(text: string, maxRows: number): { chunk: RawChunk; decimalComma: boolean } {
	const parser = new CsvParser();
	let table;
	try {
		parser.push(text);
		table = parser.end();
	} catch (e) {
		throw badRequest(`the CSV body cannot be read: ${e instanceof Error ? e.message : String(e)}`);
	}
	if (table.rowCount > maxRows) throw new RowLimitError(table.rowCount, maxRows);
	return {
		chunk: { names: table.header, columns: table.columns.map((cells) => ({ kind: 'text', cells })), rowCount: table.rowCount },
		decimalComma: usesDecimalComma('auto', table.delimiter)
	};
}
