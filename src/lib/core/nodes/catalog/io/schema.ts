import { parseDecimalCommaToken } from '../../../frame/decimal';
import { dateParser } from '../../../frame/date-format';
import { formatDate } from '../../../frame/display';
import { isMissing } from '../../../frame/frame';
import { isMissingToken, parseBooleanToken, parseDateToken, parseNumberToken, trimCell } from '../../../frame/tokens';
import type { Column } from '../../../frame/types';
import { requireColumn } from '../../columns';
import { withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';
import { parseOverrides, type Override } from './schema-overrides';
import { dataWith } from '../../schema-rules';
import type { ColumnSchema } from '../../../frame/types';

/**
 * The state is the parsed overrides (plain JSON, nothing learned from rows), so Predict
 * replays exactly the same conversions on raw new rows.
 */
interface SchemaState {
	readonly overrides: readonly Override[];
}

/** Exact text of a cell (numbers unrounded, unlike display text); null when missing. */
function cellSource(col: Column, row: number): string | null {
	if (isMissing(col, row)) return null;
	switch (col.kind) {
		case 'number':
			return String(col.values[row]);
		case 'date':
			return formatDate(col.values[row]);
		case 'category':
			return col.dictionary[col.codes[row]];
		case 'boolean':
			return col.codes[row] === 1 ? 'true' : 'false';
		case 'text':
			return col.values[row];
	}
}

function texts(col: Column, n: number): (string | null)[] {
	const out = new Array<string | null>(n);
	for (let r = 0; r < n; r++) {
		const s = cellSource(col, r);
		out[r] = s === null || isMissingToken(trimCell(s)) ? null : s;
	}
	return out;
}

function parsedNumbers(values: readonly (string | null)[], parse: (s: string) => number): Float64Array {
	return Float64Array.from(values, (s) => (s === null ? NaN : parse(trimCell(s))));
}

function numberOf(s: string): number {
	const v = parseNumberToken(s);
	return v === v ? v : parseDecimalCommaToken(s);
}

function booleanOf(s: string): number {
	if (s === '1') return 1;
	if (s === '0') return 0;
	return parseBooleanToken(s);
}

/** Codes in sorted dictionary order, as inference makes them (infer.ts). */
function categoryOf(name: string, values: readonly (string | null)[]): Column {
	const labels = [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	const code = new Map(labels.map((label, i) => [label, i]));
	return { kind: 'category', name, dictionary: labels, codes: Int32Array.from(values, (v) => (v === null ? -1 : (code.get(v) as number))) };
}

/** The converted column and how many present cells did not fit the kind (now missing). */
export function convertColumn(col: Column, o: Override, n: number): { column: Column; unparsed: number } {
	const values = texts(col, n);
	const present = values.reduce((k, v) => k + (v === null ? 0 : 1), 0);
	let column: Column;
	switch (o.kind) {
		case 'number':
			column = { kind: 'number', name: col.name, values: col.kind === 'number' ? col.values : parsedNumbers(values, numberOf) };
			break;
		case 'date':
			column = {
				kind: 'date',
				name: col.name,
				values: col.kind === 'date' && !o.format ? col.values : parsedNumbers(values, o.format ? dateParser(o.format) : parseDateToken)
			};
			break;
		case 'boolean':
			column = { kind: 'boolean', name: col.name, codes: Int32Array.from(values, (s) => (s === null ? -1 : booleanOf(trimCell(s)))) };
			break;
		case 'category':
			column = categoryOf(col.name, values);
			break;
		default:
			// text, and identifiers: text is never a model feature, so an id cannot leak in
			column = { kind: 'text', name: col.name, values };
	}
	let kept = 0;
	for (let r = 0; r < n; r++) if (!isMissing(column, r)) kept++;
	return { column, unparsed: present - kept };
}

export default defineNode({
	type: 'io.schema',
	version: 1,
	category: 'io',
	title: 'Schema',
	description:
		'Override the kind inferred for any column (number, category, text, boolean, or date with a format), drop columns, or mark identifiers (kept as text, so no model uses them). Cells that do not fit the new kind become missing and are counted in the report.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('report') },
	params: {
		overrides: p.string({
			default: '',
			label: 'Overrides',
			help: 'Entries "column: kind" separated by ";" or new lines. Kinds: number, category, text, boolean, date, date(FORMAT), ignore (drop the column), identifier (keep as text, never a feature). FORMAT uses YYYY, YY, MM, M, DD, D, HH, H, mm, ss, e.g. "signup: date(DD/MM/YYYY)". Example: "age: number; zip: category; notes: ignore; id: identifier".',
			maxLength: 20_000
		})
	},
	schema: ({ data }, params) => {
		if (!data) return {};
		const byName = new Map(parseOverrides(params.overrides).map((o) => [o.column, o]));
		if ([...byName.keys()].some((name) => !data.columns.some((c) => c.name === name))) return {};
		// As convertColumn: identifiers become text; 'ignore' drops the column.
		const columns = data.columns.flatMap((c): ColumnSchema[] => {
			const o = byName.get(c.name);
			if (!o) return [c];
			if (o.kind === 'ignore') return [];
			const kind = o.kind === 'number' || o.kind === 'date' || o.kind === 'boolean' || o.kind === 'category' ? o.kind : 'text';
			return [{ name: c.name, kind }];
		});
		return dataWith(data, columns);
	},
	step: {
		fit(data, params): SchemaState {
			const overrides = parseOverrides(params.overrides);
			for (const o of overrides) requireColumn(data.frame, o.column);
			return { overrides };
		},
		apply(data, state) {
			const frame = data.frame;
			const n = frame.rowCount;
			const byName = new Map(state.overrides.map((o) => [o.column, o]));
			const columns: Column[] = [];
			// A column absent from new rows (often the target, at Predict) is simply skipped.
			for (const col of frame.columns) {
				const o = byName.get(col.name);
				if (!o) columns.push(col);
				else if (o.kind !== 'ignore') columns.push(convertColumn(col, o, n).column);
			}
			return withFrame(data, { columns, rowCount: n });
		},
		report(before, _after, state) {
			const facts: { label: string; value: string | number }[] = [];
			for (const o of state.overrides) {
				const col = before.frame.columns.find((c) => c.name === o.column);
				if (!col) continue;
				if (o.kind === 'ignore') {
					facts.push({ label: o.column, value: 'dropped' });
					continue;
				}
				const { unparsed } = convertColumn(col, o, before.frame.rowCount);
				const kind = o.kind === 'date' && o.format ? `date (${o.format})` : o.kind;
				facts.push({ label: o.column, value: `${col.kind} → ${kind}${unparsed ? `; ${unparsed} cells did not fit (now missing)` : ''}` });
			}
			return factsReport('Schema', facts.length ? facts : [{ label: 'overrides', value: 'none' }]);
		}
	}
});
