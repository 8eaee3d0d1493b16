import { describe, expect, it } from 'vitest';
import { describeInput } from '../model-file/input';
import type { Column } from '../frame/types';
import type { ModelValue, RecipeStep } from '../nodes/ports';
import { sampleDataset } from '../nodes/test-kit';
import { remainingRecipe, sampleFrame } from './model-drift';

/** A column's cells as text (null = missing), whatever its kind's storage. */
function cells(col: Column): (string | null)[] {
	switch (col.kind) {
		case 'number':
		case 'date':
			return Array.from(col.values, (v) => (Number.isNaN(v) ? null : String(v)));
		case 'category':
			return Array.from(col.codes, (c) => (c < 0 ? null : col.dictionary[c]));
		case 'boolean':
			return Array.from(col.codes, (c) => (c < 0 ? null : c === 1 ? 'true' : 'false'));
		case 'text':
			return [...col.values];
	}
}

const step = (type: string): RecipeStep => ({ type, version: 1, params: {}, state: null });
const model = (recipe: RecipeStep[]) => ({ recipe }) as unknown as ModelValue;

describe('model drift helpers', () => {
	it("sampleFrame gives back the model's reference rows: penguins (344 rows ≤ 1,000) are all of them, in order", () => {
		const data = sampleDataset('penguins');
		const rows = Uint32Array.from({ length: data.frame.rowCount }, (_, i) => i);
		const input = describeInput(data.frame, rows, 'Species', new Set());
		const frame = sampleFrame(input);
		expect(frame.rowCount).toBe(344);
		expect(frame.columns.map((c) => c.name)).toEqual(data.frame.columns.filter((c) => c.name !== 'Species').map((c) => c.name));
		for (const col of frame.columns) {
			const original = data.frame.columns.find((c) => c.name === col.name)!;
			expect(col.kind).toBe(original.kind);
			expect(cells(col), col.name).toEqual(cells(original));
		}
	});

	it('remainingRecipe replays what the data has not been through, and refuses data from another recipe', () => {
		const m = model([step('clean.missing'), step('features.one-hot'), step('clean.scale')]);
		const raw = { ...sampleDataset('penguins'), recipe: [] };
		expect(remainingRecipe(m, raw).map((s) => s.type)).toEqual(['clean.missing', 'features.one-hot', 'clean.scale']);
		expect(remainingRecipe(m, { ...raw, recipe: [step('clean.missing')] }).map((s) => s.type)).toEqual(['features.one-hot', 'clean.scale']);
		expect(() => remainingRecipe(m, { ...raw, recipe: [step('clean.outliers')] })).toThrow(
			/has been through clean\.outliers, which the model's recipe does not start with/
		);
	});
});
