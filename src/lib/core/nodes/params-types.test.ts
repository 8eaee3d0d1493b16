import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineNode } from './define';
import { followsDocumentSeed, p, paramError, resolveSeeds, seedOf } from './params';
import { port } from './ports';
import { factsReport } from './reports';

describe('typed params', () => {
	it('defineNode hands run the params typed after the schema (checked by tsc / npm run check)', () => {
		const node = defineNode({
			type: 'test.typed',
			version: 1,
			category: 'model',
			title: 'Typed',
			description: '',
			inputs: {},
			outputs: { out: port.report() },
			params: {
				depth: p.int({ default: 3 }),
				criterion: p.choice(['gini', 'entropy'], { default: 'gini' }),
				features: p.columns(),
				target: p.column(),
				shuffle: p.boolean({ default: true }),
				seed: p.seed()
			},
			run: (_inputs, params) => {
				expectTypeOf(params.depth).toEqualTypeOf<number>();
				expectTypeOf(params.criterion).toEqualTypeOf<'gini' | 'entropy'>();
				expectTypeOf(params.features).toEqualTypeOf<readonly string[]>();
				expectTypeOf(params.target).toEqualTypeOf<string>();
				expectTypeOf(params.shuffle).toEqualTypeOf<boolean>();
				expectTypeOf(params.seed).toEqualTypeOf<number | null>();
				return { out: factsReport('typed', [{ label: params.criterion, value: String(params.depth + 1) }]) };
			}
		});
		expect(node.type).toBe('test.typed');
		// @ts-expect-error a choice's default must be one of its options
		p.choice(['a', 'b'], { default: 'c' });
	});

	it('a seed param: empty follows the document seed, a whole number is its own', () => {
		const schema = { seed: p.seed(), n: p.int({ default: 1 }) };
		expect(schema.seed.default).toBeNull();
		expect(paramError(schema.seed, null)).toBeNull();
		expect(paramError(schema.seed, 7)).toBeNull();
		expect(paramError(schema.seed, 1.5)).not.toBeNull();
		expect(paramError(schema.seed, -1)).not.toBeNull();
		expect(seedOf(null, 42)).toBe(42);
		expect(seedOf(0, 42)).toBe(0);
		expect(followsDocumentSeed(schema, { seed: null, n: 1 })).toBe(true);
		expect(followsDocumentSeed(schema, { seed: 3, n: 1 })).toBe(false);
		expect(followsDocumentSeed({ n: p.int({ default: 1 }) }, { n: 1 })).toBe(false);
		expect(resolveSeeds(schema, { seed: null, n: 1 }, 9)).toEqual({ seed: 9, n: 1 });
		expect(resolveSeeds(schema, { seed: 3, n: 1 }, 9)).toEqual({ seed: 3, n: 1 });
	});
});
