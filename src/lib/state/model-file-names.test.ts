import { describe, expect, it } from 'vitest';
import { MODEL_FILE_EXTENSION as CORE_EXTENSION } from '$lib/core/model-file/format';
import { MODEL_FILE_EXTENSION, modelFileName, nodeModelName, onnxFileName, predictorFileName } from './model-file-names';

describe('model file names', () => {
	it('the page’s extension is the format’s', () => {
		expect(MODEL_FILE_EXTENSION).toBe(CORE_EXTENSION);
	});

	it('a node’s model is named after the project and family, as the save dialog writes names', () => {
		expect(nodeModelName('Penguins  study', 'logistic')).toBe('penguins-study-logistic');
		expect(nodeModelName('  ', 'boosted trees')).toBe('model-boosted-trees');
		expect(nodeModelName('x'.repeat(100), 'tree')).toHaveLength(80);
	});

	it('a file name keeps letters, digits, spaces, dots, dashes and @, and ends in .tessera-model (or .onnx, .html)', () => {
		expect(modelFileName('penguin-species')).toBe('penguin-species.tessera-model');
		expect(modelFileName('churn/v2: "best"')).toBe('churn_v2_ _best_.tessera-model');
		expect(modelFileName('///')).toBe('_.tessera-model');
		expect(modelFileName('  ')).toBe('model.tessera-model');
		expect(onnxFileName('churn/v2')).toBe('churn_v2.onnx');
		expect(predictorFileName('churn v2')).toBe('churn v2.html');
	});
});
