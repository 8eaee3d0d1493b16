import type { Frame } from '../frame/types';
import { Role, type DatasetValue, type RecipeStep } from './ports';

export function datasetOf(frame: Frame, sourceHash: string): DatasetValue {
	return { kind: 'dataset', frame, target: null, roles: null, recipe: [], sourceHash };
}

/** Indices of the rows a stateful step may learn from: the training rows, or all rows before a split. */
export function trainingRows(data: DatasetValue): Uint32Array {
	return rowsWithRole(data, Role.train, true);
}

export function rowsWithRole(data: DatasetValue, role: number, allWhenUnsplit = false): Uint32Array {
	const n = data.frame.rowCount;
	if (!data.roles) {
		if (!allWhenUnsplit) return new Uint32Array(0);
		const all = new Uint32Array(n);
		for (let i = 0; i < n; i++) all[i] = i;
		return all;
	}
	let count = 0;
	for (let i = 0; i < n; i++) if (data.roles[i] === role) count++;
	const out = new Uint32Array(count);
	for (let i = 0, j = 0; i < n; i++) if (data.roles[i] === role) out[j++] = i;
	return out;
}

export function withFrame(data: DatasetValue, frame: Frame, roles: Uint8Array | null = data.roles): DatasetValue {
	return { ...data, frame, roles };
}

export function withRecipeStep(data: DatasetValue, step: RecipeStep): DatasetValue {
	return { ...data, recipe: [...data.recipe, step] };
}

export function roleCounts(data: DatasetValue): { train: number; validation: number; test: number; unassigned: number } {
	const c = { train: 0, validation: 0, test: 0, unassigned: 0 };
	if (!data.roles) return { ...c, unassigned: data.frame.rowCount };
	for (const r of data.roles) {
		if (r === Role.train) c.train++;
		else if (r === Role.validation) c.validation++;
		else if (r === Role.test) c.test++;
		else c.unassigned++;
	}
	return c;
}

export function expectDataset(value: unknown, port = 'data'): DatasetValue {
	if (!value || (value as DatasetValue).kind !== 'dataset') throw new Error(`input "${port}" needs a dataset`);
	return value as DatasetValue;
}
