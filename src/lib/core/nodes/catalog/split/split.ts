import { createRandom, shuffleInPlace } from '../../../util/random';
import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p, seedOf } from '../../params';
import { port, Role } from '../../ports';
import { DataError, NotConfiguredError } from '../../errors';
import { inferTask } from '../../task-inference';

/**
 * Assign train / validation / test roles. With stratification each class is split on
 * its own, so every part keeps the class balance. Rows whose target is missing stay
 * unassigned: nothing trains or scores on them.
 */
export function assignRoles(
	groups: readonly number[][],
	rowCount: number,
	fractions: { train: number; validation: number },
	seed: number
): Uint8Array {
	const roles = new Uint8Array(rowCount);
	const random = createRandom(seed);
	for (const group of groups) {
		const rows = shuffleInPlace([...group], random);
		const nTrain = Math.round(rows.length * fractions.train);
		const nVal = Math.min(rows.length - nTrain, Math.round(rows.length * fractions.validation));
		rows.forEach((r, i) => (roles[r] = i < nTrain ? Role.train : i < nTrain + nVal ? Role.validation : Role.test));
	}
	return roles;
}

/** The fewest rows a split part may get (validation only when asked for): fewer, and a model cannot be trained or scored. */
export const MIN_ROLE_ROWS = { train: 2, validation: 1, test: 1 } as const;

export default defineNode({
	type: 'split.train-test',
	version: 1,
	category: 'split',
	title: 'Split',
	description:
		'Choose the target and divide rows into training, validation and test sets. Stratified by the target for classification; the seed makes it repeatable.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data') },
	params: {
		target: p.column({ label: 'Target column', help: 'The column to predict' }),
		train: p.number({
			default: 0.7,
			min: 0.05,
			max: 0.95,
			step: 0.05,
			label: 'Training fraction',
			help: 'Share of rows the steps and the model learn from'
		}),
		validation: p.number({
			default: 0.15,
			min: 0,
			max: 0.9,
			step: 0.05,
			label: 'Validation fraction',
			help: 'Share of rows for early stopping and tuning; the rest is the test set, scored once'
		}),
		stratify: p.boolean({ default: true, label: 'Stratify by target', help: 'Keep class proportions in every part (category targets)' }),
		seed: p.seed({ help: 'Same seed, same rows in each part' })
	},
	// Rows get roles; the columns stay and the target is named.
	schema: ({ data }, params) => ({ data: data && params.target ? { columns: data.columns, target: params.target } : null }),
	run: (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		const targetName = params.target;
		if (!targetName) throw new NotConfiguredError('choose the target column in the inspector');
		const target = requireColumn(data.frame, targetName);
		const train = params.train;
		const validation = params.validation;
		if (train + validation >= 1) throw new Error(`training (${train}) plus validation (${validation}) must leave rows for the test set`);
		const n = data.frame.rowCount;
		const groups = new Map<number, number[]>();
		// Whole numbers with few values (a 0/1 flag, a 1–5 rating) are classes too (inferTask): stratify them.
		const classLike = target.kind === 'number' && inferTask(target).task === 'classification';
		const stratify = params.stratify && (target.kind === 'category' || target.kind === 'boolean' || classLike);
		for (let r = 0; r < n; r++) {
			let key: number | null;
			if (target.kind === 'category' || target.kind === 'boolean') key = target.codes[r] < 0 ? null : target.codes[r];
			else if (target.kind === 'text') key = target.values[r] === null ? null : 0;
			else if (Number.isNaN(target.values[r])) key = null;
			else key = classLike ? target.values[r] : 0;
			if (key === null) continue;
			if (!stratify) key = 0;
			let g = groups.get(key);
			if (!g) groups.set(key, (g = []));
			g.push(r);
		}
		const keys = [...groups.keys()].sort((a, b) => a - b);
		// A class with a single row cannot be split across parts: assignRoles keeps it in training
		// (round(1 × train) = 1), so the model knows it; it is never scored. (Refusing it, as
		// scikit-learn does, would refuse the penguins sample's lone "." sex.)
		const roles = assignRoles(
			keys.map((k) => groups.get(k)!),
			n,
			{ train, validation },
			seedOf(params.seed, ctx.seed)
		);
		const counts = [0, 0, 0, 0];
		for (const [, rows] of groups) for (const r of rows) counts[roles[r]]++;
		const got = { train: counts[Role.train], validation: counts[Role.validation], test: counts[Role.test] };
		const short =
			got.train < MIN_ROLE_ROWS.train || (validation > 0 && got.validation < MIN_ROLE_ROWS.validation) || got.test < MIN_ROLE_ROWS.test;
		if (short)
			throw new DataError(
				`${got.train + got.validation + got.test} row${got.train + got.validation + got.test === 1 ? '' : 's'} with a "${targetName}" value split into ${got.train} training, ${got.validation} validation and ${got.test} test rows: training needs at least ${MIN_ROLE_ROWS.train}, ${validation > 0 ? 'validation and ' : ''}test at least 1. Use more rows, or change the fractions (training ${train}, validation ${validation})`
			);
		return { data: { ...data, target: targetName, roles } };
	}
});
