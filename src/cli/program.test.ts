// The command line itself: help, --version, suggestions and exit statuses, through main()
// with captured writers (as bin/tessera.mjs calls it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinNodes } from '../lib/core/nodes/catalog';
import { createRegistry } from '../lib/core/nodes/registry';
import { TESSERA_VERSION } from '../lib/core/version';
import { COMMAND_SPECS } from './command-specs';
import { main, RUNNERS } from './main';

const registry = createRegistry(builtinNodes);

async function cli(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(
		argv,
		(s) => (stdout += s + '\n'),
		(s) => (stderr += s + '\n')
	);
	return { code, stdout, stderr };
}

describe('tessera --help and <command> --help', () => {
	it('the program help lists every command with its usage, the reading options and the exit statuses', async () => {
		for (const argv of [['--help'], ['-h'], ['help']]) {
			const r = await cli(...argv);
			expect(r.code, argv.join(' ')).toBe(0);
			expect(r.stderr).toBe('');
			for (const spec of COMMAND_SPECS) {
				expect(r.stdout).toMatch(new RegExp(`^  ${spec.name} +${spec.summary.slice(0, 20).replace(/[()|.?*+[\]]/g, '\\$&')}`, 'm'));
				expect(r.stdout).toContain(`tessera ${spec.name} ${spec.args}`);
			}
			expect(r.stdout).toContain('--decimal auto|.|,');
			expect(r.stdout).toContain('3 drift with --fail-on-drift');
		}
	});

	it.each(COMMAND_SPECS.map((s) => [s.name, s] as const))(
		'%s --help: every option, its default and choices, and examples',
		async (name, spec) => {
			const r = await cli(name, '--help');
			expect(r.code).toBe(0);
			expect(r.stderr).toBe('');
			expect(r.stdout).toContain(`Usage: tessera ${name} ${spec.args} [options]`);
			// Commander wraps descriptions: compare with the line breaks and indents folded away.
			const text = r.stdout.replace(/\s+/g, ' ');
			for (const o of spec.options) {
				expect(text).toContain(`--${o.name}${o.value !== undefined ? ` <${o.value}>` : ''} `);
				if (o.default !== undefined) expect(text).toContain(`(default: ${o.default})`);
				if (o.choices) expect(text).toContain(`(one of: ${o.choices(registry).join('|')})`);
			}
			expect(spec.examples.length).toBeGreaterThan(0);
			for (const e of spec.examples) expect(r.stdout).toContain(`  $ ${e}`);
			// `tessera help <command>` says the same.
			expect((await cli('help', name)).stdout).toBe(r.stdout);
		}
	);

	it('defaults shown are the ones the commands apply', async () => {
		const text = (await cli('serve', '--help')).stdout.replace(/\s+/g, ' ');
		expect(text).toContain('--port <N> port; 0 picks a free one (default: 8080)');
		expect(text).toContain('--max-batch <ROWS> most rows in one request; more: 413 (default: 100000)');
		const cv = (await cli('cv', '--help')).stdout.replace(/\s+/g, ' ');
		expect(cv).toContain('(one of: stratified|k-fold|grouped|time-series) (default: stratified)');
	});
});

describe('the command list', () => {
	it('every command of the specs runs, and every runner has a spec', () => {
		expect(Object.keys(RUNNERS).sort()).toEqual(COMMAND_SPECS.map((s) => s.name).sort());
	});
});

describe('tessera --version', () => {
	it("prints package.json's version and exits 0", async () => {
		const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
		for (const flag of ['--version', '-V']) {
			const r = await cli(flag);
			expect(r).toEqual({ code: 0, stdout: `${TESSERA_VERSION}\n`, stderr: '' });
		}
		expect(TESSERA_VERSION).toBe(pkg.version);
	});
});

describe('usage errors exit 2 with the message on stderr', () => {
	it('a mistyped command gets a suggestion', async () => {
		const r = await cli('trian', 'data.csv');
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr).toBe("tessera: unknown command 'trian'\n(Did you mean train?)\n");
		expect((await cli('prdict')).stderr).toContain('(Did you mean predict?)');
	});

	it('a mistyped option gets a suggestion, before anything is read', async () => {
		const r = await cli('train', 'no-such-file.csv', '--tagret', 'Species');
		expect(r.code).toBe(2);
		expect(r.stderr).toBe("tessera: unknown option '--tagret'\n(Did you mean --target?)\n");
		expect((await cli('serve', 'm.tessera-model', '--capture-smaple', '0.5')).stderr).toContain('(Did you mean --capture-sample?)');
		// An option of another command is unknown here.
		expect((await cli('profile', 'x.csv', '--folds', '3')).code).toBe(2);
	});

	it('a missing value, and no command at all', async () => {
		const missing = await cli('profile', 'x.csv', '--target');
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/^tessera: option '--target <column>' argument missing/);
		const next = await cli('profile', 'x.csv', '--target', '--json');
		expect(next.code).toBe(2);
		expect(next.stderr).toContain("argument '--json' is invalid. it needs a value");
		const nope = await cli('help', 'nope');
		expect(nope.code).toBe(2);
		expect(nope.stdout).toBe('');
		expect(nope.stderr).toContain('Usage: tessera [options] [command]');
		const none = await cli();
		expect(none.code).toBe(2);
		expect(none.stdout).toContain('Usage: tessera [options] [command]');
	});

	it('with --json, a usage error is also the failure document on stdout', async () => {
		const r = await cli('cv', 'p.json', '--fodls', '3', '--json');
		expect(r.code).toBe(2);
		expect(JSON.parse(r.stdout)).toEqual({ command: 'cv', error: "unknown option '--fodls'\n(Did you mean --folds?)", exitCode: 2 });
	});

	it("the command's own checks still run after commander accepts the words", async () => {
		const r = await cli('train', 'data.csv');
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/^tessera: usage: tessera train <file.csv> --target <column>/);
	});
});
