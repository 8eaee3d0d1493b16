/** Numbers and missing tokens read straight from a CSV chunk's UTF-8 bytes (no string per cell). */

/** 10^0 … 10^22: the powers of ten a double holds exactly. */
export const EXACT_POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** `parseNumberSpan` (frame/tokens.ts) over bytes: the same digits give the same double. */
export function parseNumberBytes(b: Uint8Array, start: number, end: number): number {
	let i = start;
	let c = i < end ? b[i] : -1;
	const negative = c === 45;
	if (c === 43 || c === 45) i++;
	let digits = 0;
	let significant = 0;
	let mantissa = 0;
	let scale = 0;
	while (i < end && (c = b[i]) >= 48 && c <= 57) {
		if (mantissa > 0 || c !== 48) significant++;
		mantissa = mantissa * 10 + (c - 48);
		i++;
		digits++;
	}
	if (i < end && b[i] === 46) {
		i++;
		while (i < end && (c = b[i]) >= 48 && c <= 57) {
			if (mantissa > 0 || c !== 48) significant++;
			mantissa = mantissa * 10 + (c - 48);
			scale--;
			i++;
			digits++;
		}
	}
	if (digits === 0) return NaN;
	if (i < end) {
		c = b[i];
		if (c !== 101 && c !== 69) return NaN;
		i++;
		c = i < end ? b[i] : -1;
		let expNegative = false;
		if (c === 43 || c === 45) {
			expNegative = c === 45;
			i++;
		}
		let exp = 0;
		let expDigits = 0;
		while (i < end && (c = b[i]) >= 48 && c <= 57) {
			exp = exp * 10 + (c - 48);
			i++;
			expDigits++;
		}
		if (expDigits === 0 || i !== end) return NaN;
		scale += expNegative ? -exp : exp;
	}
	if (significant > 15 || scale > 22 || scale < -22) {
		// Only ASCII digits, signs, '.', 'e' got here: one char per byte.
		let s = '';
		for (let k = start; k < end; k++) s += String.fromCharCode(b[k]);
		return Number(s);
	}
	const magnitude = scale >= 0 ? mantissa * EXACT_POW10[scale] : mantissa / EXACT_POW10[-scale];
	return negative ? -magnitude : magnitude;
}

/** Whether bytes [from, to) are exactly one of MISSING_TOKENS (frame/tokens.ts), untrimmed. */
export function isMissingBytes(b: Uint8Array, from: number, to: number): boolean {
	const n = to - from;
	if (n === 0) return true;
	const c0 = b[from];
	if (n === 1) return c0 === 63; // ?
	if (n === 2) return c0 === 78 && b[from + 1] === 65; // NA
	if (n === 3) {
		const c1 = b[from + 1];
		const c2 = b[from + 2];
		return (c0 === 78 && c1 === 47 && c2 === 65) || (c0 === 78 && c1 === 97 && c2 === 78) || (c0 === 110 && c1 === 97 && c2 === 110); // N/A NaN nan
	}
	if (n === 4) {
		const c1 = b[from + 1];
		const c2 = b[from + 2];
		const c3 = b[from + 3];
		if (c0 === 110) return c1 === 117 && c2 === 108 && c3 === 108; // null
		if (c0 === 78) return (c1 === 85 && c2 === 76 && c3 === 76) || (c1 === 111 && c2 === 110 && c3 === 101); // NULL None
	}
	return false;
}
