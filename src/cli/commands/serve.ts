/**
 * `tessera serve`: model files (or a registry folder) behind the Open Inference Protocol (KServe
 * V2), MLflow's scoring API and Prometheus metrics. The server itself is src/cli/serve/.
 */
import cluster from 'node:cluster';
import { statSync } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import type { Registry } from '../../lib/core/nodes/registry';
import { intFlag, parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { buildApp, DEFAULT_LIMITS } from '../serve/app';
import { Capture } from '../serve/capture';
import { answerMetricsRequests, clusterMetricsOf } from '../serve/cluster';
import { Catalog, loadFiles, loadRegistry, watchRegistry, type CatalogEntry } from '../serve/models';
import { AutoRollback } from '../serve/auto-rollback';
import { parseRollbackRule, type RollbackRule } from '../../lib/core/lifecycle/rollback-rules';

export const SERVE_USAGE =
	'usage: tessera serve <model.tessera-model>… | <registry-dir> [--port 8080] [--host 127.0.0.1] [--name n] [--capture dir] [--capture-sample 0.1] [--workers N] [--rollback-on "error_rate>0.05"] [--rollback-window 200]';

function numberFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	const x = Number(value);
	if (!Number.isFinite(x) || x < min || x > max) throw new UsageError(`--${flag} must be a number from ${min} to ${max}, got "${value}"`);
	return x;
}

