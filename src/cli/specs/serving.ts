/** Serving and watching a model: serve, drift. */
import { DEFAULT_DRIFT_OPTIONS } from '../../lib/core/monitor/drift';
import { schemaChoices } from '../args';
import { DEFAULT_LIMITS } from '../serve/app';
import { json, type CommandSpec } from './common';

const SERVE_MORE = `Serves models over HTTP: the Open Inference Protocol (KServe V2: /v2/...), MLflow's scoring
server (/invocations, /ping, /health) and Prometheus metrics (/metrics). See README "Serve".

A registry folder holds model files and registry.json (names, versions, which one is active);
the server watches it and swaps versions atomically when registry.json changes. SIGTERM and
SIGINT stop taking requests, let those in flight finish, and exit 0.`;

export const SERVING_SPECS: readonly CommandSpec[] = [
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
	}
];
