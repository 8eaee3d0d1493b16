import { formatDate } from '../../../frame/display';
import { isMissingToken, parseDateToken, parseNumberToken } from '../../../frame/tokens';
import type { Column, ColumnKind } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';
import { compileDateFormat, parseWithFormat } from './date-format';
import { categoryOf } from './labels';
import { dataWith, pickSchema, replaceSchema } from '../../schema-rules';

const KINDS = ['number', 'category', 'text', 'boolean', 'date'] as const;
type Target = (typeof KINDS)[number];
const ALL_KINDS: readonly ColumnKind[] = KINDS;

/** The cell as text (null = missing): what a conversion to another kind starts from. */
function cellString(col: Column, row: number): string | null {
	switch (col.kind) {
		case 'text':
			return col.values[row];
		case 'category':
			return col.codes[row] < 0 ? null : col.dictionary[col.codes[row]];
		case 'boolean':
			return col.codes[row] < 0 ? null : col.codes[row] === 1 ? 'true' : 'false';
		// String, not a display format: all digits survive, so 20240131 can become a date.
		case 'number':
			return Number.isNaN(col.values[row]) ? null : String(col.values[row]);
		case 'date':
			return Number.isNaN(col.values[row]) ? null : formatDate(col.values[row]);
	}
}

/** Blank cells and the CSV reader's missing tokens stay missing without counting as unreadable. */
function blank(s: string): boolean {
	return isMissingToken(s);
}

function numberParser(decimalComma: boolean): (s: string) => number {
	if (!decimalComma) return parseNumberToken;
	// With a decimal comma a '.' is ambiguous (a thousands mark?), so it is not read.
	return (s) => (s.includes('.') ? NaN : parseNumberToken(s.replace(',', '.')));
}

const BOOLEAN_WORDS: ReadonlyMap<string, number> = new Map([
	['true', 1],
	['yes', 1],
	['1', 1],
	['false', 0],
	['no', 0],
	['0', 0]
]);

interface Converted {
	column: Column;
	unreadable: number;
	example: string | null;
}

/** Reads every cell's text with `parse` (NaN = unreadable) into a Float64Array. */
function parseValues(
	col: Column,
	n: number,
	parse: (s: string) => number
): { values: Float64Array; unreadable: number; example: string | null } {
	const values = new Float64Array(n);
	let unreadable = 0;
	let example: string | null = null;
	for (let r = 0; r < n; r++) {
		const raw = cellString(col, r);
		const s = raw === null ? '' : raw.trim();
		const v = blank(s) ? NaN : parse(s);
		if (Number.isNaN(v) && !blank(s)) {
			unreadable++;
			example ??= raw;
		}
		values[r] = v;
	}
	return { values, unreadable, example };
}

function convert(col: Column, to: Target, n: number, params: ParamValues & { readonly format: string }): Converted {
	const name = col.name;
	if (col.kind === to) return { column: col, unreadable: 0, example: null };
	if ((col.kind === 'date' && to === 'boolean') || (col.kind === 'boolean' && to === 'date'))
		throw new Error(`column "${name}" is ${col.kind} and cannot become ${to}; convert it to text first if its values need rewriting`);
	if (to === 'text' || to === 'category') {
		const labels = Array.from({ length: n }, (_, r) => cellString(col, r));
		return { column: to === 'text' ? { kind: 'text', name, values: labels } : categoryOf(name, labels), unreadable: 0, example: null };
	}
	if (to === 'number' && (col.kind === 'date' || col.kind === 'boolean')) {
		// Dates become epoch milliseconds, booleans 0 and 1: nothing to read.
		const values = new Float64Array(n);
		for (let r = 0; r < n; r++) values[r] = col.kind === 'date' ? col.values[r] : col.codes[r] < 0 ? NaN : col.codes[r];
		return { column: { kind: 'number', name, values }, unreadable: 0, example: null };
	}
	if (to === 'number') {
		const out = parseValues(col, n, numberParser(params.decimalComma === true));
		return { column: { kind: 'number', name, values: out.values }, unreadable: out.unreadable, example: out.example };
	}
	if (to === 'date') {
		const text = params.format.trim();
		const format = text ? compileDateFormat(text) : null;
		const out = parseValues(col, n, format ? (s) => parseWithFormat(s, format) : parseDateToken);
		return { column: { kind: 'date', name, values: out.values }, unreadable: out.unreadable, example: out.example };
	}
	const out = parseValues(col, n, (s) => BOOLEAN_WORDS.get(s.toLowerCase()) ?? NaN);
	const codes = Int32Array.from(out.values, (v) => (Number.isNaN(v) ? -1 : v));
	return { column: { kind: 'boolean', name, codes }, unreadable: out.unreadable, example: out.example };
}

export default defineNode({
	type: 'clean.convert',
	version: 1,
	category: 'clean',
	title: 'Convert kinds',
	description:
		'Change the kind of chosen columns: to number, category, text, boolean (true/false, yes/no, 1/0) or date (read with a format, as UTC). Values that cannot be read become missing, and the report counts them per column.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('report') },
	params: {
		columns: p.columns({ label: 'Columns', help: 'The columns to convert (choose at least one)' }),
		to: p.choice(KINDS, {
			default: 'number',
			label: 'Convert to',
			help: 'number: text is read as a number; dates become epoch milliseconds and booleans 0/1. category or text: each value as text. boolean: true/false, yes/no, 1/0 in any case. date: read with the format below.'
		}),
		format: p.string({
			default: '',
			maxLength: 100,
			label: 'Date format',
			help: 'For dates: tokens YYYY, MM, DD, HH, mm, ss; anything else must appear as written, e.g. DD/MM/YYYY or MM/DD/YYYY HH:mm. Empty: ISO dates such as 2024-01-31 or 2024-01-31T08:30:00Z.'
		}),
		decimalComma: p.boolean({
			default: false,
			label: 'Decimal comma',
			help: 'For numbers: read 3,5 as three and a half. A value with a point in it is then unreadable.'
		})
	},
	schema: ({ data }, params) => {
		const cols = data && params.columns.length ? pickSchema(data, params.columns, ALL_KINDS) : null;
		return data && cols
			? dataWith(data, replaceSchema(data.columns, new Map(cols.map((c) => [c.name, [{ name: c.name, kind: params.to }]]))))
			: {};
	},
	replayable: true,
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const chosen = params.columns;
		if (chosen.length === 0) throw new Error('choose the columns to convert in the inspector');
		const to = params.to;
		const n = data.frame.rowCount;
		const replacements = new Map<string, Column[]>();
		const facts: { label: string; value: string | number }[] = [];
		for (const col of pickColumns(data, chosen, ALL_KINDS)) {
			const out = convert(col, to, n, params);
			replacements.set(col.name, [out.column]);
			facts.push({ label: `${col.name}: unreadable → missing`, value: out.unreadable });
			if (out.example !== null) facts.push({ label: `${col.name}: first unreadable value`, value: out.example });
		}
		return {
			data: withFrame(data, replaceColumns(data.frame, replacements)),
			report: factsReport(`Converted ${replacements.size} column${replacements.size === 1 ? '' : 's'} to ${to}`, facts)
		};
	}
});
