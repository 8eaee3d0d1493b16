import type { Task } from '../ports';
import { boostingFamilies } from './boosting';
import { imagesFamilies } from './images';
import { linearFamilies } from './linear-models';
import { neighboursFamilies } from './neighbours';
import { neuralFamilies } from './neural';
import { textFamilies } from './text';
import { treesFamilies } from './trees';
import type { ModelFamilyDescriptor } from './types';

/**
 * Every model family, each declared once in its family file. Quick model and
 * `tessera train --model` (in this order), Predict/Evaluate, Explain and the model view
 * read them here: a new family is a descriptor in its file (and its node in the catalog).
 */
export const modelFamilies: readonly ModelFamilyDescriptor[] = [
	...linearFamilies,
	...treesFamilies,
	...boostingFamilies,
	...neighboursFamilies,
	...neuralFamilies,
	...imagesFamilies,
	...textFamilies
];

const byName = new Map(modelFamilies.map((f) => [f.name, f]));
if (byName.size !== modelFamilies.length) throw new Error('model families: two descriptors share a name');

/** The family a model value names (`ModelValue.family`), if this app has it. */
export function modelFamily(name: string): ModelFamilyDescriptor | undefined {
	return byName.get(name);
}

/** The families Quick model and `tessera train --model` offer, for one task or any. */
export function quickModelFamilies(task?: Task): ModelFamilyDescriptor[] {
	return modelFamilies.filter((f) => f.quickModel && (!task || f.tasks.includes(task)));
}
