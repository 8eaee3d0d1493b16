import { builtinNodes } from '../lib/core/nodes/catalog';
import { createRegistry } from '../lib/core/nodes/registry';
import { MODEL_FAMILY_NAMES } from '../lib/core/nodes/templates/quick-model';
import { UsageError } from './args';
import { predictCommand } from './commands/predict';
import { serveCommand } from './commands/serve';
import { profileCommand } from './commands/profile';
import { cvCommand } from './commands/cv';
import { runCommand } from './commands/run';
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

const HELP = `tessera — run Tessera pipelines headless

usage:
  tessera profile <file.csv> [--json]
  tessera train <file.csv> --target <column> [--model ${MODEL_FAMILY_NAMES.join('|')}] [--seed N] [--json] [--export pipeline.json]
               [--save-model m.tessera-model]
  tessera run <pipeline.json> [--data <dataset-name>=<file.csv>] [--save-model <node-id>=<m.tessera-model>] [--json]
  tessera cv <pipeline.json> [--folds K] [--scheme stratified|k-fold|grouped|time-series] [--group <column>] [--seed N] [--data ...] [--json]
  tessera tune <pipeline.json> [--workers N] [--node <id>] [--strategy tpe|gp|random|grid] [--trials N] [--metric auto|accuracy|f1Macro|rocAuc|precisionMacro|recallMacro|r2|rmse|mae]
               [--folds K] [--space "learningRate: 0.01 .. 0.3 log; maxDepth: 2 .. 8 int"] [--space-file f] [--seed N] [--write tuned.json] [--data ...] [--json]
  tessera compare <data.csv> --target <column> [--task auto|classification|regression] [--families a,b] [--folds K] [--metric auto|accuracy|…|r2|rmse|mae]
               [--prepare standard|none] [--seed N] [--workers N] [--json]     a leaderboard: every model family on the same folds
  tessera compare <pipeline.json> [--workers N] [--data ...] [--json]     the leaderboards of the file's Compare models nodes
  tessera model <m.tessera-model> [--json]     what a model file holds: input schema, task, metrics, version, size
  tessera onnx <m.tessera-model> [--out m.onnx] [--json]     the recipe and model as one ONNX graph (ONNX Runtime, KServe, Triton)
  tessera predict <m.tessera-model> <data.csv|tsv|json|ndjson|parquet|arrow> [--out preds.csv|.parquet|.ndjson] [--proba] [--id <column>]
               [--strict] [--threads N] [--json]     batch scoring, streamed (tessera predict --help)
  tessera predictor <m.tessera-model> --out <page.html> [--json]     one offline HTML page: a form and CSV scoring for the model
  tessera serve <m.tessera-model>… | <registry-dir> [--port 8080] [--host 127.0.0.1] [--name n] [--capture dir]
               [--capture-sample 0.1] [--workers N]     KServe V2, MLflow /invocations and /metrics (tessera serve --help)
  tessera drift <reference|-> <current> [--model m.tessera-model] [--test auto|ks|chisquare|z|wasserstein|jensenshannon|psi] [--columns a,b]
               [--target <column>] [--threshold-p 0.05] [--threshold-distance 0.1] [--threshold-psi 0.1] [--share 0.5] [--fail-on-drift] [--json]
               data drift per column (Evidently's tests), with --model prediction drift and current vs test metrics; - = the model's reference sample
  tessera retrain <pipeline.json> --data <dataset-name>=<new.csv> [--registry dir] [--name model] [--node id] [--metric auto]
               [--min-gain 0] [--limitations text] [--json]     retrain, score against the served version, register, promote if better
  tessera promote <registry-dir> <name> <version> [--reason text] [--json]     make a version the one served
  tessera rollback <registry-dir> <name> [--to version] [--reason text] [--json]     restore the version served before
  tessera card <m.tessera-model> | <registry-dir> <name> <version> [--limitations text] [--out card.md]     a model card (Markdown)

reading options for train, run, cv, tune and compare (as the studio's import options; they are part of a dataset's hash):
  --encoding auto|utf-8|windows-1252|utf-16le|utf-16be   --delimiter auto|,|;|tab||   --decimal auto|.|,

exit status: 0 success, 1 the run failed, 2 bad usage or bad input, 3 drift with --fail-on-drift`;

/** Runs one command; returns the exit status. Output goes to the given writers (tests capture them). */
export async function main(argv: readonly string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
	const [command, ...rest] = argv;
	const json = rest.includes('--json');
	try {
		const registry = createRegistry(builtinNodes);
		let result: CommandOutput;
		if (command === 'profile') result = await profileCommand(rest);
		else if (command === 'train') result = await trainCommand(rest, registry);
		else if (command === 'run') result = await runCommand(rest, registry);
		else if (command === 'cv') result = await cvCommand(rest, registry);
		else if (command === 'tune') result = await tuneCommand(rest, registry);
		else if (command === 'compare') result = await compareCommand(rest, registry);
		else if (command === 'model') result = await modelCommand(rest, registry);
		else if (command === 'onnx') result = await onnxCommand(rest);
		else if (command === 'predictor') result = await predictorCommand(rest);
		else if (command === 'retrain') result = await retrainCommand(rest, registry);
		else if (command === 'promote') result = await promoteCommand(rest);
		else if (command === 'rollback') result = await rollbackCommand(rest);
		else if (command === 'card') result = await cardCommand(rest);
		else if (command === 'predict') return await predictCommand(rest, registry, out, err);
		else if (command === 'serve') return await serveCommand(rest, registry, out, err);
		else if (command === 'drift') return await driftCommand(rest, registry, out);
		else if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
			out(HELP);
			return command === undefined ? 2 : 0;
		} else throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
		out(json ? JSON.stringify(result.json, null, 2) : result.text);
		return result.exitCode;
	} catch (e) {
		const usage = e instanceof UsageError;
		const message = e instanceof Error ? e.message : String(e);
		if (json) out(JSON.stringify({ command: command ?? null, error: message, exitCode: usage ? 2 : 1 }, null, 2));
		err(`tessera: ${message}`);
		return usage ? 2 : 1;
	}
}
