/**
 * Every `tessera` command's arguments, options, defaults and examples: the one list that the
 * commander program (program.ts: --help, did-you-mean), each command's own parser (args.ts)
 * and the README check (readme.test.ts) read, assembled here from one module per command group
 * (specs/). A command that gains an option gains it in its group's module.
 */
import type { OptionSpec } from './args';
import type { CommandSpec } from './specs/common';
import { DATA_AND_PIPELINE_SPECS } from './specs/data-and-pipelines';
import { EXPERIMENT_SPECS } from './specs/experiments';
import { MODEL_FILE_SPECS } from './specs/model-files';
import { REGISTRY_SPECS } from './specs/registry';
import { SERVING_SPECS } from './specs/serving';

export { BACKENDS, DELIMITER_CHOICES, READING_OPTIONS, type CommandSpec } from './specs/common';

/** In the order `tessera --help` lists them. */
export const COMMAND_SPECS: readonly CommandSpec[] = [
	...DATA_AND_PIPELINE_SPECS,
	...EXPERIMENT_SPECS,
	...MODEL_FILE_SPECS,
	...SERVING_SPECS,
	...REGISTRY_SPECS
];

/** The spec of a command by name (a command's parser reads its options from here). */
export function commandSpec(name: string): CommandSpec {
	const spec = COMMAND_SPECS.find((c) => c.name === name);
	if (!spec) throw new Error(`no command spec "${name}"`);
	return spec;
}

/** The options of a command, for its parser. */
export const optionsOf = (name: string): readonly OptionSpec[] => commandSpec(name).options;
