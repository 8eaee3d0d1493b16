import type { Registry } from '../lib/core/nodes/registry';

/** A usage or input problem: exit status 2, with a message that says what is wrong. */
export class UsageError extends Error {}

export interface ParsedArgs {
	readonly positional: string[];
	readonly flags: Map<string, string | true>;
	/** Flags that may repeat, such as --data name=file. */
	readonly lists: Map<string, string[]>;
}

/**
 * One option of a command, as `--help`, the README check and the parser all read it
 * (command-specs.ts holds every command's list).
 */
export interface OptionSpec {
	/** The long name, without the dashes. */
	readonly name: string;
	/** What the value is, as help writes it (`N`, `column`); absent for a switch. */
	readonly value?: string;
	/** The values it takes, as the studio offers them (node schemas, readers): help lists them. */
	readonly choices?: (registry: Registry) => readonly string[];
	readonly help: string;
	/** What an absent option means, for help only: the command applies it, so a parsed absence stays absent. */
	readonly default?: string;
	/** May be given more than once (--data a=x --data b=y). */
	readonly repeatable?: boolean;
}

export function parseArgs(argv: readonly string[], options: readonly OptionSpec[]): ParsedArgs {
	const known = new Map(options.map((o) => [o.name, o]));
	const positional: string[] = [];
	const flags = new Map<string, string | true>();
	const lists = new Map<string, string[]>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
		const option = known.get(name);
		if (!option) throw new UsageError(`unknown option --${name}`);
		if (option.value === undefined) {
			flags.set(name, true);
			continue;
		}
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
		if (option.repeatable) lists.set(name, [...(lists.get(name) ?? []), value]);
		else flags.set(name, value);
	}
	return { positional, flags, lists };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
	const v = args.flags.get(name);
	return typeof v === 'string' ? v : undefined;
}

export function intFlag(args: ParsedArgs, name: string): number | undefined {
	const v = stringFlag(args, name);
	if (v === undefined) return undefined;
	if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
	return Number(v);
}

/**
 * The options of a node's choice param, as its schema declares them: the CLI offers
 * exactly what the studio does, and a list kept here could drift from it.
 */
export function schemaChoices(registry: Registry, type: string, param: string): readonly string[] {
	const spec = registry.get(type)?.params[param];
	if (spec?.type !== 'choice') throw new Error(`${type} has no choice param "${param}"`);
	return spec.options;
}

/** `value` when it is one of `choices`; otherwise a UsageError that names them. */
export function oneOf(flag: string, value: string, choices: readonly string[]): string {
	if (!choices.includes(value)) throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${value}"`);
	return value;
}
