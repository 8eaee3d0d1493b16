import type { ChoiceDimension, Dimension, RangeDimension, SearchSpace } from './types';

/** Most dimensions a search space may have: beyond this, a small budget learns nothing. */
export const MAX_DIMENSIONS = 32;
export const MAX_LINE_LENGTH = 1000;
const MAX_TEXT_LENGTH = 100_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FLAGS = new Set(['log', 'int']);

function parseNumber(text: string): number | null {
	if (!NUMBER.test(text)) return null;
	const v = Number(text);
	return Number.isFinite(v) ? v : null;
}

function parseRange(name: string, spec: string, fail: (msg: string) => void): RangeDimension | null {
	const at = spec.indexOf('..');
	const left = spec.slice(0, at).trim();
	const [right = '', ...flags] = spec
		.slice(at + 2)
		.trim()
		.split(/\s+/);
	const min = parseNumber(left);
	const max = parseNumber(right);
	if (min === null) return (fail(`"${left}" is not a finite number (write e.g. 0.001 .. 0.3)`), null);
	if (max === null) return (fail(`"${right}" is not a finite number (write e.g. 0.001 .. 0.3)`), null);
	const unknown = flags.filter((f) => !FLAGS.has(f));
	if (unknown.length) return (fail(`unknown flag "${unknown[0]}" (flags are log and int)`), null);
	const log = flags.includes('log');
	const int = flags.includes('int');
	if (min >= max) return (fail(`the minimum ${min} must be below the maximum ${max}`), null);
	if (log && min <= 0) return (fail(`a log range must start above 0 (got ${min})`), null);
	if (int && (!Number.isInteger(min) || !Number.isInteger(max)))
		return (fail(`an int range needs whole-number ends (got ${min} .. ${max})`), null);
	return { name, kind: int ? 'int' : 'float', min, max, log };
}

function parseChoice(name: string, spec: string, fail: (msg: string) => void): ChoiceDimension | null {
	const values = spec.split('|').map((v) => v.trim());
	if (values.every((v) => v === '')) return (fail('the choice list is empty (write e.g. l1 | l2)'), null);
	if (values.some((v) => v === '')) return (fail('a choice between two "|" is empty'), null);
	const seen = new Set<string>();
	for (const v of values) {
		if (seen.has(v)) return (fail(`the choice "${v}" is listed twice`), null);
		seen.add(v);
	}
	return { name, kind: 'choice', values };
}

/**
 * Parse the text form of a search space: one dimension per line (or separated by ";"),
 * "#" starts a comment. `name: 0.001 .. 0.3 log`, `name: 2 .. 10 int`, `name: a | b`.
 * Every problem is reported with its line number; the dimensions that parsed are returned.
 */
export function parseSearchSpace(text: string): { space: SearchSpace; errors: string[] } {
	const space: Dimension[] = [];
	const errors: string[] = [];
	if (text.length > MAX_TEXT_LENGTH) return { space, errors: [`the search space is longer than ${MAX_TEXT_LENGTH} characters`] };
	const names = new Set<string>();
	const lines = text.split(/\r\n|\r|\n/);
	for (let i = 0; i < lines.length; i++) {
		const lineNo = i + 1;
		if (lines[i].length > MAX_LINE_LENGTH) {
			errors.push(`line ${lineNo}: longer than ${MAX_LINE_LENGTH} characters`);
			continue;
		}
		const hash = lines[i].indexOf('#');
		const content = hash >= 0 ? lines[i].slice(0, hash) : lines[i];
		for (const part of content.split(';')) {
			const entry = part.trim();
			if (entry === '') continue;
			const colon = entry.indexOf(':');
			if (colon < 0) {
				errors.push(`line ${lineNo}: "${entry}" needs a name and a range or choices, e.g. learningRate: 0.001 .. 0.3 log`);
				continue;
			}
			const name = entry.slice(0, colon).trim();
			const spec = entry.slice(colon + 1).trim();
			const fail = (msg: string) => void errors.push(`line ${lineNo}: ${name || '(no name)'}: ${msg}`);
			if (!NAME.test(name)) {
				fail('a name is letters, digits and _ . - and starts with a letter or _');
				continue;
			}
			if (names.has(name)) {
				fail('this name already has a dimension');
				continue;
			}
			names.add(name);
			const dim = spec.includes('..') && !spec.includes('|') ? parseRange(name, spec, fail) : parseChoice(name, spec, fail);
			if (!dim) continue;
			if (space.length === MAX_DIMENSIONS) {
				fail(`more than ${MAX_DIMENSIONS} dimensions; search fewer hyperparameters at once`);
				continue;
			}
			space.push(dim);
		}
	}
	return { space, errors };
}

/** The text form of a space, one dimension per line; parseSearchSpace reads it back equal. */
export function formatSearchSpace(space: SearchSpace): string {
	return space
		.map((d) => {
			if (d.kind === 'choice') return `${d.name}: ${d.values.join(' | ')}`;
			const flags = [d.kind === 'int' ? ' int' : '', d.log ? ' log' : ''].join('');
			return `${d.name}: ${d.min} .. ${d.max}${flags}`;
		})
		.join('\n');
}
