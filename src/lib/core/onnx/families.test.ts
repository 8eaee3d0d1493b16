import { describe, expect, it } from 'vitest';
import { maxDiff, onnxScores, rawFrame, tesseraScores, train } from './test-kit';

const penguinSteps = [
	['clean.missing', { strategy: 'median' }],
	['features.one-hot', { columns: ['Island', 'Sex'] }],
	['clean.scale', { method: 'standard' }]
] as const;

describe('ONNX export of the linear families and the MLP matches Tessera on real rows', () => {
	it('logistic regression (3 classes, softmax) on penguins', async () => {
		const model = await train('penguins', 'Species', penguinSteps, ['model.logistic', { C: 1 }]);
		const frame = rawFrame('penguins', 'Species');
		const [ours, theirs] = [await tesseraScores(model, frame), await onnxScores(model, frame)];
		const d = maxDiff(ours.proba!, theirs.proba!);
		console.log('logistic penguins max abs diff', d.abs);
		expect(d.abs).toBeLessThan(1e-5);
		expect(theirs.labels).toEqual(ours.labels);
	});
});
