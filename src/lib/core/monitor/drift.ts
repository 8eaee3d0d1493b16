/**
 * Data drift between a reference sample (the training rows, or any table) and current data,
 * column by column, with the tests Evidently runs by default so a team that knows Evidently
 * reads the same verdicts:
 *
 *   reference rows ≤ 1,000:  numbers with > 5 distinct values → Kolmogorov–Smirnov;
 *                             otherwise > 2 distinct values → chi-square, 2 → two-proportion z;
 *                             drift when p < 0.05.
 *   more reference rows:     numbers with > 5 distinct values → Wasserstein distance divided by
 *                             the reference's standard deviation (population, floored at 0.001);
 *                             otherwise → Jensen–Shannon distance; drift when ≥ 0.1.
 *   PSI on request:          drift when ≥ 0.1 (0.1–0.25 moderate, above 0.25 significant).
 *
 * "Distinct values" count both samples together; missing values are left out of every test
 * and reported beside it. Jensen–Shannon and PSI compare shares over bins made as Evidently
 * makes them: a number column with more than 20 distinct reference values gets numpy's
 * Sturges bins over both samples, anything else one bin per value; PSI replaces empty bins by
 * a small share (0.0001, or a millionth of the smallest non-zero share when that is smaller)
 * so its logarithm stays finite. The dataset drifts when at least half the tested columns do.
 * Every threshold is an option.
 */
import type { Column, Frame } from '../frame/types';
import type { ModelInput } from '../model-file/input';
import { binned, countKeys, distinctUnion, fillZeroes, labelsOf, sampleOf, type DriftDistribution, type DriftValues } from './bins';
import { chiSquare, jensenShannon, ksTwoSampleSorted, psi as psiOf, twoProportionZ, wassersteinSorted } from './stat-tests';

/** Evidently's default tests, plus PSI. p-value tests drift when p < threshold; distances and PSI when score ≥ threshold. */
export type DriftTest = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';
export type DriftTestChoice = 'auto' | DriftTest;

export interface DriftOptions {
	/** 'auto' = Evidently's rule (above). */
	readonly test: DriftTestChoice;
	readonly pValue: number;
	/** Wasserstein (normalised) and Jensen–Shannon. */
	readonly distance: number;
	readonly psi: number;
	/** Dataset drift when drifted columns / tested columns ≥ this. */
	readonly datasetShare: number;
	/** Reference rows at or below which p-value tests are used. */
	readonly smallReference: number;
}

export const DEFAULT_DRIFT_OPTIONS: DriftOptions = {
	test: 'auto',
	pValue: 0.05,
	distance: 0.1,
	psi: 0.1,
	datasetShare: 0.5,
	smallReference: 1000
};

// The value and chart types live with the bins; importers keep reading them from here.
export type { DriftDistribution, DriftValues } from './bins';

export const DRIFT_TEST_NAMES: Readonly<Record<DriftTest, string>> = {
	ks: 'Kolmogorov–Smirnov',
	chisquare: 'chi-square',
	z: 'two-proportion z-test',
	wasserstein: 'Wasserstein (normed)',
	jensenshannon: 'Jensen–Shannon distance',
	psi: 'PSI'
};

export interface ColumnDrift {
	readonly column: string;
	readonly kind: 'number' | 'category';
	readonly test: DriftTest;
	/** Why this test, in words. */
	readonly reason: string;
	/** The p-value (ks, chisquare, z) or the distance / PSI. */
	readonly score: number;
	readonly scoreKind: 'p-value' | 'distance';
	readonly threshold: number;
	readonly drifted: boolean;
	/** The test's statistic (KS D, χ², z), or the score again for distances. */
	readonly statistic: number;
	readonly referenceRows: number;
	readonly currentRows: number;
	readonly referenceMissing: number;
	readonly currentMissing: number;
	readonly distribution: DriftDistribution;
}

export interface SkippedColumn {
	readonly column: string;
	readonly reason: string;
	/** Never set: keeps a `ColumnDrift` from also passing for a skipped column, so `isSkipped` narrows both ways. */
	readonly test?: never;
}

export interface DriftResult {
	/** Most drifted first: drifted before not, then by strength relative to the threshold. */
	readonly columns: readonly ColumnDrift[];
	readonly skipped: readonly SkippedColumn[];
	readonly drifted: number;
	/** drifted / columns.length (0 when none were tested). */
	readonly share: number;
	readonly datasetDrift: boolean;
	readonly options: DriftOptions;
}

const KIND_WORDS = { number: 'numbers', category: 'categories' } as const;
const P_VALUE_TESTS: ReadonlySet<DriftTest> = new Set(['ks', 'chisquare', 'z']);
const NUMERIC_ONLY: ReadonlySet<DriftTest> = new Set(['ks', 'wasserstein']);
/** A number column needs more distinct values than this for the continuous tests. */
const FEW_VALUES = 5;

