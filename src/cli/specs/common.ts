/** What every command spec is, and the options several commands share. */
import { DECIMAL_CHOICES } from '../../lib/core/frame/decimal';
import { ENCODING_CHOICES } from '../../lib/core/readers/encoding';
import type { OptionSpec } from '../args';
import { TASKS } from '../task-option';

export interface CommandSpec {
	readonly name: string;
	/** The positional arguments as usage writes them. */
	readonly args: string;
	/** One line for the command list. */
	readonly summary: string;
	readonly options: readonly OptionSpec[];
	/** Whole command lines, `tessera …` included. */
	readonly examples: readonly string[];
	/** Prose after the options in `tessera <command> --help`. */
	readonly more?: string;
}

/** The engines a pipeline may run on from the command line. */
export const BACKENDS = ['auto', 'wasm', 'cpu'] as const;

export const DELIMITER_CHOICES = ['auto', ',', ';', 'tab', '|'] as const;

/** --task on train, cv and tune (src/cli/task-option.ts reads it). */
export const task: OptionSpec = {
	name: 'task',
	value: 'task',
	choices: () => TASKS,
	help: 'what the model learns (default: inferred from the target, with the reason printed)'
};
export const json: OptionSpec = { name: 'json', help: 'print one JSON document on stdout (README lists its keys)' };
export const seed: OptionSpec = { name: 'seed', value: 'N', help: "random seed (default: the pipeline's document seed)" };

/** The studio's import options: part of a dataset's content hash, so a file re-runs headless as it was uploaded. */
export const READING_OPTIONS: readonly OptionSpec[] = [
	{ name: 'encoding', value: 'encoding', choices: () => ENCODING_CHOICES, default: 'auto', help: 'text encoding of a CSV' },
	{ name: 'delimiter', value: 'delimiter', choices: () => DELIMITER_CHOICES, default: 'auto', help: 'field separator of a CSV' },
	{ name: 'decimal', value: 'decimal', choices: () => DECIMAL_CHOICES, default: 'auto', help: 'decimal mark of a CSV' }
];

export const data: OptionSpec = {
	name: 'data',
	value: 'name=file',
	repeatable: true,
	help: "the file for an uploaded dataset (its name, or its Dataset node label or id); checked against the pipeline's content hash; repeatable"
};
export const backend: OptionSpec = {
	name: 'backend',
	value: 'backend',
	choices: () => BACKENDS,
	default: 'auto',
	help: 'where model nodes compute'
};

/** What run, cv and tune read a pipeline file with (openPipeline). */
export const PIPELINE_OPTIONS: readonly OptionSpec[] = [data, backend, ...READING_OPTIONS, json];

export const actor: OptionSpec = {
	name: 'actor',
	value: 'who',
	help: 'who made the change, for the registry history (default: the command)'
};
export const reason: OptionSpec = { name: 'reason', value: 'text', help: 'why, kept in the registry history' };
