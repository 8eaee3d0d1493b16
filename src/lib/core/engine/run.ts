import type { ComputePool } from '../compute/pool';
import type { PipelineDocument } from '../doc/types';
import type {
	BackendChoice,
	DataSourceRef,
	LoadedSource,
	NodeContext,
	NodeDefinition,
	NodeInputs,
	NodeOutputs,
	TrialRunner
} from '../nodes/define';
import type { ModelValue } from '../nodes/ports';
import { localTrials } from './trial';
import type { ParamValues } from '../nodes/params';
import { isDataError, isNotConfigured } from '../nodes/errors';
import { expectDataset, withRecipeStep } from '../nodes/dataset';
import type { ModelInput } from '../model-file/input';
import { describeModelInput, recipeOrigin } from './model-input';
import type { Registry } from '../nodes/registry';
import type { OutputCache } from './cache';
import type { EngineEvent, RunStop } from './events';
import { planRun, type PlannedNode } from './plan';
import { applyRecipe, retrain } from './recipe';
import { describeError } from '../util/load-failure';
import { abortError, isAbort } from '../util/abort';
import { planSignatures, skippableNodes, type NodeKey } from './plan-signatures';

/** What the engine needs from where it runs (the worker, the CLI, a test). */
export interface EngineHost {
	loadSource(ref: DataSourceRef): Promise<LoadedSource>;
	/** Content hash of a source, cheaply where the host knows it. */
	sourceHash(ref: DataSourceRef): Promise<string>;
	/** A pool of trial workers; without one, trials run here, one at a time. */
	readonly trials?: TrialRunner;
	/** A compute pool for one fit at a time (core/compute); without one, fits run in this thread. */
	readonly compute?: ComputePool;
	loadRegisteredModel?(name: string, version: number | null): Promise<ModelValue>;
	/** The id of the model version a name resolves to, for the Registered model node's fingerprint. */
	registeredModelKey?(name: string, version: number | null): Promise<string>;
}

export interface RunOptions {
	readonly doc: PipelineDocument;
	readonly registry: Registry;
	readonly cache: OutputCache;
	readonly host: EngineHost;
	/** Run only these nodes and their ancestors ("Run to here"). */
	readonly targets?: readonly string[];
	readonly signal?: AbortSignal;
	readonly backend?: BackendChoice;
	readonly onEvent?: (event: EngineEvent) => void;
	/**
	 * Which of these signatures have a stored result (a summary kept between sessions). Nodes
	 * a stored result stands in for, with nothing after them needing their outputs, are not
	 * run: they report `cached` and have no outputs (plan-signatures.ts, skippableNodes).
	 */
	readonly stored?: (signatures: readonly string[]) => Promise<ReadonlySet<string>>;
}

export interface RunResult {
	/** Outputs of every node that finished or came from the cache. */
	readonly outputs: ReadonlyMap<string, NodeOutputs>;
	readonly signatures: ReadonlyMap<string, string>;
	/** node id → its signature and the params it runs with. */
	readonly keys: ReadonlyMap<string, NodeKey>;
	/** node id → message, for nodes that failed or could not run. */
	readonly errors: ReadonlyMap<string, string>;
	/** Nodes that failed because they are not set up yet (NotConfiguredError): nothing ran. */
	readonly notConfigured: ReadonlySet<string>;
	/** Nodes that refused the data they were given (DataError: too few rows, a class too small): the person's input, not a fault. */
	readonly badData: ReadonlySet<string>;
	/** Nodes not run because a stored result stands in for them (no outputs in `outputs`). */
	readonly restored: ReadonlySet<string>;
	/** The signatures `stored` said have a stored result. */
	readonly stored: ReadonlySet<string>;
	readonly cancelled: boolean;
}

/**
 * Models remember the node that trained them, so cross-validation can train them again, and
 * the raw input their recipe starts from (`describeInput`), so a model file can check and
 * describe new rows. An input that cannot be described is left out: training still counts.
 */
async function stampModels(
	result: NodeOutputs,
	def: NodeDefinition,
	params: ParamValues,
	describe: (model: ModelValue) => Promise<ModelInput | null>
): Promise<NodeOutputs> {
	let out = result;
	for (const [port, value] of Object.entries(result)) {
		if (value.kind !== 'model') continue;
		let model = value;
		if (!model.trainedBy) model = { ...model, trainedBy: { type: def.type, version: def.version, params } };
		if (!model.input) {
			const input = await describe(model);
			if (input) model = { ...model, input };
		}
		if (model !== value) out = { ...out, [port]: model };
	}
	return out;
}

/**
 * What a result that stopped on Cancel kept: a model cancelled mid-training, or a
 * search's finished trials (a report with `stopped`); null when it kept nothing.
 */
function cancelledModel(result: NodeOutputs): RunStop | null {
	for (const value of Object.values(result)) {
		if (value.kind === 'model' && value.stopped?.reason === 'cancelled') return { reason: 'cancelled', kept: value.stopped.kept };
		if (value.kind === 'report') {
			const stopped = 'stopped' in value.report ? value.report.stopped : undefined;
			if (stopped?.reason === 'cancelled') return { reason: 'cancelled', kept: stopped.kept };
		}
	}
	return null;
}

/**
 * Run a document: plan it, then run each node once its inputs are ready. A node whose
 * signature is cached is not run again; independent branches interleave.
 */
