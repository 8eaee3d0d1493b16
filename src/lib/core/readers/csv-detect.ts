/**
 * Delimiter detection. A delimiter is right when it splits the first records into the
 * same number of fields, outside quotes. Counting consistency (not raw frequency) keeps
 * a comma file whose text happens to contain semicolons from being misread.
 */
export type CsvDelimiter = ',' | ';' | '\t' | '|';

export const CSV_DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** How many records of the sample the detector looks at. */
export const SAMPLE_RECORDS = 20;

/**
 * Field counts of the first complete records of `sample` when split by `delim`.
 * The last record is dropped unless `final`, because it may be cut mid-way.
 */
export function fieldCounts(sample: string, delim: number, final: boolean): number[] {
	const counts: number[] = [];
	let inQuotes = false;
	let fields = 1;
	let recordHasText = false;
	const n = sample.length;
	for (let i = 0; i < n && counts.length < SAMPLE_RECORDS; i++) {
		const c = sample.charCodeAt(i);
		if (inQuotes) {
			if (c === QUOTE) inQuotes = false; // "" re-opens on the next char: same parity
			continue;
		}
		if (c === QUOTE) {
			inQuotes = true;
			recordHasText = true;
		} else if (c === delim) {
			fields++;
			recordHasText = true;
		} else if (c === LF || c === CR) {
			if (c === CR && sample.charCodeAt(i + 1) === LF) i++;
			if (recordHasText) counts.push(fields);
			fields = 1;
			recordHasText = false;
		} else {
			recordHasText = true;
		}
	}
	if (final && recordHasText && !inQuotes && counts.length < SAMPLE_RECORDS) counts.push(fields);
	return counts;
}

/** Picks the delimiter that splits the sample most consistently; ',' when nothing fits. */
export function detectDelimiter(sample: string, final = true): CsvDelimiter {
	let best: CsvDelimiter = ',';
	let bestScore = 0;
	for (const d of CSV_DELIMITERS) {
		const counts = fieldCounts(sample, d.charCodeAt(0), final);
		if (counts.length === 0 || counts[0] < 2) continue;
		let agree = 0;
		for (const k of counts) if (k === counts[0]) agree++;
		// consistency dominates; among equally consistent splits, more fields wins
		const score = (agree / counts.length) * 1e6 + counts[0];
		if (score > bestScore) {
			bestScore = score;
			best = d;
		}
	}
	return best;
}
