import { describe, expect, it } from 'vitest';
import { formatSearchSpace, parseSearchSpace } from '../ml/search/space';
import type { SearchSpace } from '../ml/search/types';
import { builtinNodes } from './catalog/index';
import { p, type ParamSchema } from './params';
import { defaultSpace, toParams, validateAgainstSchema } from './tuning';

/** Model nodes without a target: a search scores trials on held-out target values, so they have no default space. */
const UNSUPERVISED = new Set(['model.kmeans', 'model.isolation-forest']);

const schema: ParamSchema = {
	learningRate: p.number({ default: 0.1, min: 1e-4, max: 1, tune: { min: 0.01, max: 0.3, log: true } }),
	depth: p.int({ default: 3, min: 1, max: 20, tune: { min: 2, max: 10 } }),
	penalty: p.choice(['l1', 'l2', 'none'], { default: 'l2', tune: ['l1', 'l2'] }),
	fitIntercept: p.boolean({ default: true, tune: true }),
	bootstrap: p.boolean({ default: true }),
	name: p.string({ default: 'x' }),
	tol: p.number({ default: 1e-4, min: 0, max: 1 })
};

describe('default search spaces', () => {
	it('come from the tune hints, in param order; params without a hint are not searched', () => {
		expect(defaultSpace(schema)).toEqual([
			{ name: 'learningRate', kind: 'float', min: 0.01, max: 0.3, log: true },
			{ name: 'depth', kind: 'int', min: 2, max: 10, log: false },
			{ name: 'penalty', kind: 'choice', values: ['l1', 'l2'] },
			{ name: 'fitIntercept', kind: 'choice', values: ['true', 'false'] }
		]);
	});

	const models = builtinNodes.filter((n) => n.category === 'model');
	it('cover every model node of the catalog', () => {
		expect(models.map((n) => n.type)).toEqual(
			expect.arrayContaining([
				'model.logistic',
				'model.linear',
				'model.tree',
				'model.forest',
				'model.gbdt',
				'model.knn',
				'model.naive-bayes',
				'model.mlp'
			])
		);
	});
	for (const node of models) {
		it(`${node.type}: its default space fits its own params and survives the text form`, () => {
			const space = defaultSpace(node.params);
			if (!UNSUPERVISED.has(node.type)) expect(space.length).toBeGreaterThan(0);
			expect(validateAgainstSchema(space, node.params)).toEqual([]);
			const back = parseSearchSpace(formatSearchSpace(space));
			expect(back.errors).toEqual([]);
			expect(back.space).toEqual(space);
			for (const d of space) if (d.kind !== 'choice' && d.log) expect(d.min).toBeGreaterThan(0);
		});
	}

	it('searches the learning rate of the boosted trees and the MLP in log space', () => {
		const gbdt = defaultSpace(models.find((n) => n.type === 'model.gbdt')!.params);
		expect(gbdt.find((d) => d.name === 'learningRate')).toEqual({ name: 'learningRate', kind: 'float', min: 0.01, max: 0.3, log: true });
		const mlp = defaultSpace(models.find((n) => n.type === 'model.mlp')!.params);
		expect(mlp.find((d) => d.name === 'learningRate')).toMatchObject({ log: true });
		expect(mlp.find((d) => d.name === 'activation')).toMatchObject({ kind: 'choice' });
	});
});

describe('validateAgainstSchema', () => {
	const check = (text: string) => {
		const { space, errors } = parseSearchSpace(text);
		expect(errors).toEqual([]);
		return validateAgainstSchema(space, schema);
	};
	it('accepts a space that fits', () => {
		expect(
			check('learningRate: 0.001 .. 0.5 log; depth: 1 .. 20 int; penalty: none | l1; fitIntercept: true | false; tol: 0 .. 0.1')
		).toEqual([]);
	});
	it('names an unknown param', () => {
		expect(check('lr: 0.01 .. 0.1')).toEqual([expect.stringMatching(/^lr: the model has no such setting \(it has learningRate, depth/)]);
	});
	it('refuses a range outside the param limits', () => {
		expect(check('learningRate: 0.00001 .. 2 log')).toEqual([
			"learningRate: 0.00001 is below the setting's minimum 0.0001",
			"learningRate: 2 is above the setting's maximum 1"
		]);
	});
	it('refuses the int flag on a param that takes any number', () => {
		expect(check('tol: 0 .. 1 int')).toEqual(['tol: the setting takes any number, so drop the int flag']);
	});
	it('refuses a choice value that is not an option, and non-boolean values for a boolean', () => {
		expect(check('penalty: l1 | lasso')).toEqual(['penalty: "lasso" is not an option (options: l1, l2, none)']);
		expect(check('fitIntercept: yes | no')).toEqual(['fitIntercept: a yes/no setting takes true | false (got yes, no)']);
	});
	it('refuses choices for a number param, a range for a choice param, and text params', () => {
		expect(check('depth: 2 | 4')).toEqual(['depth: a number setting needs a range (e.g. depth: 1 .. 10), not a list of choices']);
		expect(check('penalty: 1 .. 2')).toEqual(['penalty: a choice setting needs a list of choices (e.g. penalty: a | b), not a range']);
		expect(check('name: a | b')).toEqual(['name: this setting (string) cannot be searched']);
	});
});

describe('toParams', () => {
	const space: SearchSpace = [
		{ name: 'learningRate', kind: 'float', min: 0.01, max: 0.3, log: true },
		{ name: 'depth', kind: 'float', min: 1, max: 20, log: false },
		{ name: 'penalty', kind: 'choice', values: ['l1', 'l2'] },
		{ name: 'fitIntercept', kind: 'choice', values: ['true', 'false'] }
	];
	it('rounds whole-number params, turns true/false into booleans and sets only the searched params', () => {
		expect(toParams({ learningRate: 0.0371, depth: 4.6, penalty: 'l1', fitIntercept: 'false' }, space, schema)).toEqual({
			learningRate: 0.0371,
			depth: 5,
			penalty: 'l1',
			fitIntercept: false
		});
		expect(toParams({ learningRate: 0.3, depth: 1.2, penalty: 'l2', fitIntercept: 'true' }, space, schema)).toEqual({
			learningRate: 0.3,
			depth: 1,
			penalty: 'l2',
			fitIntercept: true
		});
	});
	it('says which value is missing', () => {
		expect(() => toParams({ learningRate: 0.1 }, space, schema)).toThrow(/^depth: no value/);
	});
});
