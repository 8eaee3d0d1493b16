import { describe, expect, it } from 'vitest';
import type { ModelValue } from '../nodes/ports';
import { maxDiff, parity, train } from './test-kit';

describe('category features read natively as codes (ModelValue.levels, as the tree families read them)', () => {
	it('a category feature becomes its code into the model levels, unseen and missing NaN', async () => {
		// Ordinal codes (sorted) are exactly the codes `levels` gives: train on them, then hand the
		// model the raw category with levels instead of the ordinal step, and both scorings must agree.
		const trained = await train(
			'penguins',
			'Species',
			[
				['clean.missing', { strategy: 'median' }],
				['features.ordinal', { columns: ['Island'] }]
			],
			['model.logistic', { C: 1 }]
		);
		const ordinal = trained.recipe.find((s) => s.type === 'features.ordinal')!;
		const islands = (ordinal.state as { columns: { categories: string[] }[] }).columns[0].categories;
		const model: ModelValue = { ...trained, recipe: trained.recipe.filter((s) => s !== ordinal), levels: { Island: islands } };
		expect(model.features).toContain('Island');
		const { ours, theirs } = await parity(model, 'penguins', 'Species');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});
});
