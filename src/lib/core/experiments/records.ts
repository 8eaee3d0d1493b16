import type { PipelineDocument } from '../doc/types';
import type { ExperimentKind, NodeDefinition, NodeOutputs } from '../nodes/define';
import { normaliseParams, resolveSeeds, type ParamValue } from '../nodes/params';
import type { ModelValue, Task } from '../nodes/ports';
import { stableStringify } from '../util/hash';
import { fingerprintForm, fingerprintText } from '../util/fingerprint';
import type { EngineEvent, RunStop } from '../engine/events';
import { modelNodeMetrics } from '../engine/run-metrics';

export type { ExperimentKind };
export type ExperimentStatus = 'done' | 'cancelled' | 'error';

/**
 * One experiment (issue 6): a run of one model, cross-validation or search node, with
 * everything needed to compare it and to restore it — the whole pipeline as it was.
 */
export interface Experiment {
	/** `${run}:${node}`: one experiment per node per run. */
	id: string;
	/** The pipeline run it came from (several experiments share one). */
	run: string;
	project: string | null;
	projectName: string;
	/** The node in `doc` that ran. */
	node: string;
	nodeType: string;
	/** The node's label or its type's title. */
	title: string;
	kind: ExperimentKind;
	/** Model family (e.g. 'gbdt'), or null. */
	family: string | null;
	task: Task | null;
	/** ISO time the pipeline run started. */
	started: string;
	ms: number;
	backend: string;
	status: ExperimentStatus;
	error?: string;
	/** Pipeline snapshot and its hash (nodes' types and params, edges, seeds). */
	doc: PipelineDocument;
	docHash: string;
	/** Content hashes of the data sources the run read: the dataset fingerprint. */
	datasets: string[];
	/** The node's own params, defaults filled in (cross-validation adds the model's as `model.<name>`). */
	params: Record<string, ParamValue>;
	/** Flat finite figures, e.g. { 'test accuracy': 0.97, 'final loss': 0.08, 'cv accuracy mean': 0.95 }. */
	metrics: Record<string, number>;
	/** Training curves, e.g. { loss: [...], val_loss: [...] }. */
	curves: Record<string, number[]>;
	/**
	 * The node's signature in that run (engine/signature.ts): an unchanged node run again has
	 * the same one, and is not recorded again. Absent on experiments stored before it was kept.
	 */
	signature?: string;
}

/** What a person adds to an experiment afterwards. */
export interface ExperimentAnnotations {
	notes: string;
	tags: string[];
	starred: boolean;
}

/**
 * The pipeline's identity for comparing runs: what changes results, not where nodes sit. A
 * SHA-256 fingerprint (`sha256:…`): people compare it to know two runs ran the same pipeline.
 */
export function pipelineHash(doc: PipelineDocument): string {
	return fingerprintText(stableStringify({ nodes: doc.nodes.map((n) => [n.type, n.params]), edges: doc.edges, seeds: doc.seeds }));
}

/**
 * An experiment as read from storage: one stored by an older Tessera has a 16-digit FNV
 * pipeline hash, recomputed here from its own snapshot (no database upgrade needed; a new
 * run of the same pipeline then shows the same fingerprint).
 */
export function withCurrentDocHash<E extends Pick<Experiment, 'doc' | 'docHash'>>(e: E): E {
	return fingerprintForm(e.docHash) === 'legacy' ? { ...e, docHash: pipelineHash(e.doc) } : e;
}

/**
 * Follows a run's events: which nodes started, and which finished (with their time and,
 * for one that stopped on Cancel but kept its result, what it kept). A node served from
 * the cache never starts, so it is no new experiment.
 */
export class RunTracker {
	readonly started = new Set<string>();
	readonly ran = new Map<string, { ms: number; stopped?: RunStop }>();

	readonly observe = (e: EngineEvent): void => {
		if (e.type === 'started') this.started.add(e.node);
		else if (e.type === 'done') this.ran.set(e.node, e.stopped ? { ms: e.ms, stopped: e.stopped } : { ms: e.ms });
	};
}

export interface RunFacts {
	readonly doc: PipelineDocument;
	readonly registry: { get(type: string): NodeDefinition | undefined };
	readonly outputs: ReadonlyMap<string, NodeOutputs>;
	/** Nodes that finished in this run (not from the cache). */
	readonly ran: ReadonlyMap<string, { readonly ms: number; readonly stopped?: RunStop }>;
	readonly errors: ReadonlyMap<string, string>;
	/** Nodes that started; an error of a node that never started (upstream failed) is no experiment. Omitted: every error counts. */
	readonly startedNodes?: ReadonlySet<string>;
	readonly runId: string;
	/** Epoch ms when the run started. */
	readonly started: number;
	/** The backend the run asked for, for experiments whose result does not say. */
	readonly backend: string;
	readonly datasets: readonly string[];
	readonly project: string | null;
	readonly projectName: string;
	/** node id → signature in this run: recorded on each experiment, so a re-run is recognised. */
	readonly signatures?: ReadonlyMap<string, string>;
	/** Nodes that failed because they are not set up yet (NotConfiguredError): no experiment. */
	readonly notConfigured?: ReadonlySet<string>;
}

