/**
 * A CSV that cannot be read faithfully. `line` is the 1-based physical line where the
 * offending record starts (or where the offending quote opened), so a person can find
 * it in an editor; `column` names the header field when one is involved.
 */
export class CsvError extends Error {
	readonly line: number;
	readonly column?: string;

	constructor(line: number, message: string, column?: string) {
		super(`line ${line}: ${message}`);
		this.name = 'CsvError';
		this.line = line;
		if (column !== undefined) this.column = column;
	}
}