export async function runPipeline(opts: RunOptions): Promise<RunResult> {
	const { doc, registry, cache, host } = opts;
	const emit = opts.onEvent ?? (() => {});
	const signal = opts.signal ?? new AbortController().signal;
	const backend = opts.backend ?? 'auto';
	const plan = planRun(doc, registry, opts.targets);
	const planned = new Map(plan.order.map((p) => [p.node.id, p]));
	const outputs = new Map<string, NodeOutputs>();
	const errors = new Map<string, string>(plan.blocked);
	const notConfigured = new Set<string>();
	const badData = new Set<string>();
	for (const [node, message] of plan.blocked) emit({ type: 'error', node, message });
	for (const p of plan.order) emit({ type: 'queued', node: p.node.id });
	const { keys, errors: keyErrors } = await planSignatures(plan, {
		seed: doc.seeds.global,
		backend,
		sourceHash: (ref) => host.sourceHash(ref),
		world: host.registeredModelKey ? { registeredModelKey: host.registeredModelKey.bind(host) } : {}
	});
	const signatures = new Map([...keys].map(([id, k]) => [id, k.signature]));
	const lasting = [...keys.values()].map((k) => k.signature);
	const stored = opts.stored && lasting.length ? await opts.stored(lasting) : new Set<string>();
	const skip = skippableNodes(plan, keys, stored, new Set(opts.targets ?? []));
	const restored = new Set<string>();

	const settled = new Map<string, Promise<boolean>>();
	const runOne = async (p: PlannedNode): Promise<boolean> => {
		const id = p.node.id;
		const upstream = await Promise.all(
			[...p.inputs.values()].map((e) => settled.get(e.from.node) ?? Promise.resolve(outputs.has(e.from.node)))
		);
		if (upstream.some((ok) => !ok)) {
			if (signal.aborted) emit({ type: 'cancelled', node: id });
			else {
				const message = 'not run: an upstream node failed';
				errors.set(id, message);
				emit({ type: 'error', node: id, message });
			}
			return false;
		}
		if (signal.aborted) {
			emit({ type: 'cancelled', node: id });
			return false;
		}
		const title = p.node.label ?? p.def.title;
		try {
			const key = keys.get(id);
			if (!key) throw keyErrors.get(id) ?? new Error('its signature could not be computed');
			const { signature, params } = key;
			const hit = cache.get(signature);
			if (hit) {
				outputs.set(id, hit);
				emit({ type: 'cached', node: id });
				return true;
			}
			if (skip.has(id)) {
				restored.add(id);
				emit({ type: 'cached', node: id });
				return true;
			}
			emit({ type: 'started', node: id });
			const started = Date.now();
			const ctx: NodeContext = {
				signal,
				seed: doc.seeds.global,
				backend,
				progress: (fraction, message, point, etaMs) =>
					emit({ type: 'progress', node: id, fraction, message, ...(point ? { point } : {}), ...(etaMs !== undefined ? { etaMs } : {}) }),
				loadSource: (r) => host.loadSource(r),
				applyRecipe: (data, recipe) => applyRecipe(registry, data, recipe, ctx),
				retrain: (data, model, overrides) => retrain(registry, data, model, ctx, overrides),
				trials: host.trials ?? localTrials(registry, () => ctx),
				...(host.compute ? { compute: host.compute } : {}),
				paramsOf: (type) => registry.get(type)?.params,
				versionOf: (type) => registry.get(type)?.version,
				...(host.loadRegisteredModel ? { loadRegisteredModel: host.loadRegisteredModel.bind(host) } : {})
			};
			const inputs: Record<string, NodeOutputs[string] | undefined> = {};
			for (const [port, e] of p.inputs) inputs[port] = outputs.get(e.from.node)?.[e.from.port];
			let result: NodeOutputs;
			if (p.def.step) {
				const data = expectDataset(inputs.data);
				const state = await p.def.step.fit(data, params, ctx);
				if (signal.aborted) throw abortError('The run was cancelled');
				const applied = p.def.step.apply(data, state, params);
				result = {
					data: withRecipeStep(applied, { type: p.def.type, version: p.def.version, params, state })
				};
				if (p.def.step.report) result.report = p.def.step.report(data, applied, state, params);
			} else {
				result = await stampModels(await p.def.run(inputs as NodeInputs, params, ctx), p.def, params, async (model) => {
					const data = inputs.data;
					const origin = recipeOrigin(p, planned, outputs);
					if (data?.kind !== 'dataset' || !origin) return null;
					try {
						return await describeModelInput(registry, model, data, origin);
					} catch {
						return null;
					}
				});
				const out = result.data;
				if (p.def.replayable && out?.kind === 'dataset')
					result = { ...result, data: withRecipeStep(out, { type: p.def.type, version: p.def.version, params, state: null }) };
			}
			if (signal.aborted) {
				// A model cancelled mid-training keeps what it learnt (issue 5): shown and usable,
				// but not cached — the next run trains it in full. Downstream nodes do not start.
				const kept = cancelledModel(result);
				if (!kept) throw abortError('The run was cancelled');
				outputs.set(id, result);
				emit({ type: 'done', node: id, ms: Date.now() - started, stopped: kept });
				return false;
			}
			cache.set(signature, result);
			outputs.set(id, result);
			emit({ type: 'done', node: id, ms: Date.now() - started });
			return true;
		} catch (e) {
			if (isAbort(e) || signal.aborted) {
				emit({ type: 'cancelled', node: id });
				return false;
			}
			const message = `${title}: ${describeError(e)}`;
			errors.set(id, message);
			if (isDataError(e)) badData.add(id);
			if (isNotConfigured(e)) {
				notConfigured.add(id);
				emit({ type: 'error', node: id, message, notConfigured: true });
			} else emit({ type: 'error', node: id, message });
			return false;
		}
	};

	// Plan order is topological, so every upstream promise exists before it is awaited.
	for (const p of plan.order) settled.set(p.node.id, runOne(p));
	await Promise.all(settled.values());
	return { outputs, signatures, keys, errors, notConfigured, badData, restored, stored, cancelled: signal.aborted };
}
