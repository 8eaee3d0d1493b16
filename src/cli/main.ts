import { builtinNodes } from '../lib/core/nodes/catalog';
import { createRegistry, type Registry } from '../lib/core/nodes/registry';
import { UsageError } from './args';
import { buildProgram, CommanderError, parseCommandLine } from './program';
import { predictCommand } from './commands/predict';
import { serveCommand } from './commands/serve';
import { profileCommand } from './commands/profile';
import { cvCommand } from './commands/cv';
import { runCommand } from './commands/run';
import { bundleCommand } from './commands/bundle';
import { workspaceCommand } from './commands/workspace';
import { trainCommand } from './commands/train';
import { tuneCommand } from './commands/tune';
import { compareCommand } from './commands/compare';
import { modelCommand } from './commands/model';
import { onnxCommand } from './commands/onnx';
import { predictorCommand } from './commands/predictor';
import { driftCommand } from './commands/drift';
import type { CommandOutput } from './commands/types';
import { retrainCommand } from './commands/retrain';
import { cardCommand, promoteCommand, rollbackCommand } from './commands/registry-commands';

type Runner = (argv: readonly string[], registry: Registry, out: (s: string) => void, err: (s: string) => void) => Promise<number>;

/** A command that returns one document: printed as text, or as JSON with --json. */
const documented =
	(command: (argv: readonly string[], registry: Registry) => Promise<CommandOutput>): Runner =>
	async (argv, registry, out) => {
		const result = await command(argv, registry);
		out(argv.includes('--json') ? JSON.stringify(result.json, null, 2) : result.text);
		return result.exitCode;
	};

/** Each command of command-specs.ts, by name. */
export const RUNNERS: Readonly<Record<string, Runner>> = {
	profile: documented((argv) => profileCommand(argv)),
	train: documented(trainCommand),
	run: documented(runCommand),
	bundle: documented(bundleCommand),
	workspace: documented(workspaceCommand),
	cv: documented(cvCommand),
	tune: documented(tuneCommand),
	compare: documented(compareCommand),
	model: documented(modelCommand),
	onnx: documented((argv) => onnxCommand(argv)),
	predictor: documented((argv) => predictorCommand(argv)),
	retrain: documented(retrainCommand),
	promote: documented((argv) => promoteCommand(argv)),
	rollback: documented((argv) => rollbackCommand(argv)),
	card: documented((argv) => cardCommand(argv)),
	predict: predictCommand,
	serve: serveCommand,
	drift: (argv, registry, out) => driftCommand(argv, registry, out)
};

/** Runs one command; returns the exit status. Output goes to the given writers (tests capture them). */
export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
	const [command, ...rest] = argv;
	const json = rest.includes('--json');
	const registry = createRegistry(builtinNodes);
	let status = 0;
	// Commander writes to stderr only help shown for a mistake (`tessera help nope`): a usage error.
	let helpOnErr = false;
	try {
		// No command at all: the help, but as a usage error (a script that forgot its command should not pass).
		if (command === undefined) {
			buildProgram(registry, { out, err }, async () => {}).outputHelp();
			return 2;
		}
		const io = {
			out,
			err: (s: string) => {
				helpOnErr = true;
				err(s);
			}
		};
		await parseCommandLine(argv, registry, io, async (name, words) => {
			const runner = RUNNERS[name];
			if (!runner) throw new Error(`no runner for the command "${name}"`);
			status = await runner(words, registry, out, err);
		});
		return status;
	} catch (e) {
		// Help and --version end the parse with a CommanderError of their own: not a failure, unless the help was for a mistake.
		if (e instanceof CommanderError && ['commander.help', 'commander.helpDisplayed', 'commander.version'].includes(e.code))
			return helpOnErr ? 2 : 0;
		const usage = e instanceof UsageError || e instanceof CommanderError;
		const message = e instanceof CommanderError ? e.message.replace(/^error: /, '') : e instanceof Error ? e.message : String(e);
		if (json) out(JSON.stringify({ command: command ?? null, error: message, exitCode: usage ? 2 : 1 }, null, 2));
		err(`tessera: ${message}`);
		return usage ? 2 : 1;
	}
}
