import type { EngineApi, RunSummary } from '../src/lib/core/engine/api';
import type { OutputCache } from '../src/lib/core/engine/cache';
import type { EngineEvent } from '../src/lib/core/engine/events';
import { runPipeline, type EngineHost } from '../src/lib/core/engine/run';
import { experimentsOfRun, RunTracker } from '../src/lib/core/experiments/records';
import type { BackendChoice } from '../src/lib/core/nodes/define';
import type { MetricsValue } from '../src/lib/core/nodes/ports';
import type { Registry } from '../src/lib/core/nodes/registry';
import { saveExperiments } from '../src/lib/persistence/experiments';
import { storedSignatures } from '../src/lib/persistence/results';
import type { EngineSources } from './engine-sources';
import type { NodeResults } from './engine-results';
import type { RegistryApi } from './registry-api';

/** Running a pipeline: one run at a time (a new one cancels the last), its events batched to the page. */
export type RunApi = Pick<EngineApi, 'run' | 'cancelRun'>;

export interface RunApiDeps {
	readonly registry: Registry;
	readonly cache: OutputCache;
	readonly host: EngineHost;
	readonly results: NodeResults;
	readonly sources: EngineSources;
	readonly registryApi: Pick<RegistryApi, 'noteRun'>;
	/** The backend `auto` resolved to, once the page asked for the backends (recorded with experiments). */
	readonly autoBackend: () => string | undefined;
	/** Told the backend and seed of each run as it starts: trial workers train as it does. */
	readonly started: (run: { backend: BackendChoice; seed: number }) => void;
}

export function createRunApi(deps: RunApiDeps): RunApi {
	const { results } = deps;
	let runController: AbortController | null = null;

	return {
		async run(doc, options, onEvents) {
			runController?.abort();
			const controller = (runController = new AbortController());
			results.switchProject(options.project ?? null);
			const started = Date.now();
			deps.started({ backend: options.backend, seed: doc.seeds.global });
			const tracker = new RunTracker();
			// Events are batched per macrotask so the page applies them in one update.
			let batch: EngineEvent[] = [];
			let flush: ReturnType<typeof setTimeout> | null = null;
			const onEvent = (e: EngineEvent) => {
				tracker.observe(e);
				batch.push(e);
				flush ??= setTimeout(() => {
					const out = batch;
					batch = [];
					flush = null;
					void onEvents(out);
				}, 16);
			};
			const result = await runPipeline({
				doc,
				registry: deps.registry,
				cache: deps.cache,
				host: deps.host,
				targets: options.targets,
				signal: controller.signal,
				backend: options.backend,
				onEvent,
				// Reading storage failing only means nothing is served from it.
				stored: (signatures) => storedSignatures(signatures).catch(() => new Set<string>())
			});
			if (flush) clearTimeout(flush);
			if (batch.length) await onEvents(batch);
			results.absorb(result);
			deps.registryApi.noteRun(doc, result.outputs.keys());
			if (runController === controller) runController = null;

			const metrics: Record<string, MetricsValue> = {};
			let backend = 'typed-arrays';
			for (const [id, out] of result.outputs) {
				for (const v of Object.values(out)) {
					if (v.kind === 'metrics') {
						metrics[id] = v;
						if (v.backend !== 'typed-arrays') backend = v.backend;
					}
				}
			}
			const summary: RunSummary = {
				runId: crypto.randomUUID(),
				ms: Date.now() - started,
				cancelled: result.cancelled,
				errors: Object.fromEntries(result.errors),
				metrics,
				backend
			};
			// Every model / cross-validation / search node that ran is an experiment (issue 6).
			// Storage failing (a full quota) must not fail the run: it becomes a warning.
			const warnings: string[] = [];
			const partial = new Set([...tracker.ran].filter(([, r]) => r.stopped?.reason === 'cancelled').map(([id]) => id));
			try {
				await results.keep(result, partial, options.project ?? null);
			} catch (e) {
				warnings.push(`This run's results were not kept for next time: ${e instanceof Error ? e.message : String(e)}`);
			}
			try {
				await saveExperiments(
					experimentsOfRun({
						doc,
						registry: deps.registry,
						outputs: result.outputs,
						ran: tracker.ran,
						errors: result.errors,
						startedNodes: tracker.started,
						runId: summary.runId,
						started,
						backend: options.backend === 'auto' ? (deps.autoBackend() ?? backend) : options.backend,
						datasets: deps.sources.hashes(),
						project: options.project ?? null,
						projectName: doc.meta.name,
						signatures: result.signatures,
						notConfigured: result.notConfigured
					})
				);
			} catch (e) {
				warnings.push(`This run's experiments were not saved: ${e instanceof Error ? e.message : String(e)}`);
			}
			return warnings.length ? { ...summary, warnings } : summary;
		},

		async cancelRun() {
			runController?.abort();
		}
	};
}
