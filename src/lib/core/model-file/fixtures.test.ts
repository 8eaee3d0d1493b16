import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyRecipe } from '../engine/recipe';
import { datasetOf } from '../nodes/dataset';
import { predictionColumns } from '../nodes/predictors';
import { registry, sampleText } from '../nodes/test-kit';
import { readCsv } from '../readers/csv';
import { modelOf } from './build';
import { readModelFile } from './format';

/**
 * Model files of every format version keep opening and scoring to the numbers recorded when
 * they were written (`tessera train penguins.csv --target Species --model gbdt --seed 1
 * --save-model …`). A new format version adds its fixture here; a change to a recipe step or
 * a family that breaks old files fails here first.
 */
const FIXTURES = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures');

describe('model file fixtures', () => {
	it('version 1: penguins gradient-boosted trees score the first rows as recorded', async () => {
		const { file } = await readModelFile(new Uint8Array(readFileSync(join(FIXTURES, 'penguins-gbdt.v1.tessera-model'))));
		expect(file.version).toBe(1);
		expect(file.name).toBe('penguins-gbdt.v1');
		expect(file.model.family).toBe('gbdt');
		const model = modelOf(file);
		const prepared = applyRecipe(registry, datasetOf(readCsv(sampleText('penguins')), 'penguins'), model.recipe);
		const columns = await predictionColumns(model, prepared.frame);
		const first = (i: number) => {
			const c = columns[i];
			return c.kind === 'category' ? Array.from(c.codes.subarray(0, 4)) : c.kind === 'number' ? Array.from(c.values.subarray(0, 4)) : [];
		};
		expect(columns.map((c) => c.name)).toEqual(['prediction', 'p(Adelie)', 'p(Chinstrap)', 'p(Gentoo)']);
		expect(first(0)).toEqual([0, 0, 0, 0]);
		// Row 4 of the sample is the one with every measurement missing.
		expect(first(1)).toEqual([0.9999999257399508, 0.9999999168445537, 0.9999995505726057, 0.9994795212190007]);
		expect(first(2)).toEqual([3.329458214819787e-8, 3.912628033567201e-8, 3.940535894222179e-7, 0.00007891295508231668]);
		expect(first(3)).toEqual([4.096546712781248e-8, 4.402916606016719e-8, 5.537380488981503e-8, 0.0004415658259170122]);
	});
});
