import type { Frame } from '../frame/types';
import type { ModelInput } from '../model-file/input';
import {
	columnDrift,
	driftValues,
	frameDrift,
	referenceValues,
	summariseDrift,
	type ColumnDrift,
	type DriftOptions,
	type DriftResult,
	type SkippedColumn
} from './drift';

/** Where a drift check's reference rows came from (said in the view and the CLI). */
export type ReferenceSource =
	| { readonly kind: 'dataset'; readonly rows: 'all' | 'training'; readonly count: number }
	| { readonly kind: 'model-sample'; readonly count: number; readonly trainingRows: number };

/** A column the user named that one side lacks: a user error, said with the side. */
export class DriftColumnError extends Error {
	override name = 'DriftColumnError';
}

const has = (frame: Frame, name: string) => frame.columns.some((c) => c.name === name);

/**
 * The columns to compare. Chosen ones must exist on both sides; by default the model's input
 * columns when there is a model (what it reads), else every column both sides share, the
 * target left out either way (its drift is concept drift, shown by the metrics instead).
 */
export function driftColumns(
	reference: readonly string[],
	current: Frame,
	chosen: readonly string[],
	defaults: { readonly target: string | null; readonly input: ModelInput | null }
): { readonly columns: readonly string[]; readonly absent: readonly SkippedColumn[] } {
	if (chosen.length) {
		for (const name of chosen) {
			if (!reference.includes(name)) throw new DriftColumnError(`column "${name}" is not in the reference data`);
			if (!has(current, name)) throw new DriftColumnError(`column "${name}" is not in the current data`);
		}
		return { columns: chosen, absent: [] };
	}
	const wanted = (defaults.input ? defaults.input.columns.map((c) => c.name) : reference).filter((n) => n !== defaults.target);
	const columns = wanted.filter((n) => reference.includes(n) && has(current, n));
	const absent = wanted
		.filter((n) => !columns.includes(n))
		.map((column) => ({ column, reason: reference.includes(column) ? 'not in the current data' : 'not in the reference data' }));
	if (columns.length === 0)
		throw new DriftColumnError(
			defaults.input
				? `the current data has none of the model's input columns (${wanted.slice(0, 5).join(', ')}${wanted.length > 5 ? ', …' : ''})`
				: 'the reference and current data share no column (other than the target)'
		);
	return { columns, absent };
}

/** Skipped columns added to a result (they do not count in the share). */
const withAbsent = (result: DriftResult, absent: readonly SkippedColumn[]): DriftResult =>
	absent.length ? { ...result, skipped: [...result.skipped, ...absent] } : result;

/** Drift of `current` against reference rows, on the columns `driftColumns` picked. */
export function datasetDrift(
	reference: Frame,
	current: Frame,
	picked: ReturnType<typeof driftColumns>,
	options: Partial<DriftOptions>
): DriftResult {
	return withAbsent(frameDrift(reference, current, { ...options, columns: picked.columns }), picked.absent);
}

/** Drift of `current` against a model's reference sample (its training rows, up to 1,000). */
export function sampleDrift(
	input: ModelInput,
	current: Frame,
	picked: ReturnType<typeof driftColumns>,
	options: Partial<DriftOptions>
): DriftResult {
	const reference = referenceValues(input);
	const out: (ColumnDrift | SkippedColumn)[] = [];
	for (const name of picked.columns) {
		const ref = reference.get(name);
		const col = current.columns.find((c) => c.name === name)!;
		const cur = driftValues(col);
		if (!ref || !cur) out.push({ column: name, reason: 'text columns have no drift test' });
		else if (ref.kind !== cur.kind)
			out.push({ column: name, reason: `a ${ref.kind} in the model's reference but a ${col.kind} in the current data` });
		else out.push(columnDrift(name, ref, cur, options));
	}
	return withAbsent(summariseDrift(out, options), picked.absent);
}
