/**
 * Score one chunk of coerced rows exactly as the studio's Predict node scores a table: the
 * fitted recipe replayed (`applyRecipe`), then the family's predictor (`predictionColumns`).
 * Rows with a coercion problem are left out; if the recipe or the model still refuses the
 * chunk, it is split in halves until each refusing row is alone, so one bad row costs its own
 * prediction and never its neighbours'. Every recipe step and every predictor works row by
 * row (no step replayed on new rows looks at other rows), so scoring a subset gives each row
 * the numbers it gets in the whole table, bit for bit.
 *
 * Unseen categories are not errors: they go where the fitted encoder sends them in the studio —
 * one-hot: all zeros (or the "(other)" column when it is on); ordinal: its "missing or unseen"
 * code; target and frequency encoders: their fallback (the prior, a zero count); the trees'
 * native categories: treated as a missing value (the split's learned missing direction).
 */
import { applyRecipe } from '../engine/recipe';
import type { Column, Frame } from '../frame/types';
import { takeRows } from '../frame/verbs';
import { datasetOf } from '../nodes/dataset';
import type { ModelValue } from '../nodes/ports';
import { predictionColumns } from '../nodes/predictors';
import type { Registry } from '../nodes/registry';
import type { CoercedChunk, RowProblem } from './coerce';

export interface ScoredChunk {
	readonly rowCount: number;
	/** Classification: the class index per row (-1: not scored). */
	readonly codes: Int32Array | null;
	/** Regression: the value per row (NaN where not scored). */
	readonly values: Float64Array | null;
	/** Class probabilities, row-major (row i, class c at i * classes + c); NaN where not scored. Null when the model has none. */
	readonly proba: Float64Array | null;
	/** Whether row i was scored (no problem). */
	readonly scored: Uint8Array;
	readonly problems: readonly (RowProblem | null)[];
}

/** What the recipe or the model said about one row it refused. */
function refusal(e: unknown): RowProblem {
	const message = e instanceof Error ? e.message : String(e);
	return { column: null, problem: 'refused by the model', message: `the model refused this row: ${message}` };
}

const DROPPED: RowProblem = {
	column: null,
	problem: 'dropped by the recipe',
	message: "the model's recipe drops this row (a step of it filters rows), so it has no prediction"
};

/** Indices of the rows to score: those without a problem. */
function goodRows(problems: readonly (RowProblem | null)[]): Uint32Array {
	let count = 0;
	for (const p of problems) if (p === null) count++;
	const rows = new Uint32Array(count);
	let k = 0;
	problems.forEach((p, r) => {
		if (p === null) rows[k++] = r;
	});
	return rows;
}

class RowsDropped extends Error {}

export async function scoreChunk(registry: Registry, model: ModelValue, chunk: CoercedChunk): Promise<ScoredChunk> {
	const n = chunk.frame.rowCount;
	const problems = chunk.problems.slice();
	const classes = model.task === 'classification' ? (model.classes ?? []) : null;
	const codes = classes ? new Int32Array(n).fill(-1) : null;
	const values = classes ? null : new Float64Array(n).fill(NaN);
	let proba: Float64Array | null = null;
	const scored = new Uint8Array(n);

	/** Score `rows` (indices into the chunk) in one go; throws if the recipe or model refuses any. */
	const attempt = async (rows: Uint32Array) => {
		const frame: Frame = rows.length === n ? chunk.frame : takeRows(chunk.frame, rows);
		const prepared = applyRecipe(registry, { ...datasetOf(frame, 'scoring'), roles: null }, model.recipe).frame;
		if (prepared.rowCount !== rows.length) throw new RowsDropped();
		const added: Column[] = await predictionColumns(model, prepared);
		const prediction = added[0];
		if (prediction.kind === 'category' && codes) for (let i = 0; i < rows.length; i++) codes[rows[i]] = prediction.codes[i];
		else if (prediction.kind === 'number' && values) for (let i = 0; i < rows.length; i++) values[rows[i]] = prediction.values[i];
		const p = added.slice(1);
		if (classes && p.length === classes.length) {
			const k = classes.length;
			proba ??= new Float64Array(n * k).fill(NaN);
			for (let c = 0; c < k; c++) {
				const col = p[c];
				if (col.kind !== 'number') continue;
				for (let i = 0; i < rows.length; i++) proba[rows[i] * k + c] = col.values[i];
			}
		}
		for (const r of rows) scored[r] = 1;
	};

	/** Halve a refused set until each refusing row is alone; the others are scored. */
	const bisect = async (rows: Uint32Array): Promise<void> => {
		if (rows.length === 0) return;
		try {
			await attempt(rows);
		} catch (e) {
			if (rows.length === 1) {
				problems[rows[0]] = e instanceof RowsDropped ? DROPPED : refusal(e);
				return;
			}
			const half = rows.length >> 1;
			await bisect(rows.subarray(0, half));
			await bisect(rows.subarray(half));
		}
	};

	await bisect(goodRows(problems));
	return { rowCount: n, codes, values, proba, scored, problems };
}
