/**
 * Layout for the SHAP charts (Beeswarm, Waterfall): orderings, dot offsets and colours.
 * Plain functions so the components only draw; the colours are the shap package's.
 */

export const SHAP_RED = '#ff0051';
export const SHAP_BLUE = '#008bfb';

/** A JSON round trip turns NaN into null: anything not a finite number is missing. */
export const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function hex(c: string): [number, number, number] {
	return [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
}

/** Feature value colour, 0 = low (blue) → 1 = high (red), through shap's purple; missing: grey. */
export function valueColour(t: number | null): string {
	if (t === null || !Number.isFinite(t)) return '#b0b5bf';
	const u = Math.min(1, Math.max(0, t));
	const [a, b] = [hex(SHAP_BLUE), hex(SHAP_RED)];
	return `rgb(${a.map((v, i) => Math.round(v + (b[i] - v) * u)).join(',')})`;
}

/** Linear-interpolated quantile of sorted finite values. */
function quantile(sorted: readonly number[], q: number): number {
	const at = (sorted.length - 1) * q;
	const lo = Math.floor(at);
	return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (at - lo);
}

/**
 * Each value's place in [0, 1] between its column's 5th and 95th percentiles (shap's
 * beeswarm clips there too, so one outlier does not wash the colours out); null when missing.
 */
export function colourPositions(values: readonly unknown[]): (number | null)[] {
	const sorted = values.filter(finite).sort((a, b) => a - b);
	if (sorted.length === 0) return values.map(() => null);
	let lo = quantile(sorted, 0.05);
	let hi = quantile(sorted, 0.95);
	if (hi <= lo) [lo, hi] = [sorted[0], sorted[sorted.length - 1]];
	return values.map((v) => (!finite(v) ? null : hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5));
}

/** Feature indices by mean |value| over rows, largest first. `values` is rows × features. */
export function byMeanAbs(values: readonly (readonly unknown[])[], features: number): { order: number[]; meanAbs: number[] } {
	const meanAbs = Array.from({ length: features }, (_, j) => {
		let s = 0;
		for (const row of values) if (finite(row[j])) s += Math.abs(row[j] as number);
		return values.length ? s / values.length : 0;
	});
	return { order: [...meanAbs.keys()].sort((a, b) => meanAbs[b] - meanAbs[a]), meanAbs };
}

/**
 * Vertical offsets that pile dots sharing an x (within `dot` pixels) alternately above and
 * below the centre line, as a beeswarm does; offsets are clamped to ±maxOffset.
 */
export function swarmOffsets(px: readonly number[], dot: number, maxOffset: number): number[] {
	const order = [...px.keys()].sort((a, b) => px[a] - px[b]);
	const out = new Array<number>(px.length).fill(0);
	const counts = new Map<number, number>();
	for (const i of order) {
		const bin = Math.round(px[i] / dot);
		const n = counts.get(bin) ?? 0;
		counts.set(bin, n + 1);
		const step = Math.ceil(n / 2) * (n % 2 === 1 ? -1 : 1) * dot * 0.8;
		out[i] = Math.max(-maxOffset, Math.min(maxOffset, step));
	}
	return out;
}

export interface WaterfallStep {
	readonly label: string;
	readonly value: number;
	/** Where the bar starts and ends on the output axis. */
	readonly start: number;
	readonly end: number;
}

/**
 * One row's waterfall, top to bottom: the `top` features with the largest |SHAP|, then the
 * rest summed as "other N features". Accumulated from the bottom up, so the bottom bar
 * starts at E[f] and the top bar ends at E[f] + Σ values = f(x).
 */
export function waterfallSteps(
	names: readonly string[],
	values: readonly number[],
	featureValues: readonly unknown[],
	expected: number,
	top = 10,
	format: (v: number) => string = String
): WaterfallStep[] {
	const order = [...names.keys()].sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]));
	const shown = order.slice(0, top);
	const rest = order.slice(top);
	const items = shown.map((j) => ({
		label: `${names[j]} = ${finite(featureValues[j]) ? format(featureValues[j] as number) : 'missing'}`,
		value: values[j]
	}));
	if (rest.length)
		items.push({ label: `${rest.length} other feature${rest.length === 1 ? '' : 's'}`, value: rest.reduce((a, j) => a + values[j], 0) });
	const steps: WaterfallStep[] = [];
	let at = expected;
	for (let i = items.length - 1; i >= 0; i--) {
		steps.unshift({ ...items[i], start: at, end: at + items[i].value });
		at += items[i].value;
	}
	return steps;
}
