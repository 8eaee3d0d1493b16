import type { Column } from '../../../frame/types';
import { filterRows, requireColumn } from '../../columns';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';

/**
 * Per row, a dense id of the cell's value in this column. Missing cells share one id, so
 * two rows missing in the same place are equal, as in pandas' drop_duplicates. Map keys
 * compare by SameValueZero, so NaN equals NaN and -0 equals 0 (pandas hashes them alike).
 */
function valueIds(col: Column): { ids: Int32Array; distinct: number } {
	if (col.kind === 'category' || col.kind === 'boolean') {
		// Codes are already dense; shift by one so missing (-1) becomes id 0.
		const size = col.kind === 'category' ? col.dictionary.length : 2;
		return { ids: col.codes.map((c) => c + 1), distinct: size + 1 };
	}
	const seen = new Map<number | string | null, number>();
	const ids = new Int32Array(col.values.length);
	for (let r = 0; r < col.values.length; r++) {
		const v = col.values[r];
		let id = seen.get(v);
		if (id === undefined) seen.set(v, (id = seen.size));
		ids[r] = id;
	}
	return { ids, distinct: seen.size };
}

/**
 * 1 for the first row of each group of equal rows over `columns`, 0 for later copies.
 * Refines a dense group id column by column: (group so far, value id) → new dense id;
 * ids stay below the row count, so group × distinct + value never exceeds 2^53.
 */
export function firstOccurrences(columns: readonly Column[], rowCount: number): Uint8Array {
	let groups = new Int32Array(rowCount);
	for (const col of columns) {
		const { ids, distinct } = valueIds(col);
		const dense = new Map<number, number>();
		const next = new Int32Array(rowCount);
		for (let r = 0; r < rowCount; r++) {
			const key = groups[r] * distinct + ids[r];
			let id = dense.get(key);
			if (id === undefined) dense.set(key, (id = dense.size));
			next[r] = id;
		}
		groups = next;
	}
	const keep = new Uint8Array(rowCount);
	const seen = new Uint8Array(rowCount);
	for (let r = 0; r < rowCount; r++) {
		if (seen[groups[r]]) continue;
		seen[groups[r]] = 1;
		keep[r] = 1;
	}
	return keep;
}

export default defineNode({
	type: 'clean.duplicates',
	version: 1,
	category: 'clean',
	title: 'Remove duplicates',
	description:
		'Remove rows that repeat an earlier row, comparing every column or only the ones you choose. The first occurrence stays (with its train/test role); missing values count as equal. Reports how many rows went.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('report') },
	params: {
		columns: p.columns({
			label: 'Compare columns',
			help: 'Two rows are duplicates when they agree on these columns. Empty: every column, the target included.'
		})
	},
	// Removes rows only.
	schema: 'same',
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const chosen = params.columns;
		const columns = chosen.length ? chosen.map((name) => requireColumn(data.frame, name)) : data.frame.columns;
		const before = data.frame.rowCount;
		const keep = firstOccurrences(columns, before);
		const out = filterRows(data.frame, data.roles, keep);
		const after = out.frame.rowCount;
		return {
			data: withFrame(data, out.frame, out.roles),
			report: factsReport('Duplicate rows', [
				{ label: 'Rows before', value: before },
				{ label: 'Duplicates removed', value: before - after },
				{ label: 'Rows after', value: after }
			])
		};
	}
});
