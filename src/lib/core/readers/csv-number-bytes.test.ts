import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumberBytes } from './csv-number-bytes';
import { readCsvParallel } from './csv-parallel';
import { inThreadPool } from '../compute/pool';
import { computeKernels } from '../compute/kernels';

const utf8 = (text: string) => new TextEncoder().encode(text);
const digits = (max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), maxLength: max });

/** Decimal strings as files write them: a sign, digits, a point and digits, an exponent; at least one digit. */
const DECIMAL = fc
	.record({
		sign: fc.constantFrom('', '', '-', '+'),
		whole: digits(20),
		point: fc.boolean(),
		fraction: digits(20),
		exponent: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '-', '+'), digits(3)), { nil: undefined })
	})
	.filter(({ whole, point, fraction }) => whole.length + (point ? fraction.length : 0) > 0)
	.map(({ sign, whole, point, fraction, exponent }) => `${sign}${whole}${point ? `.${fraction}` : ''}${exponent ? exponent.join('') : ''}`)
	.filter((s) => !/[eE][-+]?$/.test(s));

/** Numbers near the edges of the fast path: 15 and 16 significant digits, 10^±22, leading zeros, -0. */
const EDGES = [
	'0',
	'-0',
	'+0.000',
	'-.5',
	'1.',
	'007',
	'123456789012345',
	'1234567890123456',
	'9007199254740993',
	'0.0000000000000000000001',
	'0.00000000000000000000001',
	'1e22',
	'1e23',
	'4.35',
	'999999999',
	'-9999999999',
	'2147483648',
	'0.999999999',
	'4294967296.5',
	'0.1',
	'-2.5E-3',
	'00000000000000000000123.4500000000000000'
];

describe('reading numbers from CSV bytes', () => {
	it('gives exactly what Number() gives for random decimal strings (correctly rounded)', () => {
		fc.assert(
			fc.property(DECIMAL, (s) => {
				expect(Object.is(parseNumberBytes(utf8(s), 0, s.length), Number(s)), s).toBe(true);
			}),
			{ numRuns: 5000 }
		);
		for (const s of EDGES) expect(Object.is(parseNumberBytes(utf8(s), 0, s.length), Number(s)), s).toBe(true);
	});

	it('gives NaN for what is not a plain decimal number', () => {
		for (const s of ['', '-', '+', '.', '1e', '1e+', '1.2.3', '0x10', '1_000', 'Infinity', ' 1', '1 ', '--1', 'e5'])
			expect(parseNumberBytes(utf8(s), 0, s.length), s).toBeNaN();
	});

	it('parses the cells of a number column while tokenizing to the doubles Number() gives', async () => {
		const pool = inThreadPool(computeKernels);
		await fc.assert(
			fc.asyncProperty(fc.array(DECIMAL, { minLength: 1, maxLength: 60 }), fc.constantFrom('\n', '\r\n'), async (cells, lineEnd) => {
				const all = [...cells, ...EDGES];
				const text = ['x,y', ...all.map((s, i) => `${s},${all[all.length - 1 - i]}`)].join(lineEnd) + lineEnd;
				const frame = await readCsvParallel(utf8(text), pool, { splits: [text.length / 3, (2 * text.length) / 3] });
				expect(frame).not.toBeNull();
				const [x, y] = frame!.columns;
				if (x.kind !== 'number' || y.kind !== 'number') throw new Error('a column of numbers was not read as numbers');
				all.forEach((s, i) => {
					expect(Object.is(x.values[i], Number(s)), s).toBe(true);
					expect(Object.is(y.values[all.length - 1 - i], Number(s)), s).toBe(true);
				});
			}),
			{ numRuns: 200 }
		);
	});
});
