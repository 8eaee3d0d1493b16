/**
 * Date formats such as `DD/MM/YYYY` or `MM/DD/YYYY HH:mm`, compiled once and applied to
 * every cell with a hand-written scanner (no regex built from user text). Dates are read
 * as UTC so the same file gives the same numbers on every machine.
 */

const TOKENS = ['YYYY', 'MM', 'DD', 'HH', 'mm', 'ss'] as const;
type Token = (typeof TOKENS)[number];
type Part = { token: Token } | { literal: string };

export interface DateFormat {
	readonly parts: readonly Part[];
}

/** Splits a format into tokens and literal text; a format without YYYY is an error. */
export function compileDateFormat(format: string): DateFormat {
	const parts: Part[] = [];
	const seen = new Set<Token>();
	let literal = '';
	for (let i = 0; i < format.length;) {
		const token = TOKENS.find((t) => format.startsWith(t, i));
		if (!token) {
			literal += format[i++];
			continue;
		}
		if (seen.has(token)) throw new Error(`date format "${format}" has ${token} twice`);
		seen.add(token);
		if (literal) parts.push({ literal });
		literal = '';
		parts.push({ token });
		i += token.length;
	}
	if (literal) parts.push({ literal });
	if (!seen.has('YYYY')) throw new Error(`date format "${format}" needs YYYY (tokens: ${TOKENS.join(', ')})`);
	return { parts };
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
	y -= m <= 2 ? 1 : 0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

/**
 * Epoch ms of `text` read with `format`, or NaN when it does not fit. YYYY takes exactly
 * four digits; the other tokens one or two, as Python's strptime (and so pandas) accepts
 * `1/2/2020` for `%d/%m/%Y`. Absent tokens default to the first month, day 1, midnight.
 */
export function parseWithFormat(text: string, format: DateFormat): number {
	const s = text.trim();
	const v: Record<Token, number> = { YYYY: 0, MM: 1, DD: 1, HH: 0, mm: 0, ss: 0 };
	let i = 0;
	for (const part of format.parts) {
		if ('literal' in part) {
			if (!s.startsWith(part.literal, i)) return NaN;
			i += part.literal.length;
			continue;
		}
		const max = part.token === 'YYYY' ? 4 : 2;
		const min = part.token === 'YYYY' ? 4 : 1;
		let value = 0;
		let digits = 0;
		while (digits < max && i < s.length) {
			const c = s.charCodeAt(i);
			if (c < 48 || c > 57) break;
			value = value * 10 + (c - 48);
			digits++;
			i++;
		}
		if (digits < min) return NaN;
		v[part.token] = value;
	}
	if (i !== s.length) return NaN;
	if (v.MM < 1 || v.MM > 12 || v.DD < 1 || v.DD > daysInMonth(v.YYYY, v.MM)) return NaN;
	if (v.HH > 23 || v.mm > 59 || v.ss > 59) return NaN;
	return daysFromCivil(v.YYYY, v.MM, v.DD) * 86_400_000 + ((v.HH * 60 + v.mm) * 60 + v.ss) * 1000;
}
