/**
 * Recognisers for the text of one cell. Hand-written scanners instead of regexes or
 * `Number()` alone: `Number` accepts '0x1F', 'Infinity' and '' which a CSV column of
 * numbers must not, and these run once per cell of a million-row file.
 */

/** Tokens that mean "no value", as pandas reads them by default (a common subset). */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?'];
const MISSING = new Set(MISSING_TOKENS);

/** Trims only when needed: most cells have no surrounding space, and trim() allocates. */
export function trimCell(s: string): string {
	const n = s.length;
	if (n === 0) return s;
	return s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32 ? s.trim() : s;
}

/** `s` must already be trimmed. */
export function isMissingToken(s: string): boolean {
	return s.length <= 4 && MISSING.has(s);
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** Powers of ten that are exact doubles, for the fast path of `parseNumberSpan`. */
const EXACT_POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * A plain, decimal or scientific number with optional sign in text[start, end); NaN when
 * the span is not one. No string is built when the significand has at most 15 digits and
 * the scaled exponent is within ±22: then significand and power of ten are exact doubles,
 * so one multiplication or division rounds correctly and equals `Number(text)` (Clinger's
 * fast path). Other spans fall back to `Number`.
 */
export function parseNumberSpan(text: string, start: number, end: number): number {
	let i = start;
	let c = text.charCodeAt(i);
	const negative = c === 45;
	if (c === 43 || c === 45) i++;
	let digits = 0;
	let significant = 0;
	let mantissa = 0;
	let scale = 0;
	while (i < end && isDigit((c = text.charCodeAt(i)))) {
		if (mantissa > 0 || c !== 48) significant++;
		mantissa = mantissa * 10 + (c - 48);
		i++;
		digits++;
	}
	if (i < end && text.charCodeAt(i) === 46) {
		i++;
		while (i < end && isDigit((c = text.charCodeAt(i)))) {
			if (mantissa > 0 || c !== 48) significant++;
			mantissa = mantissa * 10 + (c - 48);
			scale--;
			i++;
			digits++;
		}
	}
	if (digits === 0) return NaN;
	if (i < end) {
		c = text.charCodeAt(i);
		if (c !== 101 && c !== 69) return NaN;
		i++;
		c = text.charCodeAt(i);
		let expNegative = false;
		if (c === 43 || c === 45) {
			expNegative = c === 45;
			i++;
		}
		let exp = 0;
		let expDigits = 0;
		while (i < end && isDigit((c = text.charCodeAt(i)))) {
			exp = exp * 10 + (c - 48);
			i++;
			expDigits++;
		}
		if (expDigits === 0 || i !== end) return NaN;
		scale += expNegative ? -exp : exp;
	}
	if (significant > 15 || scale > 22 || scale < -22) return Number(text.slice(start, end));
	const magnitude = scale >= 0 ? mantissa * EXACT_POW10[scale] : mantissa / EXACT_POW10[-scale];
	return negative ? -magnitude : magnitude;
}

/** `parseNumberSpan` over a whole string. */
export function parseNumberToken(s: string): number {
	return parseNumberSpan(s, 0, s.length);
}

/** 1 for true/yes, 0 for false/no (any case), -1 otherwise. 0/1 stay numbers. */
export function parseBooleanToken(s: string): number {
	const n = s.length;
	if (n < 2 || n > 5) return -1;
	const lower = s.toLowerCase();
	if (lower === 'true' || lower === 'yes') return 1;
	if (lower === 'false' || lower === 'no') return 0;
	return -1;
}

function digitsAt(s: string, at: number, count: number): number {
	let v = 0;
	for (let i = at; i < at + count; i++) {
		const c = s.charCodeAt(i);
		if (!isDigit(c)) return -1;
		v = v * 10 + (c - 48);
	}
	return v;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const MS_PER_DAY = 86_400_000;

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
 * ISO dates `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fff]]`
 * and `Z` or `±HH:MM`. Times without a zone are read as UTC so the same file gives the
 * same numbers on every machine. Returns epoch ms, or NaN when `s` is not such a date.
 */
export function parseDateToken(s: string): number {
	const n = s.length;
	if (n < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
	const year = digitsAt(s, 0, 4);
	const month = digitsAt(s, 5, 2);
	const day = digitsAt(s, 8, 2);
	if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
	let ms = daysFromCivil(year, month, day) * MS_PER_DAY;
	if (n === 10) return ms;
	const sep = s.charCodeAt(10);
	if ((sep !== 84 && sep !== 32) || n < 16 || s.charCodeAt(13) !== 58) return NaN;
	const hour = digitsAt(s, 11, 2);
	const minute = digitsAt(s, 14, 2);
	if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
	ms += (hour * 60 + minute) * 60_000;
	let i = 16;
	if (s.charCodeAt(i) === 58) {
		const second = digitsAt(s, i + 1, 2);
		if (second < 0 || second > 59) return NaN;
		ms += second * 1000;
		i += 3;
		if (s.charCodeAt(i) === 46) {
			i++;
			const from = i;
			let frac = 0;
			let scale = 1;
			while (i < n && isDigit(s.charCodeAt(i))) {
				if (i - from < 3) {
					frac = frac * 10 + (s.charCodeAt(i) - 48);
					scale *= 10;
				}
				i++;
			}
			if (i === from) return NaN;
			ms += Math.round((frac * 1000) / scale);
		}
	}
	if (i === n) return ms;
	const zone = s.charCodeAt(i);
	if (zone === 90 && i + 1 === n) return ms;
	if ((zone === 43 || zone === 45) && (n - i === 6 || n - i === 5)) {
		const oh = digitsAt(s, i + 1, 2);
		const om = digitsAt(s, n - 2, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59) return NaN;
		if (n - i === 6 && s.charCodeAt(i + 3) !== 58) return NaN;
		const offset = (oh * 60 + om) * 60_000;
		return zone === 43 ? ms - offset : ms + offset;
	}
	return NaN;
}
