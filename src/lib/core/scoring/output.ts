/**
 * The rows batch scoring writes: the id (or the 1-based row number), the prediction, with
 * probabilities one `p(<label>)` column per class, and an `error` column. Numbers are written
 * as their shortest round-trip text (`String(x)`), so reading the output back gives the very
 * doubles the model computed.
 */
import type { ModelValue } from '../nodes/ports';
import type { ScoredChunk } from './score';

export interface OutputLayout {
	/** The id column's name, or null for a `row` number column. */
	readonly id: string | null;
	readonly classes: readonly string[] | null;
	readonly proba: boolean;
	/** Header, in order: id/row, prediction, p(…)…, error. */
	readonly header: readonly string[];
}

export function outputLayout(model: ModelValue, id: string | null, proba: boolean): OutputLayout {
	const classes = model.task === 'classification' ? (model.classes ?? []) : null;
	const withProba = proba && classes !== null;
	const header = [id ?? 'row', 'prediction', ...(withProba ? classes.map((c) => `p(${c})`) : []), 'error'];
	return { id, classes, proba: withProba, header };
}

/** One output row's cells, typed: numbers stay numbers (NaN = empty), text stays text (null = empty). */
export interface OutputColumns {
	/** The id's text per row (null = missing), or null when rows are numbered. */
	readonly ids: readonly (string | null)[] | null;
	/** 1-based number of the chunk's first row in the input. */
	readonly firstRow: number;
	readonly scored: ScoredChunk;
}

/** The prediction of row i as text ('' when it was not scored). */
export function predictionText(layout: OutputLayout, s: ScoredChunk, i: number): string {
	if (!s.scored[i]) return '';
	if (s.codes) return layout.classes![s.codes[i]] ?? '';
	const v = s.values![i];
	return v === v ? String(v) : '';
}

/** Probability of class c for row i, NaN when there is none. */
export function probability(layout: OutputLayout, s: ScoredChunk, i: number, c: number): number {
	return s.proba && s.scored[i] ? s.proba[i * layout.classes!.length + c] : NaN;
}

/** Text a spreadsheet would run as a formula (OWASP CSV injection), as util/csv-text.ts guards it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (an id such as -12, a class label such as -1) is data, not a formula: left as it is. */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function csvField(text: string, delimiter: string): string {
	const s = FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
	if (s !== text || s.includes('"') || s.includes(delimiter) || s.includes('\n') || s.includes('\r')) return `"${s.replaceAll('"', '""')}"`;
	return s;
}

export function csvHeader(layout: OutputLayout, delimiter = ','): string {
	return layout.header.map((h) => csvField(h, delimiter)).join(delimiter);
}

/** The chunk as CSV lines, each ending in '\n'. */
export function csvRows(layout: OutputLayout, out: OutputColumns, delimiter = ','): string {
	const s = out.scored;
	const k = layout.proba ? layout.classes!.length : 0;
	// Each class label's field once, not once per row (a million rows have a handful of labels).
	const labelFields = s.codes ? (layout.classes ?? []).map((c) => csvField(c, delimiter)) : null;
	const parts: string[] = [];
	for (let i = 0; i < s.rowCount; i++) {
		let line = out.ids ? csvField(out.ids[i] ?? '', delimiter) : String(out.firstRow + i);
		const prediction = labelFields
			? s.scored[i]
				? (labelFields[s.codes![i]] ?? '')
				: ''
			: csvField(predictionText(layout, s, i), delimiter);
		line += delimiter + prediction;
		for (let c = 0; c < k; c++) {
			const p = probability(layout, s, i, c);
			line += delimiter + (p === p ? String(p) : '');
		}
		const problem = s.problems[i];
		line += delimiter + (problem ? csvField(problem.message, delimiter) : '');
		parts.push(line);
	}
	return parts.length ? parts.join('\n') + '\n' : '';
}

/** The chunk as NDJSON lines (missing values are null), each ending in '\n'. */
export function ndjsonRows(layout: OutputLayout, out: OutputColumns): string {
	const s = out.scored;
	const k = layout.proba ? layout.classes!.length : 0;
	const keys = layout.header.map((h) => JSON.stringify(h));
	const parts: string[] = [];
	for (let i = 0; i < s.rowCount; i++) {
		const id = out.ids ? JSON.stringify(out.ids[i]) : String(out.firstRow + i);
		let prediction = 'null';
		if (s.scored[i]) {
			if (s.codes) prediction = JSON.stringify(layout.classes![s.codes[i]] ?? null);
			// JSON has no NaN or Infinity: those are null.
			else if (Number.isFinite(s.values![i])) prediction = String(s.values![i]);
		}
		let line = `{${keys[0]}:${id},${keys[1]}:${prediction}`;
		for (let c = 0; c < k; c++) {
			const p = probability(layout, s, i, c);
			line += `,${keys[2 + c]}:${p === p ? String(p) : 'null'}`;
		}
		const problem = s.problems[i];
		line += `,${keys[keys.length - 1]}:${problem ? JSON.stringify(problem.message) : 'null'}}`;
		parts.push(line);
	}
	return parts.length ? parts.join('\n') + '\n' : '';
}
