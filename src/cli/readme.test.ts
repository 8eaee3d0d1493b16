// The README's table of `tessera` commands names every command and every option that
// command-specs.ts defines (the definitions commander and the parsers use): an option added
// without a word in the README fails here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_SPECS, READING_OPTIONS } from './command-specs';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(
	readme.indexOf('## The `tessera` command'),
	readme.indexOf('\n## ', readme.indexOf('## The `tessera` command') + 1)
);
/** The table's rows, and the prose around it (which documents the options every reading command shares). */
const rows = section.split('\n').filter((l) => l.startsWith('| `'));
const prose = section
	.split('\n')
	.filter((l) => !l.startsWith('|'))
	.join('\n');
/** Options the prose under the table documents once for every command that has them. */
const SHARED = new Set([...READING_OPTIONS.map((o) => o.name), 'backend', 'json']);

/** The rows whose first cell names the command (`promote …`, `rollback …` share one). */
const rowsOf = (name: string) => rows.filter((r) => r.split(' | ')[0].match(new RegExp(`\`${name} `)));
/** `--name` as a whole option, not the start of a longer one (--capture vs --capture-sample). */
const mentions = (text: string, option: string) => new RegExp(`--${option}(?![\\w-])`).test(text);

describe('README: the tessera command table', () => {
	it('finds the section and its rows', () => {
		expect(rows.length).toBeGreaterThan(10);
	});

	it.each(COMMAND_SPECS.map((s) => [s.name, s] as const))('%s has a row that names each of its options', (name, spec) => {
		const found = rowsOf(name);
		expect(found, `README has no row for tessera ${name}`).not.toEqual([]);
		const text = found.join('\n');
		const missing = spec.options
			.filter((o) => !mentions(text, o.name) && !(SHARED.has(o.name) && mentions(prose, o.name)))
			.map((o) => `--${o.name}`);
		expect(missing, `README row for tessera ${name} lacks`).toEqual([]);
	});

	it('the check fails for an option the README does not name', () => {
		expect(mentions(rowsOf('serve').join('\n'), 'no-such-option')).toBe(false);
		expect(mentions('[--capture-sample 0.1]', 'capture')).toBe(false);
		expect(mentions('[--capture dir]', 'capture')).toBe(true);
	});
});
