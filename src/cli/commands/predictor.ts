import { readFile, writeFile } from 'node:fs/promises';
import { readModelFile } from '../../lib/core/model-file/format';
import { buildPredictorHtml } from '../../lib/predictor/build';
import { bundlePredictorRuntime } from '../../lib/predictor/runtime-bundle';
import { predictorIssue } from '../../lib/predictor/score';
import { parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import type { CommandOutput } from './types';

const USAGE = 'usage: tessera predictor <model.tessera-model> --out <page.html> [--json]';

/**
 * `tessera predictor m.tessera-model --out page.html`: the studio's Publish predictor from the
 * command line. The runtime is bundled here with esbuild from the same sources and settings as
 * the studio's (lib/predictor/runtime-bundle.ts), so both publish the same page.
 */
export async function predictorCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('predictor'));
	const [input, ...extra] = args.positional;
	const out = stringFlag(args, 'out');
	if (!input || extra.length || !out) throw new UsageError(USAGE);
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(input));
	} catch (e) {
		throw new UsageError(`cannot read ${input}: ${e instanceof Error ? e.message : String(e)}`);
	}
	let file;
	try {
		({ file } = await readModelFile(bytes));
	} catch (e) {
		throw new UsageError(`${input}: ${e instanceof Error ? e.message : String(e)}`);
	}
	const issue = predictorIssue(file.model);
	if (issue) throw new UsageError(`${input}: this model cannot be published as a predictor page: ${issue}`);
	const runtime = await bundlePredictorRuntime();
	const html = buildPredictorHtml(bytes, runtime.code, { title: file.name });
	await writeFile(out, html);
	const json = {
		command: 'predictor',
		model: input,
		out,
		name: file.name,
		task: file.model.task,
		family: file.model.family,
		bytes: Buffer.byteLength(html),
		runtimeBytes: Buffer.byteLength(runtime.code)
	};
	const text = `${out}: predictor page for "${file.name}" (${file.model.family}, ${file.model.task}), ${(json.bytes / 1024).toFixed(0)} KB; open it in any browser, no network needed`;
	return { json, text, exitCode: 0 };
}