function populationStd(sorted: Float64Array): number {
	let mean = 0;
	for (let i = 0; i < sorted.length; i++) mean += sorted[i];
	mean /= sorted.length;
	let ss = 0;
	for (let i = 0; i < sorted.length; i++) ss += (sorted[i] - mean) ** 2;
	return Math.sqrt(ss / sorted.length);
}

function chooseTest(
	kind: 'number' | 'category',
	referenceRows: number,
	distinct: number,
	o: DriftOptions
): { test: DriftTest; reason: string } {
	const values = `${distinct.toLocaleString('en-US')} distinct value${distinct === 1 ? '' : 's'}`;
	if (o.test !== 'auto') {
		if (kind === 'category' && NUMERIC_ONLY.has(o.test)) {
			const fallback = chooseTest(kind, referenceRows, distinct, { ...o, test: 'auto' });
			return { test: fallback.test, reason: `${DRIFT_TEST_NAMES[o.test]} needs numbers; ${fallback.reason}` };
		}
		return { test: o.test, reason: `${DRIFT_TEST_NAMES[o.test]} chosen` };
	}
	const small = referenceRows <= o.smallReference;
	const rows = `${referenceRows.toLocaleString('en-US')} reference rows`;
	const continuous = kind === 'number' && distinct > FEW_VALUES;
	let test: DriftTest;
	if (small) test = continuous ? 'ks' : distinct > 2 ? 'chisquare' : 'z';
	else test = continuous ? 'wasserstein' : 'jensenshannon';
	const shape = kind === 'number' ? `numbers, ${values}` : `categories, ${values}`;
	return {
		test,
		reason: `${rows} (${small ? '≤' : '>'} ${o.smallReference.toLocaleString('en-US')}), ${shape} → ${DRIFT_TEST_NAMES[test]}`
	};
}

/** One column; a `SkippedColumn` with the reason when it cannot be tested. */
export function columnDrift(
	column: string,
	reference: DriftValues,
	current: DriftValues,
	options: Partial<DriftOptions> = {}
): ColumnDrift | SkippedColumn {
	const o: DriftOptions = { ...DEFAULT_DRIFT_OPTIONS, ...options };
	if (reference.kind !== current.kind)
		return { column, reason: `the reference holds ${KIND_WORDS[reference.kind]} and the current data ${KIND_WORDS[current.kind]}` };
	const ref = sampleOf(reference);
	const cur = sampleOf(current);
	const nr = ref.kind === 'number' ? ref.sorted.length : ref.labels.length;
	const nc = cur.kind === 'number' ? cur.sorted.length : cur.labels.length;
	if (nr === 0) return { column, reason: 'no reference values (all missing)' };
	if (nc === 0) return { column, reason: 'no current values (all missing)' };
	const distinct =
		ref.kind === 'number' && cur.kind === 'number'
			? distinctUnion(ref.sorted, cur.sorted)
			: new Set([...labelsOf(ref), ...labelsOf(cur)]).size;
	const { test, reason } = chooseTest(reference.kind, nr, distinct, o);
	const bins = binned(ref, cur);
	let statistic: number;
	let score: number;
	switch (test) {
		case 'ks': {
			const r = ksTwoSampleSorted((ref as { sorted: Float64Array }).sorted, (cur as { sorted: Float64Array }).sorted);
			statistic = r.statistic;
			score = r.pValue;
			break;
		}
		case 'wasserstein': {
			const rs = (ref as { sorted: Float64Array }).sorted;
			const cs = (cur as { sorted: Float64Array }).sorted;
			score = statistic = wassersteinSorted(rs, cs) / Math.max(populationStd(rs), 0.001);
			break;
		}
		case 'chisquare': {
			const counts =
				ref.kind === 'number' && cur.kind === 'number' ? countKeys(ref.sorted, cur.sorted) : countKeys(labelsOf(ref), labelsOf(cur));
			const k = nc / nr;
			const r = chiSquare(
				counts.cur,
				counts.ref.map((x) => x * k)
			);
			statistic = r.statistic;
			score = r.pValue;
			break;
		}
		case 'z': {
			const counts =
				ref.kind === 'number' && cur.kind === 'number' ? countKeys(ref.sorted, cur.sorted) : countKeys(labelsOf(ref), labelsOf(cur));
			if (counts.keys.length === 1) {
				// One value on both sides: nothing moved (Evidently answers p = 1 here).
				statistic = 0;
				score = 1;
			} else {
				const r = twoProportionZ(counts.ref[0], nr, counts.cur[0], nc);
				statistic = r.statistic;
				score = r.pValue;
			}
			break;
		}
		case 'jensenshannon':
			score = statistic = jensenShannon(bins.reference, bins.current);
			break;
		case 'psi':
			score = statistic = psiOf(fillZeroes(bins.reference), fillZeroes(bins.current));
			break;
	}
	const pTest = P_VALUE_TESTS.has(test);
	const threshold = pTest ? o.pValue : test === 'psi' ? o.psi : o.distance;
	return {
		column,
		kind: reference.kind,
		test,
		reason,
		score,
		scoreKind: pTest ? 'p-value' : 'distance',
		threshold,
		drifted: pTest ? score < threshold : score >= threshold,
		statistic,
		referenceRows: nr,
		currentRows: nc,
		referenceMissing: ref.missing,
		currentMissing: cur.missing,
		distribution: bins.distribution
	};
}

