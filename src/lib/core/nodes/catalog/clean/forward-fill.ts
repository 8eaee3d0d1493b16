import type { Column, Frame } from '../../../frame/types';
import { replaceColumns, requireColumn } from '../../columns';

/**
 * Row order by a number or date column, ascending, missing keys last and ties in their
 * original order: pandas' `sort_values(kind='stable', na_position='last')`.
 */
export function orderBy(frame: Frame, sortBy: string): number[] {
	const key = requireColumn(frame, sortBy);
	if (key.kind !== 'number' && key.kind !== 'date')
		throw new Error(`forward-fill sorts by "${sortBy}", which is ${key.kind}; choose a number or date column`);
	const v = key.values;
	const order = Array.from({ length: frame.rowCount }, (_, i) => i);
	// Array.prototype.sort is stable, so equal keys keep their row order.
	return order.sort((a, b) => {
		const x = v[a],
			y = v[b];
		if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
		if (Number.isNaN(y)) return -1;
		return x - y;
	});
}

function fillColumn(col: Column, order: readonly number[]): Column {
	if (col.kind === 'category' || col.kind === 'boolean') {
		const codes = col.codes.slice();
		let last = -1;
		for (const r of order) {
			if (codes[r] < 0) codes[r] = last;
			else last = codes[r];
		}
		return { ...col, codes };
	}
	if (col.kind === 'text') {
		const values = col.values.slice();
		let last: string | null = null;
		for (const r of order) {
			if (values[r] === null) values[r] = last;
			else last = values[r];
		}
		return { ...col, values };
	}
	const values = col.values.slice();
	let last = NaN;
	for (const r of order) {
		if (Number.isNaN(values[r])) values[r] = last;
		else last = values[r];
	}
	return { ...col, values };
}

/**
 * Fill each missing cell of `columns` with the previous present value in `sortBy` order
 * (pandas `sort_values(sortBy).ffill()`); cells before the first present value stay
 * missing. Rows keep their positions: only the fill order follows the sort.
 */
export function forwardFill(frame: Frame, columns: readonly string[], sortBy: string): Frame {
	const order = orderBy(frame, sortBy);
	const replacements = new Map<string, Column[]>();
	for (const name of columns) {
		const col = frame.columns.find((c) => c.name === name);
		if (col) replacements.set(name, [fillColumn(col, order)]);
	}
	return replaceColumns(frame, replacements);
}
