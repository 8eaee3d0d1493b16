import type { ExperimentRecord } from '$lib/state/experiments.svelte';

/** When a run started, to the second, in the person's time zone. */
export function startedAt(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A short name for one experiment in a legend: its node and when it ran. */
export function runLabel(r: ExperimentRecord): string {
	const d = new Date(r.started);
	const time = Number.isNaN(d.getTime())
		? r.started
		: d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
	return `${r.title} · ${time}`;
}

/** Legend names for runs side by side, unique even when two ran the same node in the same second. */
export function runLabels(records: readonly ExperimentRecord[]): string[] {
	const base = records.map(runLabel);
	return base.map((l, i) => (base.indexOf(l) !== base.lastIndexOf(l) ? `${l} (${i + 1})` : l));
}

/** Distinct colours for runs side by side (the same run keeps its colour across charts). */
export const RUN_COLOURS = ['#3b5bdb', '#e8590c', '#2b8a3e', '#ae3ec9', '#1098ad', '#d6336c', '#5c940d', '#f08c00'];
