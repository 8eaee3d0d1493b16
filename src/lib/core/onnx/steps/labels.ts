import { OnnxExportError } from '../ir';
import { codeIndex, stringIndex } from '../ops';
import type { GraphColumn, StepEnv } from './env';

const BOOLEAN_LABELS = ['false', 'true'] as const;

/**
 * A category or boolean column's label as its index in `fitted` (float [N, 1]): -1 for a label
 * the step did not see in training, -2 for a missing cell — the encoders' `fittedIndexPerRow`.
 */
export function labelIndex(env: StepEnv, name: string, col: GraphColumn, fitted: readonly string[], title: string): string {
	if (col.kind === 'boolean') return codeIndex(env.g, col.tensor(), BOOLEAN_LABELS, fitted);
	if (col.kind === 'category')
		return col.labels ? codeIndex(env.g, col.tensor(), col.labels, fitted) : stringIndex(env.g, col.tensor(), fitted, col.blank, title);
	throw new OnnxExportError(title, `column "${name}" is ${col.kind} here; the step was fitted on a category or boolean column`);
}
