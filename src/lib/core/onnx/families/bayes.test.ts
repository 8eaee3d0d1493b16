import { describe, expect, it } from 'vitest';
import naiveBayes from '../../nodes/catalog/model/naive-bayes';
import { GraphBuilder, OnnxExportError } from '../ir';
import { maxDiff, parity as exportParity, train } from '../test-kit';
import { naiveBayesConverter } from './bayes';
import { allRows, parity, sample, trainOn } from './parity-kit';

describe('naive Bayes to ONNX (core operators) against onnxruntime-node', () => {
	it('Gaussian on wine (3 classes, 13 features)', async () => {
		const data = sample('wine', 'cultivar');
		const model = await trainOn(naiveBayes, data);
		const r = await parity(naiveBayesConverter, model, allRows(model, data));
		expect(r.labelMismatches).toBe(0);
		expect(r.maxProbDiff).toBeLessThan(1e-5);
	});

	it('Gaussian on penguins with missing measurements (a missing value drops its term)', async () => {
		const data = sample('penguins', 'Species', { 'Beak Length (mm)': 5, 'Body Mass (g)': 7 });
		const model = await trainOn(naiveBayes, data, {
			features: ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)']
		});
		const X = allRows(model, data);
		expect(X.data.some(Number.isNaN)).toBe(true);
		const r = await parity(naiveBayesConverter, model, X);
		expect(r.labelMismatches).toBe(0);
		expect(r.maxProbDiff).toBeLessThan(1e-5);
	});

	it('multinomial on iris measurements (non-negative)', async () => {
		const data = sample('iris', 'species');
		const model = await trainOn(naiveBayes, data, { variant: 'multinomial', alpha: 0.5 });
		const r = await parity(naiveBayesConverter, model, allRows(model, data));
		expect(r.labelMismatches).toBe(0);
		expect(r.maxProbDiff).toBeLessThan(1e-5);
	});

	it('refuses a multinomial model with alpha = 0 and a log-probability of −∞', async () => {
		const data = sample('iris', 'species');
		const model = await trainOn(naiveBayes, data, { variant: 'multinomial', alpha: 0 });
		const state = model.estimator as { featureLogProb: number[] };
		const broken = { ...model, estimator: { ...state, featureLogProb: state.featureLogProb.map((v, i) => (i === 0 ? -Infinity : v)) } };
		expect(() => naiveBayesConverter(new GraphBuilder(), broken, 'X')).toThrow(OnnxExportError);
		expect(() => naiveBayesConverter(new GraphBuilder(), broken, 'X')).toThrow(/alpha = 0/);
	});

	it('through exportOnnx on penguins: raw measurements with missing values (NaN in, the term dropped)', async () => {
		const model = await train('penguins', 'Species', [], ['model.naive-bayes', {}]);
		expect(model.nativeMissing).toBe(true);
		const { ours, theirs } = await exportParity(model, 'penguins', 'Species');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});

	it('through exportOnnx on diabetes: sex (1 or 2) from the rest, Gaussian', async () => {
		const model = await train('diabetes', 'sex', [], ['model.naive-bayes', {}]);
		const { ours, theirs } = await exportParity(model, 'diabetes', 'sex');
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
	});
});
