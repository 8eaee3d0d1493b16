import type { PipelineDocument } from '../doc/types';
import type { BackendChoice, DataSourceRef, LoadedSource, NodeContext, NodeDefinition, NodeInputs, NodeOutputs, TrialRunner } from '../nodes/define';
import type { ModelValue, TrainingStop } from '../nodes/ports';
import { localTrials } from './trial';
import { normaliseParams, type ParamValues } from '../nodes/params';
import { expectDataset, withRecipeStep } from '../nodes/dataset';
import type { Registry } from '../nodes/registry';
import type { OutputCache } from './cache';
import type { EngineEvent } from './events';
import { planRun, type PlannedNode } from './plan';
import { applyRecipe, retrain } from './recipe';
import { nodeSignature } from './signature';
import { describeError } from '../util/load-failure';

/** What the engine needs from where it runs (the worker, the CLI, a test). */
export interface EngineHost {
	loadSource(ref: DataSourceRef): Promise<LoadedSource>;
	/** Content hash of a source, cheaply where the host knows it. */
	sourceHash(ref: DataSourceRef): Promise<string>;
	/** A pool of trial workers; without one, trials run here, one at a time. */
	readonly trials?: TrialRunner;
	loadRegisteredModel?(name: string, version: number | null): Promise<ModelValue>;
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
}

export interface RunResult {
	/** Outputs of every node that finished or came from the cache. */
	readonly outputs: ReadonlyMap<string, NodeOutputs>;
	readonly signatures: ReadonlyMap<string, string>;
	/** node id → message, for nodes that failed or could not run. */
	readonly errors: ReadonlyMap<string, string>;
	readonly cancelled: boolean;
}

/** Numbers each run of a volatile node, so what depends on it never matches a cached signature. */
let volatileRuns = 0;

const abortError = () => Object.assign(new Error('The run was cancelled'), { name: 'AbortError' });
export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

/** Models remember the node that trained them, so cross-validation can train them again. */
function stampModels(result: NodeOutputs, def: NodeDefinition, params: ParamValues): NodeOutputs {
	let out = result;
	for (const [port, value] of Object.entries(result)) {
		if (value.kind === 'model' && !value.trainedBy) out = { ...out, [port]: { ...value, trainedBy: { type: def.type, version: def.version, params } } };
	}
	return out;
}

/**
 * The note for a result that stopped on Cancel but kept what it had: a model cancelled
 * mid-training, or a search's finished trials (a report with `stopped`).
 */
function cancelledModel(result: NodeOutputs): string | null {
	for (const value of Object.values(result)) {
		if (value.kind === 'model' && value.stopped?.reason === 'cancelled') return `cancelled: kept ${value.stopped.kept}`;
		if (value.kind === 'report') {
			const stopped = (value.report as { stopped?: TrainingStop } | null)?.stopped;
			if (stopped?.reason === 'cancelled') return `cancelled: kept ${stopped.kept}`;
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
	const outputs = new Map<string, NodeOutputs>();
	const signatures = new Map<string, string>();
	const errors = new Map<string, string>(plan.blocked);
	for (const [node, message] of plan.blocked) emit({ type: 'error', node, message });
	for (const p of plan.order) emit({ type: 'queued', node: p.node.id });

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
			const { params, errors: paramErrors } = normaliseParams(p.def.params, p.node.params);
			if (paramErrors.length) throw new Error(`invalid parameters: ${paramErrors.join('; ')}`);
			const ref = p.def.source?.(params) ?? null;
			const sourceHash = ref ? await host.sourceHash(ref) : null;
			const inputSigs = new Map<string, string>();
			for (const [port, e] of p.inputs) inputSigs.set(port, signatures.get(e.from.node)! + ':' + e.from.port);
			const signature = nodeSignature({
				type: p.def.type,
				version: p.def.version,
				params: p.def.usesBackend ? { ...params, __backend: backend } : params,
				inputs: inputSigs,
				sourceHash,
				seed: doc.seeds.global
			});
			// A volatile node's output can change while its params stay the same (a roll back in the
			// model registry): nodes downstream must not be served from the cache either.
			signatures.set(id, p.def.volatile ? `${signature}:volatile:${++volatileRuns}` : signature);
			const hit = p.def.volatile ? undefined : cache.get(signature);
			if (hit) {
				outputs.set(id, hit);
				emit({ type: 'cached', node: id });
				return true;
			}
			emit({ type: 'started', node: id });
			const started = Date.now();
			const ctx: NodeContext = {
				signal,
				seed: doc.seeds.global,
				backend,
				progress: (fraction, message, point) => emit({ type: 'progress', node: id, fraction, message, ...(point ? { point } : {}) }),
				loadSource: (r) => host.loadSource(r),
				applyRecipe: (data, recipe) => applyRecipe(registry, data, recipe, ctx),
				retrain: (data, model, overrides) => retrain(registry, data, model, ctx, overrides),
				trials: host.trials ?? localTrials(registry, () => ctx),
				paramsOf: (type) => registry.get(type)?.params,
				...(host.loadRegisteredModel ? { loadRegisteredModel: host.loadRegisteredModel.bind(host) } : {})
			};
			const inputs: Record<string, NodeOutputs[string] | undefined> = {};
			for (const [port, e] of p.inputs) inputs[port] = outputs.get(e.from.node)?.[e.from.port];
			let result: NodeOutputs;
			if (p.def.step) {
				const data = expectDataset(inputs.data);
				const state = await p.def.step.fit(data, params, ctx);
				if (signal.aborted) throw abortError();
				const applied = p.def.step.apply(data, state, params);
				result = {
					data: withRecipeStep(applied, { type: p.def.type, version: p.def.version, params, state })
				};
				if (p.def.step.report) result.report = p.def.step.report(data, applied, state, params);
			} else {
				result = stampModels(await p.def.run(inputs as NodeInputs, params, ctx), p.def, params);
				const out = result.data;
				if (p.def.replayable && out?.kind === 'dataset')
					result = { ...result, data: withRecipeStep(out, { type: p.def.type, version: p.def.version, params, state: null }) };
			}
			if (signal.aborted) {
				// A model cancelled mid-training keeps what it learnt (issue 5): shown and usable,
				// but not cached — the next run trains it in full. Downstream nodes do not start.
				const kept = cancelledModel(result);
				if (!kept) throw abortError();
				outputs.set(id, result);
				emit({ type: 'done', node: id, ms: Date.now() - started, note: kept });
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
			emit({ type: 'error', node: id, message });
			return false;
		}
	};

	// Plan order is topological, so every upstream promise exists before it is awaited.
	for (const p of plan.order) settled.set(p.node.id, runOne(p));
	await Promise.all(settled.values());
	return { outputs, signatures, errors, cancelled: signal.aborted };
}
