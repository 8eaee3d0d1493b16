export type CsvCell = string | number | boolean | null;

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvCell(v: CsvCell): string {
	if (v === null) return '';
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
	let s = String(v);
	// Only text is guarded: a number such as -0.5 is data, and stays a number.
	const guarded = typeof v === 'string' && FORMULA_START.test(s);
	if (guarded) s = `'${s}`;
	return guarded || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV (CRLF line ends, quoted where needed) with one header line; text that would run as a spreadsheet formula is quoted inert. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
	const lines = [header.map(csvCell).join(',')];
	for (const row of rows) lines.push(row.map(csvCell).join(','));
	return lines.join('\r\n') + '\r\n';
}
