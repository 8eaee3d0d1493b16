import { isMissing } from '../../columns';
import type { Column, Frame } from '../../../frame/types';

export const indicatorName = (column: string): string => `${column}_missing`;

/** The columns with at least one missing cell among `rows` (the training rows, at fit time). */
export function columnsWithMissing(columns: readonly Column[], rows: Uint32Array): string[] {
	return columns.filter((col) => rows.some((r) => isMissing(col, r))).map((c) => c.name);
}

/**
 * One 0/1 number column `<column>_missing` per fitted column, appended at the end. The
 * list is fixed at fit time, so new rows get the same columns even when none is missing.
 */
export function indicatorColumns(frame: Frame, columns: readonly string[]): Column[] {
	return columns.map((name) => {
		const col = frame.columns.find((c) => c.name === name);
		if (!col) throw new Error(`column "${name}" is missing; the missing-value indicators were fitted with it`);
		const out = indicatorName(name);
		if (frame.columns.some((c) => c.name === out))
			throw new Error(`column "${out}" already exists; rename it or turn off missing indicators`);
		const values = new Float64Array(frame.rowCount);
		for (let r = 0; r < frame.rowCount; r++) values[r] = isMissing(col, r) ? 1 : 0;
		return { kind: 'number' as const, name: out, values };
	});
}
