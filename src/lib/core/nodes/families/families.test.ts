import { describe, expect, it } from 'vitest';
import { builtinNodes } from '../catalog';
import { MODEL_FAMILY_NAMES } from '../templates/quick-model';
import { modelFamilies, modelFamily, quickModelFamilies } from '.';

describe('model family registry', () => {
	it('names one catalog node per family, and every model node of the catalog has its family', () => {
		const modelNodes = builtinNodes.filter((d) => d.category === 'model' && d.outputs.model).map((d) => d.type);
		expect(modelFamilies.map((f) => f.node).sort()).toEqual([...modelNodes].sort());
		for (const f of modelFamilies) expect(f.tasks.length).toBeGreaterThan(0);
	});

	it('gives Quick model and tessera train --model the tabular families in order, then the image and text networks', () => {
		expect(MODEL_FAMILY_NAMES).toEqual([
			'auto',
			'logistic',
			'linear',
			'tree',
			'forest',
			'gbdt',
			'knn',
			'naive-bayes',
			'mlp',
			'cnn',
			'text-nn'
		]);
		expect(quickModelFamilies('regression').map((f) => f.name)).toEqual(['linear', 'tree', 'forest', 'gbdt', 'knn', 'mlp']);
	});

	it('says how Explain attributes each family', () => {
		expect(modelFamilies.filter((f) => f.shap.method === 'tree').map((f) => f.name)).toEqual(['tree', 'forest', 'gbdt']);
		expect(modelFamilies.filter((f) => f.shap.method === 'none').map((f) => f.name)).toEqual(['cnn', 'text-nn']);
		expect(modelFamily('gbdt')?.curveStep).toBe('boosting round');
		expect(modelFamily('nope')).toBeUndefined();
	});
});
