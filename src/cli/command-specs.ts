/**
 * Every `tessera` command's arguments, options, defaults and examples: the one list that the
 * commander program (program.ts: --help, did-you-mean), each command's own parser (args.ts)
 * and the README check (readme.test.ts) read. A command that gains an option gains it here.
 */
import { DECIMAL_CHOICES } from '../lib/core/frame/decimal';
import { PROMOTION_METRICS } from '../lib/core/lifecycle/promotion';
import { COMPARED_FAMILIES } from '../lib/core/nodes/catalog/evaluate/compare-models';
import { DEFAULT_DRIFT_OPTIONS } from '../lib/core/monitor/drift';
import { MODEL_FAMILY_NAMES } from '../lib/core/nodes/templates/quick-model';
import { ENCODING_CHOICES } from '../lib/core/readers/encoding';
import { schemaChoices, type OptionSpec } from './args';
import { TASKS } from './task-option';
import { DEFAULT_LIMITS } from './serve/app';

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

/** The Compare models node, whose schema lists compare's choices. */
const COMPARE = 'evaluate.compare-models';

/** The engines a pipeline may run on from the command line. */
export const BACKENDS = ['auto', 'wasm', 'cpu'] as const;

export const DELIMITER_CHOICES = ['auto', ',', ';', 'tab', '|'] as const;

/** --task on train, cv and tune (src/cli/task-option.ts reads it). */
const task: OptionSpec = {
	name: 'task',
	value: 'task',
	choices: () => TASKS,
	help: 'what the model learns (default: inferred from the target, with the reason printed)'
};
const json: OptionSpec = { name: 'json', help: 'print one JSON document on stdout (README lists its keys)' };
const seed: OptionSpec = { name: 'seed', value: 'N', help: "random seed (default: the pipeline's document seed)" };

/** The studio's import options: part of a dataset's content hash, so a file re-runs headless as it was uploaded. */
export const READING_OPTIONS: readonly OptionSpec[] = [
	{ name: 'encoding', value: 'encoding', choices: () => ENCODING_CHOICES, default: 'auto', help: 'text encoding of a CSV' },
	{ name: 'delimiter', value: 'delimiter', choices: () => DELIMITER_CHOICES, default: 'auto', help: 'field separator of a CSV' },
	{ name: 'decimal', value: 'decimal', choices: () => DECIMAL_CHOICES, default: 'auto', help: 'decimal mark of a CSV' }
];

const data: OptionSpec = {
	name: 'data',
	value: 'name=file',
	repeatable: true,
	help: "the file for an uploaded dataset (its name, or its Dataset node label or id); checked against the pipeline's content hash; repeatable"
};
const backend: OptionSpec = {
	name: 'backend',
	value: 'backend',
	choices: () => BACKENDS,
	default: 'auto',
	help: 'where model nodes compute'
};

/** What run, cv and tune read a pipeline file with (openPipeline). */
const PIPELINE_OPTIONS: readonly OptionSpec[] = [data, backend, ...READING_OPTIONS, json];

const actor: OptionSpec = { name: 'actor', value: 'who', help: 'who made the change, for the registry history (default: the command)' };
const reason: OptionSpec = { name: 'reason', value: 'text', help: 'why, kept in the registry history' };

const PREDICT_MORE = `Output columns: the id (or row), prediction, p(<class>)… with --proba, error.

Each row is read with the kinds the model was trained on (its input schema), never guessed
from the new file. A row that does not fit — a required column missing from the file, text in
a number column, a date or boolean that does not parse, or a row the model's recipe refuses —
gets an empty prediction and an error naming the column and the problem; the other rows are
scored as usual. Missing values are not errors: they go through the recipe's imputers, or the
model's own handling of missing values, as in the studio.

Categories never seen in training are scored as the studio's fitted encoder does: one-hot
encoding gives all zeros (or the "(other)" column when it is on), the ordinal encoder its
"missing or unseen" code, target and frequency encoding their fallback (the prior, a zero
count), and trees that split on categories natively treat them as missing. They are counted
in the --json summary (unseenCategories), not reported as errors.

Predictions equal the studio's Predict node and tessera run on the same rows, bit for bit.
Numbers are written with full precision (shortest round-trip text).

exit status: 0 scored (rows with errors included, unless --strict), 2 bad usage, an unreadable
model or data file, or with --strict a row that cannot be scored`;

