import { DAY, HOUR } from '$lib/core/monitor/windows';

const pad = (n: number) => String(n).padStart(2, '0');

/** A window's start as an axis tick, in UTC like the windows: "14:00", "Nov 3", "Nov 3 06:00". */
export function windowTick(start: number, widthMs: number): string {
	const d = new Date(start);
	const day = d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
	const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
	if (widthMs >= DAY) return day;
	if (widthMs >= 6 * HOUR) return `${day} ${time}`;
	return time;
}

/** A window in words: "Nov 2 13:00–14:00 UTC". */
export function windowLabel(start: number, end: number): string {
	const s = new Date(start);
	const e = new Date(end);
	const day = (d: Date) => d.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
	const time = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
	return `${day(s)} ${time(s)}–${day(e) === day(s) ? '' : day(e) + ' '}${time(e)} UTC`;
}

/** Category colours for the prediction mix (Tableau 10). */
export const CLASS_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];
