import { describe, expect, it } from 'vitest';
import type { Expr } from './ast';
import { ExprError, MAX_EXPRESSION_LENGTH } from './errors';
import { tokenize } from './lexer';
import { parse } from './parser';

/** A compact, fully parenthesised rendering, to check the shape of the tree. */
function show(e: Expr): string {
	switch (e.type) {
		case 'number':
			return String(e.value);
		case 'string':
			return JSON.stringify(e.value);
		case 'boolean':
			return String(e.value);
		case 'null':
			return 'null';
		case 'column':
			return `[${e.name}]`;
		case 'unary':
			return `(${e.op} ${show(e.arg)})`;
		case 'binary':
			return `(${show(e.left)} ${e.op} ${show(e.right)})`;
		case 'isnull':
			return `(${show(e.arg)} is ${e.negated ? 'not ' : ''}null)`;
		case 'if':
			return `if(${show(e.cond)}, ${show(e.then)}, ${show(e.else)})`;
		case 'call':
			return `${e.name}(${e.args.map(show).join(', ')})`;
	}
}
const shape = (s: string) => show(parse(s));

function errorOf(f: () => unknown): ExprError {
	try {
		f();
	} catch (e) {
		if (e instanceof ExprError) return e;
		throw e;
	}
	throw new Error('expected an ExprError');
}

describe('lexer', () => {
	it('reads numbers, quoted text, quoted column names and keywords with positions', () => {
		const t = tokenize("x1 >= 1.5e3 AND `Beak Length (mm)` <> 'it''s' or [a]]b] = \"q\\\"\"");
		expect(t.map((k) => [k.type, k.value, k.pos])).toEqual([
			['ident', 'x1', 1],
			['op', '>=', 4],
			['number', '1.5e3', 7],
			['keyword', 'and', 13],
			['column', 'Beak Length (mm)', 17],
			['op', '<>', 36],
			['string', "it's", 39],
			['keyword', 'or', 47],
			['column', 'a]b', 50],
			['op', '=', 57],
			['string', 'q"', 59],
			['end', '', 64]
		]);
	});

	it('reports unclosed quotes and stray characters where they start', () => {
		expect(errorOf(() => tokenize("a = 'open")).message).toBe("position 5: text starting here is not closed; add '");
		expect(errorOf(() => tokenize('`open + 1')).message).toMatch(/^position 1: the column name starting here is not closed/);
		expect(errorOf(() => tokenize('a # b')).message).toBe('position 3: unexpected character "#"');
		expect(errorOf(() => tokenize('2x + 1')).message).toMatch(/^position 1: "2x" is not a number/);
	});
});

describe('parser: precedence and associativity', () => {
	it.each([
		['1 + 2 * 3', '(1 + (2 * 3))'],
		['(1 + 2) * 3', '((1 + 2) * 3)'],
		['1 - 2 - 3', '((1 - 2) - 3)'],
		['8 / 4 % 3 * 2', '(((8 / 4) % 3) * 2)'],
		['2 ^ 3 ^ 2', '(2 ^ (3 ^ 2))'],
		['-2 ^ 2', '(- (2 ^ 2))'],
		['2 ^ -1', '(2 ^ (- 1))'],
		['-x * 3', '((- [x]) * 3)'],
		['a + 1 > b * 2', '(([a] + 1) > ([b] * 2))'],
		['a or b and c', '([a] or ([b] and [c]))'],
		['not a = 1 and b', '((not ([a] = 1)) and [b])'],
		['not not a', '(not (not [a]))'],
		['a == 1 or a <> 2 or a != 3', '((([a] = 1) or ([a] != 2)) or ([a] != 3))'],
		['x is null or y is not null', '(([x] is null) or ([y] is not null))'],
		['x + 1 is null', '(([x] + 1) is null)'],
		['if(a > 1, "big", \'small\')', 'if(([a] > 1), "big", "small")'],
		['if a > 1 then 1 else if a > 0 then 2 else 3', 'if(([a] > 1), 1, if(([a] > 0), 2, 3))'],
		['if (a > 1) then 1 else 0', 'if(([a] > 1), 1, 0)'],
		['MAX(a, b, 3) + Log(x)', '(max([a], [b], 3) + log([x]))'],
		['`Beak Length (mm)` / [Beak Depth (mm)]', '([Beak Length (mm)] / [Beak Depth (mm)])'],
		['TRUE and false or NULL', '((true and false) or null)'],
		['.5 + 1e-2', '(0.5 + 0.01)']
	])('%s', (src, expected) => {
		expect(shape(src)).toBe(expected);
	});

	it('keeps the source position of every node', () => {
		const e = parse('abs(x) +  `b c` * 2');
		expect(e).toMatchObject({ type: 'binary', op: '+', pos: 8, left: { type: 'call', pos: 1 }, right: { pos: 17, left: { pos: 11 } } });
	});
});

describe('parser: errors name the position', () => {
	it.each([
		['', 'position 1: the expression is empty'],
		['1 +', 'position 4: the expression ends too early; a value was expected'],
		['(1 + 2', 'position 7: expected ")" to close the "(" at position 1 but found the end of the expression'],
		['1 2', 'position 3: unexpected "2"; an operator or the end was expected'],
		['a = = b', 'position 5: expected a value but found "="'],
		['x is 3', 'position 6: expected "null" after "is" but found "3"'],
		['if(a, b)', 'position 1: if(condition, then, else) takes 3 values; found 2'],
		['if a then b', 'position 12: expected "else" but found the end of the expression'],
		['max(a, b', 'position 9: expected "," or ")" to close the call at position 1 but found the end of the expression'],
		['a and or b', 'position 7: expected a value but found "or"']
	])('%j', (src, message) => {
		expect(errorOf(() => parse(src)).message).toBe(message);
	});
});

describe('parser: hostile input', () => {
	it('refuses an expression over the length limit, before reading it', () => {
		const long = 'a + '.repeat(600) + 'a';
		expect(long.length).toBeGreaterThan(MAX_EXPRESSION_LENGTH);
		expect(errorOf(() => parse(long)).message).toBe(`position 1: the expression has ${long.length} characters; the limit is 2000`);
	});

	it('accepts a long flat chain within the limit', () => {
		const chain = Array.from({ length: 400 }, () => '1').join('+');
		expect(parse(chain).type).toBe('binary');
	});

	it('refuses nesting deeper than 64 levels with a message, not a stack overflow', () => {
		expect(parse('('.repeat(64) + '1' + ')'.repeat(64)).type).toBe('number');
		expect(errorOf(() => parse('('.repeat(65) + '1' + ')'.repeat(65))).message).toBe(
			'position 65: the expression nests deeper than 64 levels; simplify it'
		);
		expect(errorOf(() => parse('-'.repeat(500) + '1')).message).toMatch(/nests deeper than 64 levels/);
		expect(errorOf(() => parse('not '.repeat(300) + 'a')).message).toMatch(/nests deeper than 64 levels/);
		expect(errorOf(() => parse('2^'.repeat(300) + '2')).message).toMatch(/nests deeper than 64 levels/);
		expect(errorOf(() => parse('abs('.repeat(100) + 'x' + ')'.repeat(100))).message).toMatch(/nests deeper than 64 levels/);
	});

	it('reads __proto__ and constructor as ordinary names', () => {
		expect(shape('__proto__ + constructor')).toBe('([__proto__] + [constructor])');
		expect(shape('`__proto__` = 1')).toBe('([__proto__] = 1)');
		expect(shape('constructor(1)')).toBe('constructor(1)');
	});
});