const SERVE_MORE = `Serves models over HTTP: the Open Inference Protocol (KServe V2: /v2/...), MLflow's scoring
server (/invocations, /ping, /health) and Prometheus metrics (/metrics). See README "Serve".

A registry folder holds model files and registry.json (names, versions, which one is active);
the server watches it and swaps versions atomically when registry.json changes. SIGTERM and
SIGINT stop taking requests, let those in flight finish, and exit 0.`;

export const COMMAND_SPECS: readonly CommandSpec[] = [
	{
		name: 'profile',
		args: '<file.csv>',
		summary: 'column profile, correlations and data-quality warnings of a data file',
		options: [{ name: 'target', value: 'column', help: 'the column to be predicted: adds the leakage check to the warnings' }, json],
		examples: ['tessera profile static/samples/penguins.csv', 'tessera profile data.csv --target price --json']
	},
	{
		name: 'train',
		args: '<file.csv> --target <column>',
		summary: 'build and run the Quick-model pipeline on a data file; print validation and test metrics',
		options: [
			{ name: 'target', value: 'column', help: 'the column to predict (required)' },
			task,
			{
				name: 'model',
				value: 'family',
				choices: () => MODEL_FAMILY_NAMES,
				default: 'auto',
				help: 'model family; auto is gradient-boosted trees'
			},
			{ name: 'seed', value: 'N', help: "random seed (default: the new pipeline's seed)" },
			{ name: 'export', value: 'pipeline.json', help: 'write the pipeline file the studio opens' },
			{ name: 'save-model', value: 'm.tessera-model', repeatable: true, help: 'write the trained model as a model file' },
			backend,
			...READING_OPTIONS,
			json
		],
		examples: [
			'tessera train static/samples/penguins.csv --target Species',
			'tessera train data.csv --target price --model forest --seed 7 --export price.tessera.json --save-model price.tessera-model'
		]
	},
	{
		name: 'run',
		args: '<pipeline.json|bundle.zip>',
		summary: "run a pipeline file or a share bundle (its data inside: no --data); print every Evaluate node's metrics",
		options: [
			{
				name: 'save-model',
				value: 'node=m.tessera-model',
				repeatable: true,
				help: "write that model node's trained model as a model file; repeatable"
			},
			...PIPELINE_OPTIONS
		],
		examples: [
			'tessera run penguins.tessera.json',
			'tessera run churn-bundle.zip',
			'tessera run prices.tessera.json --data prices=prices.csv --decimal , --save-model gbdt-1=prices.tessera-model'
		],
		more: 'A share bundle (Export → Pipeline with data in the studio) is a zip holding the pipeline and its datasets as CSV, each checked against the content hash its manifest and the pipeline record; --data still overrides a dataset by name.'
	},
	{
		name: 'bundle',
		args: '<pipeline.json> --out <bundle.zip>',
		summary: 'pack a pipeline file and its data files into one share bundle (a zip), as the studio exports it',
		options: [{ name: 'out', value: 'bundle.zip', help: 'where to write the bundle (required)' }, data, ...READING_OPTIONS, json],
		examples: ['tessera bundle churn.tessera.json --data churn=churn.csv --out churn-bundle.zip'],
		more: 'Each --data file is checked against the content hash the pipeline records, then written into the bundle as CSV with the hash an upload of that CSV gets; the bundled pipeline names those hashes.'
	},
	{
		name: 'workspace',
		args: '<backup.zip>',
		summary: "list a workspace backup's projects, datasets, experiments and models (the studio's Export workspace), every entry checked",
		options: [json],
		examples: ['tessera workspace tessera-workspace-2026-12-07.zip'],
		more: "Every entry is checked against the SHA-256 the manifest records and each dataset against its column layout; a damaged or foreign file exits 2 with the reason. Import the file on the studio's projects page."
	},
	{
		name: 'cv',
		args: '<pipeline.json>',
		summary: 'cross-validate every model node that follows a Split, its whole recipe refitted per fold',
		options: [
			{ name: 'folds', value: 'K', default: '5', help: 'number of folds, 2 to 50' },
			{
				name: 'scheme',
				value: 'scheme',
				choices: (r) => schemaChoices(r, 'evaluate.cross-validate', 'scheme'),
				default: 'stratified',
				help: 'how rows are dealt into folds'
			},
			{ name: 'group', value: 'column', help: 'the group column of the grouped scheme' },
			seed,
			task,
			...PIPELINE_OPTIONS
		],
		examples: ['tessera cv penguins.tessera.json --folds 10', 'tessera cv visits.tessera.json --scheme grouped --group patient --json']
	},
	{
		name: 'tune',
		args: '<pipeline.json>',
		summary: 'search the settings of every model node that follows a Split, as the Tune node',
		options: [
			{ name: 'workers', value: 'N', default: '1', help: 'trials side by side in N worker threads (same results), 1 to 32' },
			{ name: 'node', value: 'id', help: 'tune only this model node (default: every one after a Split)' },
			{
				name: 'strategy',
				value: 'strategy',
				choices: (r) => schemaChoices(r, 'evaluate.tune', 'strategy'),
				default: 'tpe',
				help: 'search strategy'
			},
			{ name: 'trials', value: 'N', default: '20', help: 'number of trials, 1 to 500' },
			{
				name: 'metric',
				value: 'metric',
				choices: (r) => schemaChoices(r, 'evaluate.tune', 'metric'),
				default: 'auto',
				help: 'the figure to optimise'
			},
			{
				name: 'folds',
				value: 'K',
				default: '0',
				help: 'k-fold CV of the non-test rows per trial, 2 to 20; 0 scores on the validation rows'
			},
			{
				name: 'space',
				value: 'ranges',
				help: "search space in the inspector's text form, ;-separated (default: the model's ranges)"
			},
			{ name: 'space-file', value: 'file', help: 'read the search space from a file' },
			seed,
			task,
			{ name: 'write', value: 'tuned.json', help: 'save the pipeline with the best settings on each model node' },
			...PIPELINE_OPTIONS
		],
		examples: [
			'tessera tune penguins.tessera.json --trials 40 --workers 4',
			'tessera tune prices.tessera.json --strategy random --space "learningRate: 0.01 .. 0.3 log; maxDepth: 2 .. 8 int" --write tuned.json'
		]
	},
	{
		name: 'compare',
		args: '<data.csv> --target <column> | <pipeline.json>',
		summary: 'a leaderboard: every model family on the same folds (or the Compare models nodes of a pipeline file)',
		options: [
			{ name: 'target', value: 'column', help: 'the column to predict (a data file; required there)' },
			{
				name: 'task',
				value: 'task',
				choices: (r) => schemaChoices(r, COMPARE, 'task'),
				default: 'auto',
				help: 'what is learned (auto: inferred from the target)'
			},
			{
				name: 'families',
				value: 'a,b',
				help: `the families compared, comma-separated, of ${COMPARED_FAMILIES.join(', ')} (default: all that learn the task)`
			},
			{ name: 'folds', value: 'K', default: '5', help: 'folds of the non-test rows, 2 to 20; 0 scores on the validation rows' },
			{
				name: 'metric',
				value: 'metric',
				choices: (r) => schemaChoices(r, COMPARE, 'metric'),
				default: 'auto',
				help: 'the figure the leaderboard is ranked by'
			},
			{
				name: 'prepare',
				value: 'prepare',
				choices: (r) => schemaChoices(r, COMPARE, 'prepare'),
				default: 'standard',
				help: 'standard: missing values, one-hot and scaling refitted per fold'
			},
			seed,
			{ name: 'workers', value: 'N', default: '1', help: 'families trained side by side in N worker threads, 1 to 32' },
			...PIPELINE_OPTIONS
		],
		examples: [
			'tessera compare static/samples/wine.csv --target cultivar',
			'tessera compare prices.csv --target price --families linear,forest,gbdt --folds 10 --metric mae --workers 4 --json',
			'tessera compare experiment.tessera.json --data prices=prices.csv'
		],
		more: "--target, --task, --families, --folds, --metric, --prepare and --seed are for a data file: a pipeline file's Compare models nodes keep their own settings."
	},
	{
		name: 'model',
		args: '<m.tessera-model>',
		summary: 'what a model file holds: input schema, task, metrics, version, size',
		options: [json],
		examples: ['tessera model penguins.tessera-model', 'tessera model penguins.tessera-model --json']
	},
	{
		name: 'onnx',
		args: '<m.tessera-model>',
		summary: 'the recipe and model as one ONNX graph (ONNX Runtime, KServe, Triton)',
		options: [{ name: 'out', value: 'm.onnx', help: "where to write it (default: the model file's name with .onnx)" }, json],
		examples: ['tessera onnx penguins.tessera-model', 'tessera onnx penguins.tessera-model --out serve/model.onnx --json']
	},
	{
		name: 'predict',
		args: '<m.tessera-model> <data.csv|tsv|json|ndjson|parquet|arrow>',
		summary: 'batch scoring of a data file, streamed in batches of rows',
		options: [
			{ name: 'out', value: 'file', help: 'write the predictions there (.csv, .tsv, .parquet, .ndjson) (default: CSV on stdout)' },
			{ name: 'proba', help: 'add one p(<class>) column per class (classifiers)' },
			{ name: 'id', value: 'column', help: 'start each output row with this input column (default: a 1-based "row" number)' },
			{ name: 'strict', help: 'stop at the first row that cannot be scored: exit 2 with its line and the problem' },
			{ name: 'json', help: 'after writing --out, print a summary (rows, errors by column and problem, speed)' },
			{ name: 'batch-rows', value: 'N', default: '32768', help: 'rows per batch (the results do not depend on it)' },
			{
				name: 'threads',
				value: 'N',
				help: 'worker threads that score batches while this one reads and writes (default: one per core beyond the first, at most 4, for files over 16 MB on 4 cores or more; else 0: score here)'
			},
			...READING_OPTIONS
		],
		examples: [
			'tessera predict penguins.tessera-model new.csv > preds.csv',
			'tessera predict penguins.tessera-model new.parquet --out preds.parquet --proba --id id --json'
		],
		more: PREDICT_MORE
	},
	{
		name: 'predictor',
		args: '<m.tessera-model> --out <page.html>',
		summary: 'one offline HTML page: a form and CSV scoring for the model',
		options: [{ name: 'out', value: 'page.html', help: 'where to write the page (required)' }, json],
		examples: ['tessera predictor penguins.tessera-model --out penguins.html']
	},
	{
		name: 'serve',
		args: '<m.tessera-model>… | <registry-dir>',
		summary: 'KServe V2, MLflow /invocations and Prometheus /metrics over HTTP',
		options: [
			{ name: 'port', value: 'N', default: '8080', help: 'port; 0 picks a free one' },
			{ name: 'host', value: 'H', default: '127.0.0.1', help: 'address to listen on (0.0.0.0 in a container)' },
			{ name: 'name', value: 'N', help: "the model's name (one model file only; default: the file's base name)" },
			{ name: 'max-body', value: 'BYTES', default: String(DEFAULT_LIMITS.maxBody), help: 'largest request body; larger: 413' },
			{ name: 'max-batch', value: 'ROWS', default: String(DEFAULT_LIMITS.maxBatch), help: 'most rows in one request; more: 413' },
			{
				name: 'max-concurrency',
				value: 'N',
				default: String(DEFAULT_LIMITS.maxConcurrency),
				help: 'most scoring requests in flight; more: 503 with Retry-After'
			},
			{
				name: 'reject-unseen',
				help: 'answer 400 for a category label training never saw (default: score it as the fitted encoder does, exactly as tessera predict)'
			},
			{ name: 'drift-window', value: 'ROWS', default: '1000', help: 'rows of recent requests the drift scores in /metrics cover' },
			{ name: 'capture', value: 'DIR', help: 'write a sample of requests and responses there as rotated NDJSON files' },
			{ name: 'capture-sample', value: 'P', default: '0.1', help: 'share of requests captured' },
			{ name: 'capture-max-bytes', value: 'B', default: String(64 * 1024 * 1024), help: 'rotate a capture file at this size (64 MiB)' },
			{ name: 'capture-max-age', value: 'S', default: '3600', help: 'rotate a capture file after this many seconds' },
			{ name: 'workers', value: 'N', default: '1', help: 'N processes sharing the port (node:cluster)' },
			{
				name: 'rollback-on',
				value: 'RULE',
				repeatable: true,
				help: "registry folder: after a promotion, roll back to the version it replaced when RULE holds on the promoted version's last --rollback-window scoring requests: error_rate>0.05 (share answered 4xx/5xx), latency_p95_ms>50, drift_psi>0.25 (largest feature PSI); repeatable; once per promotion"
			},
			{ name: 'rollback-window', value: 'N', default: '200', help: 'scoring requests a rule is evaluated on' }
		],
		examples: [
			'tessera serve penguins.tessera-model --port 8080',
			'tessera serve registry/ --host 0.0.0.0 --workers 4 --capture captures/ --rollback-on "error_rate>0.05"'
		],
		more: SERVE_MORE
	},
	{
		name: 'drift',
		args: '<reference|-> <current>',
		summary: "data drift per column (Evidently's tests); with --model prediction drift and current vs test metrics",
		options: [
			{ name: 'model', value: 'm.tessera-model', help: 'also compare predictions, and metrics on current rows that carry the target' },
			{
				name: 'test',
				value: 'test',
				choices: (r) => schemaChoices(r, 'monitor.drift', 'test'),
				default: 'auto',
				help: 'the test for every column (auto: by kind and size)'
			},
			{ name: 'columns', value: 'a,b', help: 'only these columns (default: every shared one)' },
			{ name: 'target', value: 'column', help: "the target column (default: the model's)" },
			{ name: 'threshold-p', value: 'P', default: String(DEFAULT_DRIFT_OPTIONS.pValue), help: 'p-value below which a test says drift' },
			{
				name: 'threshold-distance',
				value: 'D',
				default: String(DEFAULT_DRIFT_OPTIONS.distance),
				help: 'distance above which Wasserstein or Jensen-Shannon says drift'
			},
			{ name: 'threshold-psi', value: 'PSI', default: String(DEFAULT_DRIFT_OPTIONS.psi), help: 'PSI above which a column drifts' },
			{
				name: 'share',
				value: 'S',
				default: String(DEFAULT_DRIFT_OPTIONS.datasetShare),
				help: 'share of drifted columns at which the dataset drifts'
			},
			{ name: 'fail-on-drift', help: 'exit 3 when the dataset drifts' },
			json
		],
		examples: [
			'tessera drift train.csv this-week.csv',
			'tessera drift - this-week.csv --model penguins.tessera-model --fail-on-drift --json'
		],
		more: "<reference> is any data file (every row is a reference row), or - for the model's reference sample (needs --model)."
	},
	{
		name: 'retrain',
		args: '<pipeline.json> --data <dataset-name>=<new.csv>',
		summary: 'retrain, score against the served version, register, promote if better',
		options: [
			{ ...data, help: 'the new data for a dataset of the pipeline (required); repeatable' },
			{ name: 'registry', value: 'dir', default: '.', help: 'the registry folder' },
			{ name: 'name', value: 'model', help: "the model's name in the registry (default: its one model, else the pipeline's file name)" },
			{ name: 'node', value: 'id', help: 'the model node to retrain (default: the only one)' },
			{
				name: 'metric',
				value: 'metric',
				choices: () => ['auto', ...PROMOTION_METRICS],
				default: 'auto',
				help: 'the figure the new and served versions are compared on'
			},
			{ name: 'min-gain', value: 'X', default: '0', help: 'promote only when better by more than this' },
			{ name: 'limitations', value: 'text', help: "the model card's limitations" },
			actor,
			backend,
			...READING_OPTIONS,
			json
		],
		examples: [
			'tessera retrain penguins.tessera.json --data penguins=penguins-2026.csv --registry registry/',
			'tessera retrain prices.tessera.json --data prices=new.csv --registry registry/ --metric rmse --min-gain 0.5 --json'
		]
	},
	{
		name: 'promote',
		args: '<registry-dir> <name> <version>',
		summary: 'make a version the one served',
		options: [reason, actor, json],
		examples: ['tessera promote registry/ penguins 3 --reason "beats v2 on the spring data"']
	},
	{
		name: 'rollback',
		args: '<registry-dir> <name>',
		summary: 'restore the version served before',
		options: [
			{ name: 'to', value: 'version', help: 'go to this version (default: the one the active version replaced)' },
			reason,
			actor,
			json
		],
		examples: ['tessera rollback registry/ penguins', 'tessera rollback registry/ penguins --to 1 --reason "v3 misreads Dream"']
	},
	{
		name: 'card',
		args: '<m.tessera-model> | <registry-dir> <name> <version>',
		summary: 'a model card (Markdown)',
		options: [
			{ name: 'limitations', value: 'text', help: 'the limitations section (kept with a registry version)' },
			{ name: 'out', value: 'card.md', help: "where to write it (default: beside the model file, or the registry's card)" },
			json
		],
		examples: ['tessera card penguins.tessera-model', 'tessera card registry/ penguins 3 --limitations "Not for chinstraps"']
	}
];

/** The spec of a command by name (a command's parser reads its options from here). */
export function commandSpec(name: string): CommandSpec {
	const spec = COMMAND_SPECS.find((c) => c.name === name);
	if (!spec) throw new Error(`no command spec "${name}"`);
	return spec;
}

/** The options of a command, for its parser. */
export const optionsOf = (name: string): readonly OptionSpec[] => commandSpec(name).options;
