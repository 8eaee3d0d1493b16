/**
 * The decimal comma. Files from much of Europe write 1,5 for one and a half and, since
 * the comma is taken, separate fields with ';'. Such a column fails the ordinary number
 * scan; inference then tries it once more with ',' as the decimal separator.
 */
import { parseNumberToken } from './tokens';
import type { CsvDelimiter } from '../readers/csv-detect';

/** 'auto': ',' in ';'-separated files, '.' otherwise. */
export type DecimalChoice = 'auto' | '.' | ',';

export const DECIMAL_CHOICES: readonly DecimalChoice[] = ['auto', '.', ','];

/** Whether inference should try the decimal comma for a file with this delimiter. */
export function usesDecimalComma(choice: DecimalChoice, delimiter: CsvDelimiter): boolean {
	return choice === ',' || (choice === 'auto' && delimiter === ';');
}

/**
 * A number written with one decimal comma ('1,5', '-0,125', '2,5e3'); NaN otherwise.
 * A '.' anywhere makes it not a number, as in pandas' `decimal=','` without `thousands`:
 * '1.234,5' is ambiguous, and guessing a thousands separator would silently misread it.
 */
export function parseDecimalCommaToken(s: string): number {
	const comma = s.indexOf(',');
	if (s.indexOf('.') >= 0) return NaN;
	if (comma < 0) return parseNumberToken(s);
	if (s.indexOf(',', comma + 1) >= 0) return NaN;
	return parseNumberToken(`${s.slice(0, comma)}.${s.slice(comma + 1)}`);
}
