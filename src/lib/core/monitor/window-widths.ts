/**
 * The widths a capture is cut by: the ones the Monitoring page offers, the automatic choice,
 * the cap on how many windows one report may hold, and how a width reads in a sentence.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Widths the page offers; auto picks the first of minute/hour/day/week giving at most AUTO_WINDOWS windows. */
export const WINDOW_WIDTHS: readonly { readonly label: string; readonly ms: number }[] = [
	{ label: 'minute', ms: MINUTE },
	{ label: '5 minutes', ms: 5 * MINUTE },
	{ label: '15 minutes', ms: 15 * MINUTE },
	{ label: 'hour', ms: HOUR },
	{ label: '6 hours', ms: 6 * HOUR },
	{ label: 'day', ms: DAY },
	{ label: 'week', ms: 7 * DAY }
];
const AUTO_WIDTHS = [MINUTE, HOUR, DAY, 7 * DAY];
const AUTO_WINDOWS = 200;
/** More windows than a chart can show or a person can read. */
export const MAX_WINDOWS = 2000;

export type WindowWidth = 'auto' | number;

export const widthLabel = (ms: number) =>
	WINDOW_WIDTHS.find((w) => w.ms === ms)?.label ?? (ms % MINUTE === 0 ? `${ms / MINUTE} minutes` : `${ms / 1000} s`);

/** "an hour", "a day", "5 minutes": a width as it reads after "windows of". */
export function widthPhrase(label: string): string {
	if (/^\d/.test(label)) return label;
	return `${/^(?:[aeiou]|hour)/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** The auto width for a span of time: the first of minute/hour/day/week giving at most 200 windows. */
export function autoWidth(first: number, last: number): number {
	for (const w of AUTO_WIDTHS) if (Math.floor(last / w) - Math.floor(first / w) + 1 <= AUTO_WINDOWS) return w;
	return AUTO_WIDTHS[AUTO_WIDTHS.length - 1];
}
