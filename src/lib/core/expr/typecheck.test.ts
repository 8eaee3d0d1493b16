import { describe, expect, it } from 'vitest';
import type { FrameSchema } from '../frame/types';
import { ExprError } from './errors';
import { prepareExpression } from './prepare';

const schema: FrameSchema = [
	{ name: 'Beak Length (mm)', kind: 'number' },
	{ name: 'Body Mass (g)', kind: 'number' },
	{ name: 'Species', kind: 'category', categories: ['Adelie', 'Gentoo'] },
	{ name: 'note', kind: 'text' },
	{ name: 'ok', kind: 'boolean' },
	{ name: 'when', kind: 'date' },
	{ name: '__proto__', kind: 'number' }
];

const typeOf = (src: string) => prepareExpression(src, schema).type;
function errorOf(src: string): string {
	try {
		prepareExpression(src, schema);
	} catch (e) {
		if (e instanceof ExprError) return e.message;
		throw e;
	}
	throw new Error(`expected ${src} to fail`);
}

describe('type checking: result types', () => {
	it.each([
		['`Body Mass (g)` / 1000', 'number'],
		['Species', 'category'],
		['lower(Species)', 'category'],
		["if(ok, 'yes', 'no')", 'category'],
		["Species + '-' + note", 'text'],
		['note', 'text'],
		['Species = note', 'boolean'],
		["when >= '2015-06-01'", 'boolean'],
		["date('2015-06-01')", 'date'],
		["if(ok, when, '2020-01-01')", 'date'],
		['year(when) + weekday(when)', 'number'],
		["datediff(when, '2012-01-01')", 'number'],
		['coalesce(`Body Mass (g)`, 0)', 'number'],
		['coalesce(Species, note)', 'text'],
		['note is null', 'boolean'],
		['null', 'null'],
		['null + 1', 'number'],
		['not ok and null', 'boolean'],
		['length(note) > 3 and contains(upper(Species), "GEN")', 'boolean'],
		['__proto__ * 2', 'number']
	])('%s → %s', (src, t) => {
		expect(typeOf(src)).toBe(t);
	});

	it('lists the columns it reads, once each', () => {
		expect(prepareExpression('Species = Species and `Body Mass (g)` > 1', schema).columns).toEqual(['Species', 'Body Mass (g)']);
	});
});

describe('type checking: mistakes with positions', () => {
	it.each([
		['`Beak Lenght (mm)` > 40', 'position 1: unknown column "Beak Lenght (mm)" (did you mean "Beak Length (mm)"?)'],
		['1 + [body mass (g)]', 'position 5: unknown column "body mass (g)" (did you mean "Body Mass (g)"?)'],
		['Specie = 1', 'position 1: unknown column "Specie" (did you mean "Species"?)'],
		['zzz > 1', 'position 1: unknown column "zzz"'],
		['constructor > 1', 'position 1: unknown column "constructor"'],
		['toString', 'position 1: unknown column "toString"'],
		['note + 1', 'position 6: cannot add text and number'],
		['Species * 2', 'position 9: cannot multiply text and number'],
		['when - when', 'position 6: cannot subtract date and date; use datediff(later, earlier) for the days between two dates'],
		['-note', 'position 1: cannot negate text'],
		['Species > 3', 'position 9: cannot compare text and number'],
		['ok = 1', 'position 4: cannot compare true/false and number'],
		['`Body Mass (g)` and ok', 'position 1: "and" needs true/false values on both sides; this one is number'],
		['not Species', 'position 1: "not" needs a true/false value, not text'],
		['if(Species, 1, 2)', 'position 4: the condition of "if" must be true/false, not text'],
		["if(ok, 1, 'one')", 'position 1: the two branches of "if" give number and text; they must be of one kind'],
		['lenght(note)', 'position 1: unknown function "lenght" (did you mean "length"?)'],
		['constructor(1)', 'position 1: unknown function "constructor"'],
		['__proto__(1)', 'position 1: unknown function "__proto__"'],
		['sqrt(note)', 'position 6: sqrt() needs number here, not text; usage: sqrt(x)'],
		['upper(3)', 'position 7: upper() needs text here, not number; usage: upper(text)'],
		['log(1, 2, 3)', 'position 1: log(x) or log(x, base) takes 1 or 2 arguments; found 3'],
		['max(1)', 'position 1: max(a, b, ...) takes at least 2 arguments; found 1'],
		['abs()', 'position 1: abs(x) takes 1 argument; found 0'],
		["year('soon')", 'position 6: "soon" is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM'],
		["when > '2015-13-01'", 'position 8: "2015-13-01" is not a date; write it as YYYY-MM-DD or YYYY-MM-DD HH:MM'],
		['year(`Body Mass (g)`)', 'position 6: year() needs date here, not number; usage: year(date)'],
		['coalesce(when, 1)', 'position 1: the values given to coalesce() are of different kinds (date, number)'],
		['log + 1', 'position 1: log is a function; call it as log(x) or log(x, base)']
	])('%s', (src, message) => {
		expect(errorOf(src)).toBe(message);
	});
});
