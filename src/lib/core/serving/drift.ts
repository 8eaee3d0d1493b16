/**
 * Per-feature drift of what a server is asked to score, against the training rows the model
 * file describes (ModelInput reference statistics): the Population Stability Index over the
 * reference's own bins, on a rolling window of the most recent rows.
 *
 * Bins per column — numbers and dates: the reference's 20 equal-width histogram bins, the
 * first and last stretched to −∞ and +∞ so every value has one, plus a bin for missing values;
 * categories: each listed training level, one "other" bin (levels beyond the listed ones and
 * labels training never saw) and missing; booleans: false, true, missing. Text columns have
 * no bins and no score.
 *
 * PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ), a the window's and e the reference's share of rows in bin
 * i, each floored at 1e-4 so an empty bin counts as rare rather than infinite. The usual
 * reading: < 0.1 no shift, 0.1–0.25 moderate, > 0.25 a shift worth looking at. Counts are
 * kept incrementally (adding a row and dropping the oldest are O(columns)), and the score is
 * computed when asked (a metrics scrape), so scoring never pays for it.
 */
import type { Frame } from '../frame/types';
import type { InputColumn, ModelInput } from '../model-file/input';

const FLOOR = 1e-4;

/** PSI of two count vectors over the same bins. */
export function psi(reference: ArrayLike<number>, current: ArrayLike<number>): number {
	let rt = 0;
	let ct = 0;
	for (let i = 0; i < reference.length; i++) {
		rt += reference[i];
		ct += current[i];
	}
	if (rt === 0 || ct === 0) return NaN;
	let sum = 0;
	for (let i = 0; i < reference.length; i++) {
		const e = Math.max(reference[i] / rt, FLOOR);
		const a = Math.max(current[i] / ct, FLOOR);
		sum += (a - e) * Math.log(a / e);
	}
	return sum;
}

interface Binned {
	readonly name: string;
	readonly reference: Float64Array;
	/** The bin of each row of a frame's column (looked up by name). */
	bins(frame: Frame, out: Int32Array): boolean;
}

/** Largest i with edges[i] <= v, clamped to the bins (the outer bins are open-ended). */
function numberBin(edges: readonly number[], v: number): number {
	const last = edges.length - 2;
	let lo = 0;
	let hi = last;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (edges[mid] <= v) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

function binned(def: InputColumn): Binned | null {
	const ref = def.reference;
	if (ref.kind === 'number' || ref.kind === 'date') {
		const { edges, counts } = ref.histogram;
		if (counts.length === 0) return null;
		const reference = Float64Array.from([...counts, ref.missing]);
		const missing = counts.length;
		return {
			name: def.name,
			reference,
			bins(frame, out) {
				const col = frame.columns.find((c) => c.name === def.name);
				if (!col || (col.kind !== 'number' && col.kind !== 'date')) return false;
				for (let r = 0; r < frame.rowCount; r++) {
					const v = col.values[r];
					out[r] = v === v ? numberBin(edges, v) : missing;
				}
				return true;
			}
		};
	}
	if (ref.kind === 'category' || ref.kind === 'boolean') {
		const levels = def.kind === 'boolean' ? ['false', 'true'] : (def.levels ?? []);
		const at = new Map(levels.map((l, i) => [l, i]));
		const other = levels.length;
		const missing = levels.length + 1;
		const reference = Float64Array.from([...ref.counts, ref.other, ref.missing]);
		return {
			name: def.name,
			reference,
			bins(frame, out) {
				const col = frame.columns.find((c) => c.name === def.name);
				if (!col) return false;
				if (col.kind === 'boolean') {
					for (let r = 0; r < frame.rowCount; r++) out[r] = col.codes[r] < 0 ? missing : col.codes[r];
					return true;
				}
				if (col.kind !== 'category') return false;
				const byCode = col.dictionary.map((label) => at.get(label) ?? other);
				for (let r = 0; r < frame.rowCount; r++) out[r] = col.codes[r] < 0 ? missing : byCode[col.codes[r]];
				return true;
			}
		};
	}
	return null;
}

/** The most recent `size` rows' bin counts per feature, and their PSI against the reference. */
export class DriftWindow {
	private readonly columns: Binned[];
	private readonly ring: Int32Array[];
	private readonly counts: Float64Array[];
	private next = 0;
	private filled = 0;

	constructor(
		input: ModelInput,
		readonly size: number
	) {
		this.columns = input.columns.map(binned).filter((b): b is Binned => b !== null);
		this.ring = this.columns.map(() => new Int32Array(size).fill(-1));
		this.counts = this.columns.map((c) => new Float64Array(c.reference.length));
	}

	/** Rows in the window now. */
	get rows(): number {
		return this.filled;
	}

	/** Add a frame's rows (the model's input frame, coerced), dropping the oldest beyond the window. */
	add(frame: Frame): void {
		const n = frame.rowCount;
		if (n === 0 || this.size === 0) return;
		const bins = new Int32Array(n);
		// Only the last `size` rows of a big batch can stay in the window.
		const from = Math.max(0, n - this.size);
		const slots = new Int32Array(n - from);
		for (let r = from; r < n; r++) slots[r - from] = (this.next + r - from) % this.size;
		this.columns.forEach((col, k) => {
			const ring = this.ring[k];
			const counts = this.counts[k];
			const ok = col.bins(frame, bins);
			for (let r = from; r < n; r++) {
				const slot = slots[r - from];
				if (ring[slot] >= 0) counts[ring[slot]]--;
				// A column the frame lacks (an optional input left out) counts as missing.
				const bin = ok ? bins[r] : counts.length - 1;
				ring[slot] = bin;
				counts[bin]++;
			}
		});
		this.next = (this.next + n - from) % this.size;
		this.filled = Math.min(this.size, this.filled + n - from);
	}

	/** PSI per feature over the window (NaN while it is empty). */
	scores(): { feature: string; psi: number }[] {
		return this.columns.map((col, k) => ({ feature: col.name, psi: psi(col.reference, this.counts[k]) }));
	}
}
