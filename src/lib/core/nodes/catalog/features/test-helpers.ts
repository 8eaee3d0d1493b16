import type { Column } from '../../../frame/types';
import { datasetOf } from '../../dataset';
import type { StepNode } from '../../define';
import { normaliseParams } from '../../params';
import type { DatasetValue } from '../../ports';
import { testContext } from '../../test-kit';

/** Test helpers for the encoding nodes: fit then apply with the schema's defaults filled in. */
export const num = (c: Column | undefined) => (c as Extract<Column, { kind: 'number' }>).values;
export const col = (data: DatasetValue, name: string) => data.frame.columns.find((c) => c.name === name);
export const names = (data: DatasetValue) => data.frame.columns.map((c) => c.name);

export async function fitApply(def: StepNode, data: DatasetValue, given: Record<string, unknown>) {
	const { params, errors } = normaliseParams(def.params, given);
	if (errors.length) throw new Error(errors.join('; '));
	const state = await def.step.fit(data, params, testContext());
	const apply = (other: DatasetValue) => def.step.apply(other, state, params);
	return { state, out: apply(data), apply };
}

/** A one-column category dataset. */
export function categories(name: string, labels: readonly (string | null)[]): DatasetValue {
	const dictionary = [...new Set(labels.filter((l): l is string => l !== null))];
	const codes = Int32Array.from(labels, (l) => (l === null ? -1 : dictionary.indexOf(l)));
	return datasetOf({ columns: [{ kind: 'category', name, codes, dictionary }], rowCount: labels.length }, 'test');
}

export function numbers(name: string, values: readonly number[]): DatasetValue {
	return datasetOf({ columns: [{ kind: 'number', name, values: Float64Array.from(values) }], rowCount: values.length }, 'test');
}
