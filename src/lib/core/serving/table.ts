/**
 * Rows that arrive over HTTP, as the scoring core reads them. Both protocols (V2 tensors,
 * MLflow data frames) end up here: named columns of JSON cells → a `RawChunk` → the model's
 * own coercion (core/scoring/coerce.ts), so a row is read exactly as `tessera predict` reads
 * the same row from a JSON file. What predict marks as a row error (and scores around), a
 * server answers with a 400 that names the row and the column: a client sent it, a client
 * must fix it.
 */
import type { Frame } from '../frame/types';
import type { ModelInput } from '../model-file/input';
import { coerceChunk, type CellColumn, type CoercedChunk, type RawChunk } from '../scoring/coerce';
import type { ScoredChunk } from '../scoring/score';

/** A request the server refuses: the HTTP status and the sentence that says why. */
export class ServingError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

export const badRequest = (message: string) => new ServingError(400, message);

/** A JSON value in a cell: a scalar or null. */
export type JsonCell = string | number | boolean | null;

/**
 * Text a JSON scalar reads as, exactly as predict's JSON reader turns it into a cell
 * (predict-input.ts `cellText`), so both give the same doubles and labels. Numbers keep
 * their value (String(x) parses back to x), and null is a missing cell.
 */
function cellText(value: JsonCell): string {
	if (value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

/**
 * Columns of JSON cells → a chunk of text cells. Objects and arrays are refused here (predict
 * would read them as their JSON text, which is never what a client meant in a cell).
 * `rows` is the row count every column must have.
 */
export function jsonChunk(names: readonly string[], columns: readonly (readonly unknown[])[], rows: number): RawChunk {
	const cells: CellColumn[] = columns.map((column, k) => {
		if (column.length !== rows) throw badRequest(`column "${names[k]}" has ${column.length} values, expected ${rows} (one per row)`);
		const values = new Array<string>(rows);
		for (let r = 0; r < rows; r++) {
			const v = column[r];
			if (v !== null && v !== undefined && typeof v === 'object')
				throw badRequest(
					`row ${r + 1}, column "${names[k]}": a cell must be a number, string, boolean or null, got ${JSON.stringify(v).slice(0, 60)}`
				);
			values[r] = v === undefined ? '' : cellText(v as JsonCell);
		}
		return { kind: 'values', values };
	});
	return { names, columns: cells, rowCount: rows };
}

export interface CheckOptions {
	/** Refuse labels training never saw instead of scoring them as the fitted encoder does. */
	readonly rejectUnseen?: boolean;
	readonly decimalComma?: boolean;
}

/** Labels of a column that training saw, or null when the model does not list all of them. */
function knownLevels(input: ModelInput): Map<string, Set<string>> {
	const known = new Map<string, Set<string>>();
	for (const c of input.columns) if (c.kind === 'category' && c.levels && !c.levelsTruncated) known.set(c.name, new Set(c.levels));
	return known;
}

/**
 * Coerce a chunk to the model's input and refuse it as a whole at its first bad row: a
 * required column missing, a cell that is not of its column's kind, an infinite number, and
 * (only with `rejectUnseen`) a category label training never saw.
 */
export function coerceRequest(input: ModelInput, chunk: RawChunk, options: CheckOptions = {}): CoercedChunk {
	const names = new Set(chunk.names);
	const unknown = chunk.names.filter((n) => !input.columns.some((c) => c.name === n));
	for (const c of input.columns)
		if (c.required && !names.has(c.name))
			throw badRequest(
				`column "${c.name}" is missing: the model needs it${unknown.length ? ` (got unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')})` : ''}`
			);
	const coerced = coerceChunk(input, chunk, { decimalComma: options.decimalComma });
	const bad = coerced.problems.findIndex((p) => p !== null);
	if (bad >= 0) {
		const p = coerced.problems[bad]!;
		// The problem's message starts with its column's name (coerce.ts).
		throw badRequest(`row ${bad + 1}: ${p.message}`);
	}
	checkFinite(coerced.frame);
	if (options.rejectUnseen && coerced.unseen.size) checkUnseen(input, chunk);
	return coerced;
}

/** JSON has no NaN or Infinity, but 1e999 parses to Infinity: no model was trained on it. */
function checkFinite(frame: Frame): void {
	for (const col of frame.columns) {
		if (col.kind !== 'number') continue;
		const v = col.values;
		for (let r = 0; r < v.length; r++)
			if (v[r] === Infinity || v[r] === -Infinity) throw badRequest(`row ${r + 1}, column "${col.name}": ${v[r]} is not a finite number`);
	}
}

function checkUnseen(input: ModelInput, chunk: RawChunk): void {
	const known = knownLevels(input);
	chunk.names.forEach((name, k) => {
		const levels = known.get(name);
		const col = chunk.columns[k];
		if (!levels) return;
		const n = chunk.rowCount;
		for (let r = 0; r < n; r++) {
			const s = col.kind === 'text' ? col.cells.get(r) : (col.values[r] as string | null | undefined);
			if (s === null || s === undefined || s.trim() === '' || levels.has(s)) continue;
			// Missing tokens are missing values, not labels (coerce.ts decides the same way).
			if (coerceChunk(input, { names: [name], columns: [{ kind: 'values', values: [s] }], rowCount: 1 }).unseen.size === 0) continue;
			const shown = [...levels].slice(0, 8).map((l) => JSON.stringify(l));
			throw badRequest(
				`row ${r + 1}, column "${name}": ${JSON.stringify(s)} is a category training never saw (known: ${shown.join(', ')}${levels.size > 8 ? ', …' : ''})`
			);
		}
	});
}

/** After scoring: a row the recipe or the model refused is the client's to fix too. */
export function checkScored(scored: ScoredChunk): void {
	const bad = scored.problems.findIndex((p) => p !== null);
	if (bad < 0) return;
	const p = scored.problems[bad]!;
	throw badRequest(`row ${bad + 1}: ${p.message}`);
}
