import type { Column } from '../../../frame/types';
import { createRandom, shuffleInPlace } from '../../../util/random';
import { filterRows, requireColumn } from '../../columns';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, seedOf } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';

const METHODS = ['first', 'random', 'stratified'] as const;

/** A grouping key per row for stratification; missing values form a group of their own. */
function keyOf(col: Column, row: number): number | string | null {
	switch (col.kind) {
		case 'category':
		case 'boolean':
			return col.codes[row] < 0 ? null : col.codes[row];
		case 'number':
		case 'date':
			return Number.isNaN(col.values[row]) ? null : col.values[row];
		case 'text':
			return col.values[row];
	}
}

/**
 * How many rows each group gives so the total is exactly `total`: every group gets the
 * whole part of its share, and the rows left over go to the largest remainders (ties:
 * the earlier group), as in Hamilton's apportionment.
 */
export function allocate(sizes: readonly number[], total: number): number[] {
	const all = sizes.reduce((a, b) => a + b, 0);
	if (all === 0) return sizes.map(() => 0);
	const shares = sizes.map((s) => (s * total) / all);
	const counts = shares.map(Math.floor);
	const order = shares.map((s, i) => i).sort((a, b) => shares[b] - counts[b] - (shares[a] - counts[a]) || a - b);
	let left = total - counts.reduce((a, b) => a + b, 0);
	for (const i of order) {
		if (left <= 0) break;
		counts[i]++;
		left--;
	}
	return counts;
}

/**
 * The rows to keep as a 0/1 mask. Random picks shuffle with the seed and then keep the
 * chosen rows in their original order, so time-ordered data stays ordered.
 */
export function sampleMask(rowCount: number, size: number, method: string, groups: readonly number[][], seed: number): Uint8Array {
	const keep = new Uint8Array(rowCount);
	if (method === 'first') {
		keep.fill(1, 0, size);
		return keep;
	}
	const random = createRandom(seed);
	const counts = allocate(
		groups.map((g) => g.length),
		size
	);
	groups.forEach((group, g) => {
		const rows = shuffleInPlace([...group], random);
		for (let i = 0; i < counts[g]; i++) keep[rows[i]] = 1;
	});
	return keep;
}

function groupRows(col: Column | null, rowCount: number): number[][] {
	if (!col) return [Array.from({ length: rowCount }, (_, i) => i)];
	const groups = new Map<number | string | null, number[]>();
	for (let r = 0; r < rowCount; r++) {
		const key = keyOf(col, r);
		let g = groups.get(key);
		if (!g) groups.set(key, (g = []));
		g.push(r);
	}
	// In order of first appearance: a Map keeps insertion order, so the draw is repeatable.
	return [...groups.values()];
}

export default defineNode({
	type: 'clean.sample',
	version: 1,
	category: 'clean',
	title: 'Sample rows',
	description:
		"Keep a subset of rows: the first ones, a random sample, or a stratified sample that keeps the proportions of a column's values. Kept rows stay in their original order and keep their train/validation/test roles; the seed makes the sample repeatable.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('report') },
	params: {
		method: p.choice(METHODS, {
			default: 'random',
			label: 'Method',
			help: 'first: the top rows. random: rows drawn with the seed. stratified: a random draw within each value of the column below'
		}),
		amount: p.choice(['rows', 'fraction'], { default: 'rows', label: 'Size as', help: 'A number of rows, or a fraction of all rows' }),
		rows: p.int({ default: 1000, min: 0, label: 'Rows', help: 'How many rows to keep (all of them when there are fewer)' }),
		fraction: p.number({
			default: 0.1,
			min: 0,
			max: 1,
			step: 0.05,
			label: 'Fraction',
			help: 'The share of rows to keep, rounded to whole rows'
		}),
		stratify: p.column({ label: 'Stratify by', help: 'For stratified: the column whose proportions the sample keeps. Empty: the target' }),
		seed: p.seed({ help: 'The same seed draws the same rows' })
	},
	// Keeps some rows; the columns stay.
	schema: 'same',
	run: (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		const n = data.frame.rowCount;
		const method = params.method;
		const size = Math.min(n, params.amount === 'fraction' ? Math.round(params.fraction * n) : params.rows);
		let col: Column | null = null;
		if (method === 'stratified') {
			const name = params.stratify || data.target;
			if (!name) throw new Error('choose the column to stratify by in the inspector');
			col = requireColumn(data.frame, name);
		}
		const keep = sampleMask(n, size, method, groupRows(col, n), seedOf(params.seed, ctx.seed));
		const out = filterRows(data.frame, data.roles, keep);
		return {
			data: withFrame(data, out.frame, out.roles),
			report: factsReport('Sample rows', [
				{ label: 'Rows before', value: n },
				{ label: 'Rows kept', value: out.frame.rowCount }
			])
		};
	}
});