export async function serveCommand(
	argv: readonly string[],
	registry: Registry,
	out: (s: string) => void,
	err: (s: string) => void
): Promise<number> {
	const args = parseArgs(argv, optionsOf('serve'));
	const paths = args.positional;
	if (!paths.length) throw new UsageError(SERVE_USAGE);
	const port = intFlag(args, 'port') ?? 8080;
	if (port > 65535) throw new UsageError('--port must be at most 65535');
	const host = stringFlag(args, 'host') ?? '127.0.0.1';
	const name = stringFlag(args, 'name');
	const workers = intFlag(args, 'workers') ?? 1;
	if (workers < 1) throw new UsageError('--workers must be at least 1');
	const limits = {
		maxBody: intFlag(args, 'max-body') ?? DEFAULT_LIMITS.maxBody,
		maxBatch: intFlag(args, 'max-batch') ?? DEFAULT_LIMITS.maxBatch,
		maxConcurrency: intFlag(args, 'max-concurrency') ?? DEFAULT_LIMITS.maxConcurrency
	};
	if (limits.maxBody < 1 || limits.maxBatch < 1 || limits.maxConcurrency < 1)
		throw new UsageError('--max-body, --max-batch and --max-concurrency must be at least 1');
	const driftWindow = intFlag(args, 'drift-window') ?? 1000;
	const captureDir = stringFlag(args, 'capture');
	const sample = numberFlag(stringFlag(args, 'capture-sample'), 'capture-sample', 0, 1) ?? 0.1;
	const maxBytes = intFlag(args, 'capture-max-bytes') ?? 64 * 1024 * 1024;
	const maxAge = numberFlag(stringFlag(args, 'capture-max-age'), 'capture-max-age', 1, 365 * 86400) ?? 3600;

	const isDir = (p: string) => {
		try {
			return statSync(p).isDirectory();
		} catch {
			throw new UsageError(`cannot read "${p}": no such file or folder`);
		}
	};
	const registryDir = paths.length === 1 && isDir(paths[0]) ? paths[0] : null;
	if (!registryDir) paths.forEach(isDir);
	if (registryDir && name) throw new UsageError('--name is for a model file; a registry folder names its models');
	if (name && paths.length > 1) throw new UsageError('--name names one model file; serve several files under their base names');

	let rules: RollbackRule[];
	try {
		rules = (args.lists.get('rollback-on') ?? []).map(parseRollbackRule);
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const rollbackWindow = intFlag(args, 'rollback-window') ?? 200;
	if (rollbackWindow < 1) throw new UsageError('--rollback-window must be at least 1');
	if (rules.length && !registryDir) throw new UsageError('--rollback-on needs a registry folder: it rolls back by rewriting registry.json');

	if (workers > 1 && cluster.isPrimary) return primary(workers, err);

	const loadOptions = { driftWindow };
	const catalog = new Catalog();
	let entries: Map<string, CatalogEntry>;
	try {
		entries = registryDir ? await loadRegistry(registryDir, loadOptions) : await loadFiles(paths, [name], loadOptions);
	} catch (e) {
		throw new UsageError(e instanceof Error ? e.message : String(e));
	}
	catalog.replace(entries);
	const capture = captureDir ? new Capture({ dir: captureDir, sample, maxBytes, maxAgeMs: maxAge * 1000 }) : null;
	let draining = false;
	// A worker's scrape answers for the whole cluster (serve/cluster.ts); it offers its registry from the start.
	let clusterText: (() => Promise<string>) | null = null;
	const autoRollback =
		registryDir && rules.length ? new AutoRollback({ dir: registryDir, rules, window: rollbackWindow, catalog, log: err }) : null;
	const { app, metrics } = buildApp({
		catalog,
		registry,
		limits,
		capture,
		rejectUnseen: args.flags.has('reject-unseen'),
		draining: () => draining,
		log: err,
		metricsText: cluster.isWorker ? () => clusterText!() : undefined,
		onScored: autoRollback ? (served, status, ms) => autoRollback.observe(served, status, ms) : undefined
	});
	if (cluster.isWorker) clusterText = clusterMetricsOf(metrics.registry);
	let watcher: FSWatcher | null = null;
	if (registryDir)
		watcher = watchRegistry(registryDir, catalog, loadOptions, (e) => {
			if (e) err(`tessera serve: ${registryDir}: kept the models in use: ${e.message}`);
			else err(`tessera serve: ${registryDir}: now serving ${describe(catalog.entries)}`);
		});
	const address = await app.listen({ port, host });
	// Fastify names one address (127.0.0.1 for 0.0.0.0); say which interfaces when that is not all of it.
	const where = new URL(address).hostname === host ? address : `${address} (listening on ${host})`;
	err(`tessera serve: ${describe(catalog.entries)} on ${where}${cluster.isWorker ? ` (worker ${process.pid})` : ''}`);
	if (autoRollback)
		err(
			`tessera serve: a promoted version is rolled back when ${rules.map((r) => r.text).join(' or ')} over its last ${rollbackWindow} scoring requests`
		);

	// Stop on SIGTERM/SIGINT: no new connections, in-flight requests finish (Fastify's close waits for them), then exit 0.
	await new Promise<void>((resolve) => {
		const stop = () => {
			if (draining) return;
			draining = true;
			watcher?.close();
			void app
				.close()
				.then(() => capture?.close())
				.then(resolve, (e: unknown) => {
					err(`tessera serve: ${e instanceof Error ? e.message : String(e)}`);
					resolve();
				});
		};
		process.once('SIGTERM', stop);
		process.once('SIGINT', stop);
	});
	err('tessera serve: stopped');
	// A worker's IPC channel to the primary would keep it alive: let go of it so the process ends.
	cluster.worker?.disconnect();
	return 0;
}

function describe(entries: ReadonlyMap<string, CatalogEntry>): string {
	return [...entries.values()].map((e) => `${e.name}@${e.active}`).join(', ');
}

/** The primary of --workers: forks the workers (each a full server on the shared port), restarts one that dies, and on SIGTERM stops them all. */
async function primary(workers: number, err: (s: string) => void): Promise<number> {
	let stopping = false;
	answerMetricsRequests();
	const fork = () => cluster.fork();
	for (let i = 0; i < workers; i++) fork();
	cluster.on('exit', (worker, code, signal) => {
		if (stopping) return;
		err(`tessera serve: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
		fork();
	});
	await new Promise<void>((resolve) => {
		const stop = () => {
			if (stopping) return;
			stopping = true;
			const alive = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
			let left = alive.length;
			if (!left) resolve();
			for (const w of alive) {
				w.once('exit', () => --left === 0 && resolve());
				w.process.kill('SIGTERM');
			}
		};
		process.once('SIGTERM', stop);
		process.once('SIGINT', stop);
	});
	err('tessera serve: all workers stopped');
	return 0;
}
