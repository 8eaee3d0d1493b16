import { describe, expect, it } from 'vitest';
import { formatSearchSpace, parseSearchSpace } from './space';

const errorsOf = (text: string) => parseSearchSpace(text).errors;

describe('parseSearchSpace', () => {
	it('reads ranges (log, int, both), choices and booleans, one per line or separated by ";", with comments', () => {
		const { space, errors } = parseSearchSpace(
			[
				'# gradient boosting',
				'learningRate: 0.001 .. 0.3 log   # evenly in log space',
				'',
				'maxDepth: 2 .. 10 int; minSamplesLeaf: 1 .. 64 int log',
				'  penalty: l1 | l2 | elasticnet  ',
				'fitIntercept: true | false',
				'shift: -1.5 .. 2.5e1'
			].join('\n')
		);
		expect(errors).toEqual([]);
		expect(space).toEqual([
			{ name: 'learningRate', kind: 'float', min: 0.001, max: 0.3, log: true },
			{ name: 'maxDepth', kind: 'int', min: 2, max: 10, log: false },
			{ name: 'minSamplesLeaf', kind: 'int', min: 1, max: 64, log: true },
			{ name: 'penalty', kind: 'choice', values: ['l1', 'l2', 'elasticnet'] },
			{ name: 'fitIntercept', kind: 'choice', values: ['true', 'false'] },
			{ name: 'shift', kind: 'float', min: -1.5, max: 25, log: false }
		]);
	});

	it('reads Windows line ends and an empty text', () => {
		expect(parseSearchSpace('a: 1 .. 2\r\nb: x | y').space.map((d) => d.name)).toEqual(['a', 'b']);
		expect(parseSearchSpace('  \n# nothing\n')).toEqual({ space: [], errors: [] });
	});

	it('names the line and what is wrong', () => {
		expect(errorsOf('a: 1 .. 2\nb: 5 .. 5')).toEqual(['line 2: b: the minimum 5 must be below the maximum 5']);
		expect(errorsOf('b: 3 .. 1')).toEqual(['line 1: b: the minimum 3 must be below the maximum 1']);
		expect(errorsOf('lr: 0 .. 1 log')).toEqual(['line 1: lr: a log range must start above 0 (got 0)']);
		expect(errorsOf('lr: -1 .. 1 log')).toEqual(['line 1: lr: a log range must start above 0 (got -1)']);
		expect(errorsOf('x: 1 .. Infinity')).toEqual(['line 1: x: "Infinity" is not a finite number (write e.g. 0.001 .. 0.3)']);
		expect(errorsOf('x: NaN .. 2')).toEqual(['line 1: x: "NaN" is not a finite number (write e.g. 0.001 .. 0.3)']);
		expect(errorsOf('x: 1 .. 1e999')).toEqual(['line 1: x: "1e999" is not a finite number (write e.g. 0.001 .. 0.3)']);
		expect(errorsOf('x: 1 .. 2*3')).toEqual(['line 1: x: "2*3" is not a finite number (write e.g. 0.001 .. 0.3)']);
		expect(errorsOf('d: 1.5 .. 8 int')).toEqual(['line 1: d: an int range needs whole-number ends (got 1.5 .. 8)']);
		expect(errorsOf('d: 1 .. 8 integer')).toEqual(['line 1: d: unknown flag "integer" (flags are log and int)']);
		expect(errorsOf('a: 1 .. 2\n\nb: x | y; a: p | q')).toEqual(['line 3: a: this name already has a dimension']);
		expect(errorsOf('p:')).toEqual(['line 1: p: the choice list is empty (write e.g. l1 | l2)']);
		expect(errorsOf('p: l1 | | l2')).toEqual(['line 1: p: a choice between two "|" is empty']);
		expect(errorsOf('p: l1 | l1')).toEqual(['line 1: p: the choice "l1" is listed twice']);
		expect(errorsOf('learning rate: 1 .. 2')).toEqual([
			'line 1: learning rate: a name is letters, digits and _ . - and starts with a letter or _'
		]);
		expect(errorsOf('x 1 .. 2')).toEqual(['line 1: "x 1 .. 2" needs a name and a range or choices, e.g. learningRate: 0.001 .. 0.3 log']);
		expect(errorsOf(`a: ${'x | '.repeat(300)}y`)).toEqual(['line 1: longer than 1000 characters']);
	});

	it('refuses more than 32 dimensions and keeps the first 32', () => {
		const text = Array.from({ length: 34 }, (_, i) => `p${i}: 0 .. 1`).join('\n');
		const { space, errors } = parseSearchSpace(text);
		expect(space).toHaveLength(32);
		expect(errors).toEqual([
			'line 33: p32: more than 32 dimensions; search fewer hyperparameters at once',
			'line 34: p33: more than 32 dimensions; search fewer hyperparameters at once'
		]);
	});

	it('never evaluates the text', () => {
		const { space, errors } = parseSearchSpace('x: constructor | __proto__ | toString\ny: 1 .. (() => 2)()');
		expect(space).toEqual([{ name: 'x', kind: 'choice', values: ['constructor', '__proto__', 'toString'] }]);
		expect(errors).toHaveLength(1);
	});
});

describe('formatSearchSpace', () => {
	it('writes one dimension per line that parses back equal', () => {
		const text = 'learningRate: 1e-7 .. 0.3 log; depth: 2 .. 10 int\nleaf: 1 .. 64 int log\nratio: 0 .. 1\npenalty: l1 | l2 | elastic net';
		const { space } = parseSearchSpace(text);
		const formatted = formatSearchSpace(space);
		expect(formatted).toBe(
			'learningRate: 1e-7 .. 0.3 log\ndepth: 2 .. 10 int\nleaf: 1 .. 64 int log\nratio: 0 .. 1\npenalty: l1 | l2 | elastic net'
		);
		expect(parseSearchSpace(formatted)).toEqual({ space, errors: [] });
	});

	it('round-trips numbers exactly', () => {
		const { space } = parseSearchSpace('a: 0.1 .. 0.30000000000000004; b: 1e-300 .. 1e300 log; c: -123456789 .. 987654321 int');
		expect(parseSearchSpace(formatSearchSpace(space)).space).toEqual(space);
	});
});
