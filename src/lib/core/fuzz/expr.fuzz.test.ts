import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExprError, parse, prepareExpression } from '../expr';
import type { FrameSchema } from '../frame/types';
import { FUZZ } from './kit';

const SCHEMA: FrameSchema = [
	{ name: 'price', kind: 'number' },
	{ name: 'city', kind: 'category', categories: ['Köln', 'Bonn'] },
	{ name: 'when', kind: 'date' },
	{ name: 'ok', kind: 'boolean' },
	{ name: 'note', kind: 'text' }
];

/** Pieces of the expression language and of what a person mistypes: random sequences of them. */
const TOKENS = [
	'price',
	'city',
	'when',
	'ok',
	'note',
	'`price`',
	'`no such`',
	'nope',
	'1',
	'2.5',
	'-',
	'+',
	'*',
	'/',
	'%',
	'^',
	'(',
	')',
	',',
	'==',
	'!=',
	'<',
	'<=',
	'>',
	'>=',
	'and',
	'or',
	'not',
	'if',
	'then',
	'else',
	'true',
	'false',
	'null',
	'"Köln"',
	"'x'",
	'"',
	'log',
	'sqrt',
	'abs',
	'round',
	'year',
	'month',
	'lower',
	'upper',
	'length',
	'contains',
	'is_missing',
	'coalesce',
	'min',
	'max',
	' ',
	'\n',
	'😀',
	'\u202E',
	'$',
	'#',
	'[',
	']',
	'{',
	'.',
	'..',
	'e',
	'1e999',
	'0x10'
];

describe('the expression language on random input (property-based)', () => {
	it('random token sequences parse and type-check, or fail with an ExprError only', () => {
		let accepted = 0;
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), (tokens) => {
				const source = tokens.join(' ');
				try {
					prepareExpression(source, SCHEMA);
					accepted++;
				} catch (e) {
					expect(e).toBeInstanceOf(ExprError);
				}
			}),
			{ numRuns: FUZZ.runs * 20, seed: FUZZ.seed }
		);
		// The generator reaches valid expressions too, not only errors.
		expect(accepted).toBeGreaterThan(0);
	});

	it('arbitrary text (any code points, deep nesting, very long) fails with an ExprError or parses', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.string({ maxLength: 200 }),
					fc.string({ unit: 'binary', maxLength: 200 }),
					fc.integer({ min: 1, max: 5000 }).map((n) => '('.repeat(n) + '1' + ')'.repeat(n)),
					fc.integer({ min: 1, max: 20 }).map((n) => 'price + '.repeat(n * 1000) + '1')
				),
				(source) => {
					try {
						parse(source);
					} catch (e) {
						expect(e).toBeInstanceOf(ExprError);
					}
				}
			),
			{ numRuns: FUZZ.runs * 5, seed: FUZZ.seed }
		);
	});
});
