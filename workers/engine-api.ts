import { inThreadPool, type ComputePool } from '../src/lib/core/compute/pool';
import { computeKernels } from '../src/lib/core/compute/kernels';
import { leaseComputePool } from '../src/lib/core/compute/lease';
import { proxy } from 'comlink';
import type { BackendReport, EngineApi } from '../src/lib/core/engine/api';
import { OutputCache } from '../src/lib/core/engine/cache';
import type { EngineHost } from '../src/lib/core/engine/run';
import { schemaOf } from '../src/lib/core/frame/frame';
import { quickRecipe } from '../src/lib/core/nodes/templates/quick-recipe';
import { chooseBackend, detectBackends } from '../src/lib/core/ml/backends';
import type { BackendChoice, TrialRunner } from '../src/lib/core/nodes/define';
import type { Registry } from '../src/lib/core/nodes/registry';
import { createRegistryApi } from './registry-api';
import { createModelFileApi } from './model-file-api';
import { createEngineSources } from './engine-sources';
import { createImportApi } from './engine-imports';
import { createNodeResults } from './engine-results';
import { createRunApi } from './engine-run';

export interface EngineDeps {
	readonly registry: Registry;
	/** Fetches a bundled sample's bytes (from the app's static files, cached offline). */
	readonly fetchSample: (name: string) => Promise<Uint8Array>;
	/** Starts a pool of trial workers for hyperparameter search, given the run's backend and seed. */
	readonly trialPool?: (backend: () => BackendChoice, seed: () => number) => TrialRunner;
	/** Threads one fit may spread its inner loops over (core/compute). */
	readonly computePool?: ComputePool;
}

/**
 * The engine as the worker exposes it: holds the output cache and the last outputs of
 * every node, so the page asks for summaries and windows of rows, never whole frames.
 * The parts live in modules named for what they hold: sources (engine-sources.ts), imports
 * and bundles (engine-imports.ts), node results (engine-results.ts), runs (engine-run.ts).
 */
export function createEngineApi(deps: EngineDeps): EngineApi {
	// Fits take turns on the pool; a parse (an upload, a bundle, a sample) never waits behind one (compute/lease.ts).
	const compute = deps.computePool ? leaseComputePool(deps.computePool, inThreadPool(computeKernels)) : null;
	const sources = createEngineSources({ fetchSample: deps.fetchSample, compute: compute?.imports });
	const results = createNodeResults({
		registry: deps.registry,
		sources,
		registeredModelKey: (name, version) => registryApi.registeredModelKey(name, version)
	});
	const registryApi = createRegistryApi(results.outputs, deps.registry);
	const modelFiles = createModelFileApi({
		outputs: results.outputs,
		registry: deps.registry,
		trainedIn: (node) => registryApi.trainedIn(node),
		restored: (node) => results.isRestored(node)
	});

	/** The backend and seed of the run in progress: trial workers train as it does. */
	let current: { backend: BackendChoice; seed: number } = { backend: 'auto', seed: 0 };
	const host: EngineHost = {
		loadSource: sources.load,
		sourceHash: sources.hash,
		loadRegisteredModel: registryApi.loadRegisteredModel,
		registeredModelKey: registryApi.registeredModelKey,
		...(compute ? { compute: compute.fits } : {}),
		...(deps.trialPool
			? {
					trials: deps.trialPool(
						() => current.backend,
						() => current.seed
					)
				}
			: {})
	};

	let backendReport: BackendReport | null = null;

	return {
		async backends() {
			if (!backendReport) {
				const candidates = await detectBackends();
				backendReport = { auto: chooseBackend('auto', candidates), candidates };
			}
			return backendReport;
		},

		...createImportApi({ registry: deps.registry, sources, compute: compute?.imports }),

		async inspectSource(ref) {
			const loaded = await sources.load(ref);
			return { schema: schemaOf(loaded.frame), rows: loaded.frame.rowCount, hash: loaded.hash };
		},

		async quickRecipe(ref, target, task) {
			return quickRecipe((await sources.load(ref)).frame, target, task);
		},

		...createRunApi({
			registry: deps.registry,
			cache: new OutputCache(128),
			host,
			results,
			sources,
			registryApi,
			autoBackend: () => backendReport?.auto,
			started: (run) => (current = run)
		}),

		savedResults: results.savedResults,
		result: results.result,
		rows: results.rows,
		inputSchema: results.inputSchema,

		async registerModel(doc, node, name, notes, project) {
			if (!results.outputs.has(node) && results.isRestored(node))
				throw new Error(
					'This result was kept from an earlier run, but a trained model itself is not kept between sessions: press Run to here on the model node (it trains again), then save it.'
				);
			return registryApi.registerModel(doc, node, name, notes, project);
		},

		...modelFiles
	};
}

export { proxy };
