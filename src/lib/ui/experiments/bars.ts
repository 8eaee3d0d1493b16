import { scaleLinear } from 'd3-scale';

/**
 * The scale of a compare view's metric bars. From zero when that shows the difference; when
 * every value is positive and they differ by little against their size (0.988 and 1.0), the
 * axis starts just below the smallest so the bars differ visibly. The start is returned so the
 * view can say where the axis begins: a bar that does not start at 0 must say so.
 */
export interface BarScale {
	/** Where the bars start (the axis's low end); 0 unless zoomed. */
	readonly from: number;
	readonly to: number;
	/** Bars as percentages of the track: left offset and width; null for a missing value. */
	readonly bars: readonly ({ readonly left: number; readonly width: number } | null)[];
}

export function barScale(values: readonly (number | null)[]): BarScale {
	const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
	const lo = Math.min(0, ...present);
	const hi = Math.max(0, ...present);
	const min = present.length ? Math.min(...present) : 0;
	const max = present.length ? Math.max(...present) : 0;
	let from = lo;
	// Zoom only all-positive figures whose spread is under half the largest (otherwise 0 shows the difference).
	if (min > 0 && max > min && max - min < max / 2) {
		const [niceLo] = scaleLinear()
			.domain([min - (max - min) * 0.5, max])
			.nice(4)
			.domain();
		from = Math.max(0, niceLo);
	}
	const to = hi;
	const span = to - from || 1;
	const bars = values.map((v) => {
		if (v === null || !Number.isFinite(v)) return null;
		if (from > 0) return { left: 0, width: ((v - from) / span) * 100 };
		return { left: ((Math.min(v, 0) - from) / span) * 100, width: (Math.abs(v) / span) * 100 };
	});
	return { from, to, bars };
}
