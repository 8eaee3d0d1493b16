/**
 * The text of io.schema's `overrides` param: entries `column: kind` separated by `;` or
 * line breaks, e.g. `age: number; zip: category; signup: date(DD/MM/YYYY); notes: ignore`.
 * A column name may itself contain ':' (the kind is matched at the end). Parsed into
 * plain JSON, the step's state; mistakes name the entry.
 */
import { dateParser, DateFormatError } from '../../../frame/date-format';

export type OverrideKind = 'number' | 'category' | 'text' | 'boolean' | 'date' | 'ignore' | 'identifier';

export const OVERRIDE_KINDS: readonly OverrideKind[] = ['number', 'category', 'text', 'boolean', 'date', 'ignore', 'identifier'];

export interface Override {
	readonly column: string;
	readonly kind: OverrideKind;
	/** For dates: the format (tokens in date-format.ts); '' = ISO dates. */
	readonly format: string;
}

const ENTRY = /^(.+?)\s*:\s*([A-Za-z]+)\s*(?:\((.*)\))?$/;

export function parseOverrides(text: string): Override[] {
	const out: Override[] = [];
	const seen = new Set<string>();
	const entries = text.split(/[;\n]/);
	entries.forEach((raw, index) => {
		const entry = raw.trim();
		if (entry === '') return;
		const where = `entry ${index + 1} ("${entry.length > 60 ? `${entry.slice(0, 60)}…` : entry}")`;
		const m = ENTRY.exec(entry);
		if (!m) throw new Error(`overrides, ${where}: write it as "column: kind", for example "age: number"`);
		const [, column, kindText, format] = m;
		const kind = OVERRIDE_KINDS.find((k) => k === kindText.toLowerCase());
		if (!kind) throw new Error(`overrides, ${where}: unknown kind "${kindText}"; use one of ${OVERRIDE_KINDS.join(', ')}`);
		if (format !== undefined && kind !== 'date') throw new Error(`overrides, ${where}: only date takes a format in parentheses`);
		if (seen.has(column)) throw new Error(`overrides, ${where}: column "${column}" is named twice`);
		seen.add(column);
		const fmt = (format ?? '').trim();
		if (fmt) {
			try {
				dateParser(fmt);
			} catch (e) {
				if (e instanceof DateFormatError) throw new Error(`overrides, ${where}: ${e.message}`);
				throw e;
			}
		}
		out.push({ column, kind, format: fmt });
	});
	return out;
}
