import type { Registry } from '../lib/core/nodes/registry';

/** A usage or input problem: exit status 2, with a message that says what is wrong. */
export class UsageError extends Error {}

export interface ParsedArgs {
	readonly positional: string[];
	readonly flags: Map<string, string | true>;
	/** Flags that may repeat, such as --data name=file. */
	readonly lists: Map<string, string[]>;
}

const REPEATABLE = new Set(['data', 'save-model', 'rollback-on']);

export function parseArgs(argv: readonly string[], known: Record<string, 'value' | 'switch'>): ParsedArgs {
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
		const kind = known[name];
		if (!kind) throw new UsageError(`unknown option --${name}`);
		if (kind === 'switch') {
			flags.set(name, true);
			continue;
		}
		const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
		if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
		if (REPEATABLE.has(name)) lists.set(name, [...(lists.get(name) ?? []), value]);
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
