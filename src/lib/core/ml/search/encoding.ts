import type { Config, Dimension, RangeDimension, SearchSpace } from './types';

/**
 * Every strategy models a range on the unit interval: linear or log, and for integers
 * the interval [min − ½, max + ½] so that each whole number owns an equal share of it
 * (uniform sampling then gives every integer the same chance, as optuna does).
 */
function bounds(d: RangeDimension): [number, number] {
	const lo = d.kind === 'int' ? d.min - 0.5 : d.min;
	const hi = d.kind === 'int' ? d.max + 0.5 : d.max;
	// A log int range starting at 1 would reach 0.5: still positive, so log stays finite.
	return d.log ? [Math.log(lo), Math.log(hi)] : [lo, hi];
}

/** A range value → [0, 1]. */
export function toUnit(d: RangeDimension, value: number): number {
	const [a, b] = bounds(d);
	const t = d.log ? Math.log(value) : value;
	return Math.min(1, Math.max(0, (t - a) / (b - a)));
}

/** [0, 1] → a range value (whole and within [min, max] for int ranges). */
export function fromUnit(d: RangeDimension, u: number): number {
	const [a, b] = bounds(d);
	const t = a + Math.min(1, Math.max(0, u)) * (b - a);
	const x = d.log ? Math.exp(t) : t;
	const v = d.kind === 'int' ? Math.round(x) : x;
	return Math.min(d.max, Math.max(d.min, v));
}

/** A uniform (log-uniform for log ranges) draw from one dimension. */
export function sampleDimension(d: Dimension, random: () => number): number | string {
	if (d.kind === 'choice') return d.values[Math.min(d.values.length - 1, Math.floor(random() * d.values.length))];
	return fromUnit(d, random());
}

export function sampleConfig(space: SearchSpace, random: () => number): Config {
	const out: Record<string, number | string> = {};
	for (const d of space) out[d.name] = sampleDimension(d, random);
	return out;
}

/** A canonical text key for a configuration: equal configs, equal keys. */
export function configKey(space: SearchSpace, config: Config): string {
	return JSON.stringify(space.map((d) => config[d.name] ?? null));
}

/** How many distinct configurations the space holds (Infinity with any float range). */
export function spaceSize(space: SearchSpace): number {
	let n = 1;
	for (const d of space) {
		if (d.kind === 'float') return Infinity;
		n *= d.kind === 'choice' ? d.values.length : d.max - d.min + 1;
	}
	return n;
}

/** Index of a choice value (0 when unknown, e.g. a config told from an older space). */
export function choiceIndex(values: readonly string[], value: number | string | undefined): number {
	const i = values.indexOf(String(value));
	return i < 0 ? 0 : i;
}