/** A node is an experiment when it says so (Cross-validate, Tune) or trains a model. */
function kindOf(def: NodeDefinition): ExperimentKind | null {
	return def.experiment?.kind ?? (Object.values(def.outputs).some((p) => p.kind === 'model') ? 'model' : null);
}

const modelIn = (out: NodeOutputs | undefined): ModelValue | null =>
	(Object.values(out ?? {}).find((v): v is ModelValue => v.kind === 'model') as ModelValue | undefined) ?? null;

/** The model fed into `node`'s inputs, if it is known in this run. */
function inputModel(facts: RunFacts, node: string): ModelValue | null {
	for (const e of facts.doc.edges) {
		if (e.to.node !== node) continue;
		const v = facts.outputs.get(e.from.node)?.[e.from.port];
		if (v?.kind === 'model') return v;
	}
	return null;
}

function modelFigures(model: ModelValue): { metrics: Record<string, number>; curves: Record<string, number[]> } {
	const metrics: Record<string, number> = {};
	const curves: Record<string, number[]> = {};
	for (const [name, values] of Object.entries(model.curves)) {
		curves[name] = Array.from(values);
		const last = [...values].reverse().find(Number.isFinite);
		if (last !== undefined) metrics[`final ${name}`] = last;
	}
	return { metrics, curves };
}

const onlyFinite = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)));

/**
 * The experiments of one pipeline run: one per model-producing, Cross-validate and search
 * node that ran (finished, kept a model after Cancel, or failed while running).
 */
export function experimentsOfRun(facts: RunFacts): Experiment[] {
	const { doc, outputs } = facts;
	const docHash = pipelineHash(doc);
	const started = new Date(facts.started).toISOString();
	const out: Experiment[] = [];
	for (const node of doc.nodes) {
		const def = facts.registry.get(node.type);
		const kind = def && !node.inert ? kindOf(def) : null;
		if (!def || !kind) continue;
		const ran = facts.ran.get(node.id);
		const error = facts.errors.get(node.id);
		const failed =
			error !== undefined && !ran && (facts.startedNodes ? facts.startedNodes.has(node.id) : true) && !facts.notConfigured?.has(node.id);
		if (!ran && !failed) continue;

		// The seed it ran with: a seed that follows the document seed is recorded as that seed.
		const params: Record<string, ParamValue> = {
			...resolveSeeds(def.params, normaliseParams(def.params, node.params).params, doc.seeds.global)
		};
		let metrics: Record<string, number> = {};
		let curves: Record<string, number[]> = {};
		const own = modelIn(outputs.get(node.id));
		const fed = inputModel(facts, node.id);
		const model = own ?? fed;
		if (ran) {
			const added = def.experiment?.record?.(outputs.get(node.id) ?? {}, fed);
			if (added) {
				metrics = { ...metrics, ...added.metrics };
				curves = { ...curves, ...added.curves };
				Object.assign(params, added.params);
			}
			if (own) {
				const f = modelFigures(own);
				metrics = { ...metrics, ...modelNodeMetrics(doc, outputs, node.id), ...f.metrics };
				curves = { ...curves, ...f.curves };
			}
		}
		const signature = facts.signatures?.get(node.id);
		const status = failed ? 'error' : ran?.stopped?.reason === 'cancelled' || own?.stopped?.reason === 'cancelled' ? 'cancelled' : 'done';
		out.push({
			id: `${facts.runId}:${node.id}`,
			run: facts.runId,
			project: facts.project,
			projectName: facts.projectName,
			node: node.id,
			nodeType: node.type,
			title: node.label ?? def.title,
			kind,
			family: model?.family ?? null,
			task: model?.task ?? null,
			started,
			ms: ran?.ms ?? 0,
			backend: own?.backend ?? facts.backend,
			status,
			...(failed ? { error } : {}),
			doc,
			docHash,
			datasets: [...facts.datasets],
			params,
			metrics: onlyFinite(metrics),
			curves,
			...(signature ? { signature } : {})
		});
		// A node that trains several models (Compare models) adds one experiment per model, next to its own.
		if (ran)
			for (const row of def.experiment?.rows?.(outputs.get(node.id) ?? {}) ?? [])
				out.push({
					...out[out.length - 1],
					id: `${facts.runId}:${node.id}:${row.key}`,
					title: `${node.label ?? def.title} · ${row.key}`,
					family: row.family,
					task: row.task,
					status: row.status,
					...(row.error ? { error: row.error } : {}),
					params: { ...params, ...row.params },
					metrics: onlyFinite({ ...row.metrics }),
					curves: {},
					// Its own signature, so storing the node's experiment does not drop it as the same one.
					...(signature ? { signature: `${signature}:${row.key}` } : {})
				});
	}
	return out;
}