/** How far past (or short of) its threshold a column is: > 1 drifted, larger = stronger. */
export function driftStrength(c: ColumnDrift): number {
	if (c.scoreKind === 'p-value') return c.score > 0 ? c.threshold / c.score : Infinity;
	return c.threshold > 0 ? c.score / c.threshold : Infinity;
}

export function isSkipped(c: ColumnDrift | SkippedColumn): c is SkippedColumn {
	return !('test' in c);
}

/** Per-column results together: sorted, the share drifted and the dataset rule. */
export function summariseDrift(results: readonly (ColumnDrift | SkippedColumn)[], options: Partial<DriftOptions> = {}): DriftResult {
	const o: DriftOptions = { ...DEFAULT_DRIFT_OPTIONS, ...options };
	const columns: ColumnDrift[] = [];
	const skipped: SkippedColumn[] = [];
	for (const r of results) {
		if (isSkipped(r)) skipped.push(r);
		else columns.push(r);
	}
	columns.sort((a, b) => Number(b.drifted) - Number(a.drifted) || driftStrength(b) - driftStrength(a) || a.column.localeCompare(b.column));
	const drifted = columns.filter((c) => c.drifted).length;
	const share = columns.length ? drifted / columns.length : 0;
	return { columns, skipped, drifted, share, datasetDrift: drifted > 0 && share >= o.datasetShare, options: o };
}

/** A frame column's values for drift; null for text. */
export function driftValues(column: Column): DriftValues | null {
	switch (column.kind) {
		case 'number':
		case 'date':
			return { kind: 'number', values: column.values };
		case 'category': {
			const labels = new Array<string | null>(column.codes.length);
			for (let i = 0; i < column.codes.length; i++) {
				const c = column.codes[i];
				labels[i] = c < 0 ? null : column.dictionary[c];
			}
			return { kind: 'category', values: labels };
		}
		case 'boolean': {
			const labels = new Array<string | null>(column.codes.length);
			for (let i = 0; i < column.codes.length; i++) {
				const c = column.codes[i];
				labels[i] = c < 0 ? null : c === 1 ? 'true' : 'false';
			}
			return { kind: 'category', values: labels };
		}
		case 'text':
			return null;
	}
}

/** Every column present in both frames (or `columns`), compared. */
export function frameDrift(
	reference: Frame,
	current: Frame,
	options: Partial<DriftOptions> & { readonly columns?: readonly string[] } = {}
): DriftResult {
	const byName = (f: Frame) => new Map(f.columns.map((c) => [c.name, c] as const));
	const refCols = byName(reference);
	const curCols = byName(current);
	const names = options.columns ?? reference.columns.map((c) => c.name).filter((n) => curCols.has(n));
	const results: (ColumnDrift | SkippedColumn)[] = [];
	for (const name of names) {
		const r = refCols.get(name);
		const c = curCols.get(name);
		if (!r || !c) {
			results.push({ column: name, reason: `not in the ${r ? 'current data' : 'reference'}` });
			continue;
		}
		const rv = driftValues(r);
		const cv = driftValues(c);
		if (!rv || !cv) {
			results.push({ column: name, reason: 'text columns have no drift test' });
			continue;
		}
		results.push(columnDrift(name, rv, cv, options));
	}
	return summariseDrift(results, options);
}

/** A model file's reference sample as drift values per input column (text columns left out). */
export function referenceValues(input: ModelInput): ReadonlyMap<string, DriftValues> {
	const out = new Map<string, DriftValues>();
	for (const col of input.columns) {
		const ref = col.reference;
		if (ref.kind === 'number' || ref.kind === 'date') {
			out.set(col.name, { kind: 'number', values: Float64Array.from(ref.sample) });
		} else if (ref.kind === 'category' || ref.kind === 'boolean') {
			const levels = ref.kind === 'boolean' ? ['false', 'true'] : (col.levels ?? []);
			out.set(col.name, {
				kind: 'category',
				// -2 is a level beyond the listed ones: kept as one distinct "other" label.
				values: ref.sample.map((i) => (i === -1 ? null : i === -2 ? '(an unlisted training level)' : levels[i]))
			});
		}
	}
	return out;
}
