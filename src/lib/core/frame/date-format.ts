/**
 * Dates in a format the user names, like `DD/MM/YYYY` or `YYYY-MM-DD HH:mm`. Tokens:
 * YYYY, YY (00–68 → 2000s, 69–99 → 1900s, as strptime's %y), MM / M, DD / D, HH / H,
 * mm, ss; any other character must appear as written. One-letter tokens take one or two
 * digits. Read as UTC, like ISO dates without a zone (tokens.ts), so every machine
 * gives the same numbers.
 */

type Field = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'minute' | 'second';
type Part = { readonly field: Field; readonly min: number; readonly max: number } | { readonly literal: string };

const TOKENS: readonly [string, Field, number, number][] = [
	['YYYY', 'year', 4, 4],
	['YY', 'year2', 2, 2],
	['MM', 'month', 2, 2],
	['M', 'month', 1, 2],
	['DD', 'day', 2, 2],
	['D', 'day', 1, 2],
	['HH', 'hour', 2, 2],
	['H', 'hour', 1, 2],
	['mm', 'minute', 2, 2],
	['ss', 'second', 2, 2]
];

export class DateFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DateFormatError';
	}
}

function compile(format: string): Part[] {
	const parts: Part[] = [];
	let i = 0;
	const seen = new Set<Field>();
	while (i < format.length) {
		const token = TOKENS.find(([t]) => format.startsWith(t, i));
		if (token) {
			const [t, field, min, max] = token;
			const key = field === 'year2' ? 'year' : field;
			if (seen.has(key)) throw new DateFormatError(`date format "${format}" names the ${key} twice`);
			seen.add(key);
			parts.push({ field, min, max });
			i += t.length;
		} else {
			parts.push({ literal: format[i] });
			i++;
		}
	}
	if (!seen.has('year') || !seen.has('month') || !seen.has('day')) {
		throw new DateFormatError(`date format "${format}" needs a year (YYYY or YY), a month (MM) and a day (DD)`);
	}
	return parts;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A parser for `format`: text → epoch ms (UTC), NaN when the text does not fit. */
export function dateParser(format: string): (text: string) => number {
	const parts = compile(format);
	return (text) => {
		const s = text.trim();
		const v = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
		let i = 0;
		for (const part of parts) {
			if ('literal' in part) {
				if (s[i] !== part.literal) return NaN;
				i++;
				continue;
			}
			let n = 0;
			let digits = 0;
			while (digits < part.max && i < s.length) {
				const c = s.charCodeAt(i);
				if (c < 48 || c > 57) break;
				n = n * 10 + (c - 48);
				i++;
				digits++;
			}
			if (digits < part.min) return NaN;
			if (part.field === 'year2') v.year = n < 69 ? 2000 + n : 1900 + n;
			else v[part.field] = n;
		}
		if (i !== s.length) return NaN;
		const { year, month, day, hour, minute, second } = v;
		if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
		if (hour > 23 || minute > 59 || second > 59) return NaN;
		// Date.UTC reads years 0–99 as 1900–1999; set the year separately to keep it
		const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
		d.setUTCFullYear(year, month - 1, day);
		return d.getTime();
	};
}
