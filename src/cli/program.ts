/**
 * The `tessera` command line as a commander program, built from command-specs.ts: help for the
 * program and each command (options, defaults, examples), --version, and did-you-mean for a
 * mistyped command or option. Commander checks the words; each command then reads its own
 * arguments with the same option list (args.ts), so the two cannot disagree on what exists.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { TESSERA_VERSION } from '../lib/core/version';
import type { Registry } from '../lib/core/nodes/registry';
import type { OptionSpec } from './args';
import { COMMAND_SPECS, READING_OPTIONS, type CommandSpec } from './command-specs';

export { CommanderError };

/** Which commands take the reading options (listed once in the program's help, not on every line). */
const READS = new Set(READING_OPTIONS.map((o) => o.name));

/** How an option's value is written in a synopsis: its choices when it has them. */
function placeholder(o: OptionSpec, registry: Registry): string {
	return o.choices ? o.choices(registry).join('|') : (o.value ?? '');
}

/**
 * The command, its arguments and `[--flag value]` for each option but the reading ones (and
 * those its arguments already name, as train's --target), one entry per word of the usage.
 */
export function synopsis(spec: CommandSpec, registry: Registry): string[] {
	const options = spec.options
		.filter((o) => !READS.has(o.name) && !spec.args.includes(`--${o.name} `))
		.map((o) => (o.value === undefined ? `[--${o.name}]` : `[--${o.name} ${placeholder(o, registry)}]`));
	return [`tessera ${spec.name} ${spec.args}`, ...options];
}

/** Joins words into lines of at most `width` characters (a longer word stands alone), continuing under `indent`. */
function wrap(words: readonly string[], width: number, indent: string): string {
	const lines: string[] = [];
	let current = '';
	for (const w of words) {
		if (current && (current + ' ' + w).length > width) {
			lines.push(current);
			current = indent + w;
		} else current = current ? `${current} ${w}` : w;
	}
	lines.push(current);
	return lines.join('\n');
}

function description(o: OptionSpec, registry: Registry): string {
	const choices = o.choices ? ` (one of: ${o.choices(registry).join('|')})` : '';
	const dflt = o.default !== undefined ? ` (default: ${o.default})` : '';
	return `${o.help}${choices}${dflt}`;
}

/** A value that is the next option (`--target --json`) is a missing value, as the commands' own parser says. */
function value(v: string): string {
	if (v.startsWith('--')) throw new InvalidArgumentError('it needs a value');
	return v;
}

function programHelpAfter(registry: Registry): string {
	const reading = READING_OPTIONS.map((o) => `--${o.name} ${placeholder(o, registry)}`).join('   ');
	return [
		'',
		'Usage of each command (tessera <command> --help says more, with examples):',
		...COMMAND_SPECS.map((s) => '  ' + wrap(synopsis(s, registry), 118, '        ')),
		'',
		"Reading options for train, run, cv, tune, predict and retrain (as the studio's import options; they are part of a dataset's hash):",
		`  ${reading}`,
		'',
		'Exit status: 0 success, 1 the run failed, 2 bad usage or bad input, 3 drift with --fail-on-drift'
	].join('\n');
}

export interface ProgramIO {
	readonly out: (s: string) => void;
	readonly err: (s: string) => void;
}

/**
 * Parses `argv` (the words after `tessera`) and, once commander has accepted them, calls
 * `run(name, rest)` with the command's own words (everything after its name). Errors are
 * thrown as CommanderError (exitOverride), never process.exit; help and version go to `io.out`.
 */
export async function parseCommandLine(
	argv: readonly string[],
	registry: Registry,
	io: ProgramIO,
	run: (name: string, rest: readonly string[]) => Promise<void>
): Promise<void> {
	await buildProgram(registry, io, (name) => run(name, argv.slice(1))).parseAsync([...argv], { from: 'user' });
}

export function buildProgram(registry: Registry, io: ProgramIO, run: (name: string) => Promise<void>): Command {
	const program = new Command('tessera')
		.description('tessera — run Tessera pipelines headless')
		.version(TESSERA_VERSION, '-V, --version', "print Tessera's version")
		.helpOption('-h, --help', 'show help')
		.helpCommand('help [command]', 'show help for a command')
		.exitOverride()
		.showSuggestionAfterError(true)
		.configureOutput({
			// The writers add the line end themselves.
			writeOut: (s) => io.out(s.replace(/\n$/, '')),
			writeErr: (s) => io.err(s.replace(/\n$/, '')),
			// main() reports errors, with "tessera:" and the --json document.
			outputError: () => {}
		})
		.configureHelp({ helpWidth: 110, subcommandTerm: (cmd) => cmd.name() })
		.addHelpText('after', programHelpAfter(registry));
	for (const spec of COMMAND_SPECS) {
		const command = program
			.command(spec.name)
			.usage(`${spec.args} [options]`)
			.description(spec.summary)
			// The command checks its own arguments, with its own usage line.
			.allowExcessArguments(true)
			.action(() => run(spec.name));
		for (const o of spec.options) {
			const option = new Option(`--${o.name}${o.value !== undefined ? ` <${o.value}>` : ''}`, description(o, registry));
			if (o.value !== undefined) option.argParser(value);
			command.addOption(option);
		}
		const after = ['', 'Examples:', ...spec.examples.map((e) => `  $ ${e}`), ...(spec.more ? ['', spec.more] : [])];
		command.addHelpText('after', after.join('\n'));
	}
	return program;
}
