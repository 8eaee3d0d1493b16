import type { ComputePool } from '../compute/pool';
import type { Frame, FrameSchema } from '../frame/types';
import type { ParamSchema, ParamsOf, ParamValue, ParamValues } from './params';
import type { DatasetValue, ModelValue, PortSpec, PortValue, RecipeStep, ReportValue, Task } from './ports';
import type { Report } from './reports';

export type NodeCategory = 'io' | 'explore' | 'clean' | 'features' | 'split' | 'model' | 'evaluate' | 'deploy' | 'monitor';

/** Migrates a node's params from version i+1 to i+2 (migrations[0]: v1 → v2). */
export type ParamMigration = (params: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** Where a source node's data comes from. Never an absolute path (DESIGN.md §3). */
export type DataSourceRef =
	{ readonly kind: 'sample'; readonly name: string } | { readonly kind: 'stored'; readonly name: string; readonly hash: string };

export interface LoadedSource {
	readonly frame: Frame;
	/** Content hash of the raw bytes. */
	readonly hash: string;
	readonly name: string;
}

/** The tfjs backend a run asks for; 'auto' follows DESIGN.md §7. */
export type BackendChoice = 'auto' | 'webgpu' | 'wasm' | 'webgl' | 'cpu';

/** One epoch's / round's / tree's figures, e.g. { loss: 0.41, val_loss: 0.44 }, for the live chart. */
export interface CurvePoint {
	/** 1-based epoch, round or tree number. */
	readonly step: number;
	readonly values: Readonly<Record<string, number>>;
	/** A line to list beside the curve, e.g. a search trial's params. */
	readonly note?: string;
	/**
	 * The node's report as far as it has got (e.g. Compare models' leaderboard with the
	 * families finished so far), shown in place of the result while the node runs; the latest replaces the last.
	 */
	readonly partial?: Report;
}

/** What the engine hands a node while it runs. */
export interface NodeContext {
	readonly signal: AbortSignal;
	/**
	 * fraction in [0, 1]; `point` adds a step to the node's live training curves; `etaMs`
	 * is the node's own estimate of the time left (else the UI estimates it from `fraction`).
	 */
	progress(fraction: number, message?: string, point?: CurvePoint, etaMs?: number): void;
	/** The document's seed: a seed param left empty follows it (params.ts seedOf). */
	readonly seed: number;
	readonly backend: BackendChoice;
	loadSource(ref: DataSourceRef): Promise<LoadedSource>;
	/** Replay a fitted recipe on other rows (Predict): each step's apply, in order. */
	applyRecipe(data: DatasetValue, recipe: readonly RecipeStep[]): DatasetValue;
	/**
	 * Fit the recipe's steps again on `data`'s training rows, then train the model node that
	 * `model.trainedBy` names — what cross-validation does in every fold (engine runs only).
	 */
	retrain?(data: DatasetValue, model: ModelValue, params?: ParamValues): Promise<{ data: DatasetValue; model: ModelValue }>;
	/** A node type's param schema (a search reads the model node's ranges and checks values against it). */
	paramsOf?(type: string): ParamSchema | undefined;
	/** A node type's version (Compare models names the model node each family's trials train). */
	versionOf?(type: string): number | undefined;
	/** Runs hyperparameter trials, in a pool of workers where the host has one (engine runs only). */
	readonly trials?: TrialRunner;
	/** Threads one fit may spread its inner loops over (core/compute); none: the fit runs in this thread. */
	readonly compute?: ComputePool;
	/** A model saved in the model registry: `version` null = the version marked in use (engine runs in the studio only). */
	loadRegisteredModel?(name: string, version: number | null): Promise<ModelValue>;
}

/** How a trial is scored: on the validation rows, or by k-fold cross-validation of the non-test rows. */
export interface TrialSetup {
	/** Metric name as `trialScore` reads it (e.g. 'accuracy', 'rmse'); maximised after its sign. */
	readonly metric: string;
	/** 0: train on the training rows, score on the validation rows; k ≥ 2: k-fold CV per trial. */
	readonly folds: number;
	readonly seed: number;
	/**
	 * Row roles per fold, built once by the caller: every session given them scores on exactly
	 * these rows (Compare models holds every family to the same folds). Overrides `folds`.
	 */
	readonly roles?: readonly Uint8Array[];
}

export interface TrialOutcome {
	/** The metric as reported (e.g. RMSE itself, not negated). */
	readonly value: number;
	/** Every figure the trial measured, e.g. { accuracy, f1Macro }. */
	readonly metrics: Readonly<Record<string, number>>;
	readonly ms: number;
	/** Each fold's figures and times, in fold order (one entry when scored on the validation rows). */
	readonly folds?: readonly FoldOutcome[];
}

/** One fold of a trial: its figures, the time to fit the recipe and model, and to score the held-out rows. */
export interface FoldOutcome {
	readonly metrics: Readonly<Record<string, number>>;
	readonly fitMs: number;
	readonly predictMs: number;
}

/** Trials of one search: the data and model travel to the workers once. */
export interface TrialSession {
	/** Train the model's node again with these params (merged over its own) and score it. */
	run(params: ParamValues, signal: AbortSignal): Promise<TrialOutcome>;
	close(): void;
}

export interface TrialRunner {
	/** How many trials run at once. */
	readonly parallel: number;
	open(data: DatasetValue, model: ModelValue, setup: TrialSetup): Promise<TrialSession>;
}

export type NodeInputs = Readonly<Record<string, PortValue | undefined>>;
export type NodeOutputs = Record<string, PortValue>;

/**
 * A stateful step fits on the training rows only and applies to every row; the engine
 * appends { type, version, params, state } to the dataset's recipe so that a model can
 * replay it on raw rows.
 */
export interface StepBehaviour<S, P = ParamValues> {
	fit(data: DatasetValue, params: P, ctx: NodeContext): S | Promise<S>;
	apply(data: DatasetValue, state: S, params: P): DatasetValue;
	/** Optional summary of what the step did (e.g. outliers clipped per column), on output port "report". */
	report?(before: DatasetValue, after: DatasetValue, state: S, params: P): ReportValue;
}

/** A dataset's shape known without running: its columns and its target (DatasetValue's, set by a Split). */
export interface DatasetSchema {
	readonly columns: FrameSchema;
	readonly target: string | null;
}

/** Schemas of a node's dataset ports by port name; null (or absent) = not known without running. */
export type PortSchemas = Readonly<Partial<Record<string, DatasetSchema | null>>>;

/**
 * What a node's dataset outputs look like, known without running (column pickers, checks
 * before a run): 'same' = every dataset output has the columns of the `data` input (a step
 * that keeps its columns: it changes rows or values only); 'unknown' = only a run can tell;
 * a function = the output schemas from the input schemas and the params. A function returns
 * null for a port it cannot tell (an input unknown, a param that needs the data itself).
 */
export type SchemaRule<V = ParamValues> = 'same' | 'unknown' | ((inputs: PortSchemas, params: V) => PortSchemas);

interface Common<P extends ParamSchema = ParamSchema, V = ParamValues> {
	readonly type: string;
	readonly version: number;
	readonly category: NodeCategory;
	readonly title: string;
	readonly description: string;
	readonly inputs: Readonly<Record<string, PortSpec>>;
	readonly outputs: Readonly<Record<string, PortSpec>>;
	readonly params: P;
	readonly migrations?: readonly ParamMigration[];
	/** Source nodes name their data so the engine can key the cache by its content hash. */
	readonly source?: (params: V) => DataSourceRef | null;
	/** Results depend on the tfjs backend, so the backend joins the cache key. */
	readonly usesBackend?: boolean;
	/**
	 * For a node that reads state outside the document (the model registry): a string that
	 * changes exactly when what it would read changes (the id of the model version it would
	 * load). It joins the node's cache key, so the node and what follows are served from the
	 * caches while that state stays the same, and run again once it changes (a roll back).
	 * It throws where that state cannot be read (the CLI has no registry): the node then
	 * fails with that message, as its run would.
	 */
	readonly fingerprint?: (params: V, world: NodeWorld) => Promise<string>;
	/** What a run of this node adds to the experiments (engine/experiments.ts); a node with a model output needs none to be a 'model' experiment. */
	readonly experiment?: ExperimentHook;
	/** Its dataset outputs' columns without running (engine/schemas.ts); left out = 'unknown'. */
	readonly schema?: SchemaRule<V>;
}

/** State outside the document that a node's fingerprint may read, where the host has it. */
export interface NodeWorld {
	/** The id of the model version `name` resolves to (`version` null: the one in use); throws when there is none. */
	registeredModelKey?(name: string, version: number | null): Promise<string>;
}

export type ExperimentKind = 'model' | 'cross-validation' | 'search';

/** Figures a node's run adds to its experiment record; non-finite metrics are dropped. */
export interface ExperimentFigures {
	readonly metrics?: Readonly<Record<string, number>>;
	readonly curves?: Readonly<Record<string, number[]>>;
	/** Added to the node's own params, e.g. the cross-validated model's as `model.<name>`. */
	readonly params?: Readonly<Record<string, ParamValue>>;
}

export interface ExperimentHook {
	readonly kind: ExperimentKind;
	/** Read from the node's outputs once it finished; `fed` is the model connected to its inputs, if any. */
	readonly record?: (outputs: NodeOutputs, fed: ModelValue | null) => ExperimentFigures;
	/** For a node that trains several models (Compare models): one experiment each, beside the node's own. */
	readonly rows?: (outputs: NodeOutputs) => readonly ExperimentRow[];
}

/** One model of a node that trains several, recorded as its own experiment. */
export interface ExperimentRow extends ExperimentFigures {
	/** Unique within the node (the family's name): the experiment's id ends with it. */
	readonly key: string;
	readonly family: string;
	readonly task: Task;
	readonly status: 'done' | 'cancelled' | 'error';
	readonly error?: string;
}

export interface RunNode extends Common {
	readonly run: (inputs: NodeInputs, params: ParamValues, ctx: NodeContext) => NodeOutputs | Promise<NodeOutputs>;
	readonly step?: undefined;
	/**
	 * A stateless, row-preserving transform of its `data` input (convert kinds, rename,
	 * derive a column...). The engine records it in the recipe so that Predict repeats it
	 * on new rows by calling `run` again with the same params — so its `run` must be synchronous.
	 */
	readonly replayable?: boolean;
}

export interface StepNode extends Common {
	readonly step: StepBehaviour<unknown>;
	readonly run?: undefined;
}

export type NodeDefinition = RunNode | StepNode;

/** A node file's declaration of a run node: `run` gets the params typed after the schema. */
export type RunNodeDeclaration<P extends ParamSchema> = Common<P, ParamsOf<P>> & {
	readonly run: (inputs: NodeInputs, params: ParamsOf<P>, ctx: NodeContext) => NodeOutputs | Promise<NodeOutputs>;
	readonly replayable?: boolean;
};
/** A node file's declaration of a step node: `fit`, `apply` and `report` get typed params. */
export type StepNodeDeclaration<P extends ParamSchema, S> = Common<P, ParamsOf<P>> & { readonly step: StepBehaviour<S, ParamsOf<P>> };

/**
 * Identity with checks: a node file declares data and one behaviour. The params' types
 * are inferred from the schema (ParamsOf), so `run(inputs, params, ctx)` reads
 * `params.maxDepth` as a number and `params.criterion` as 'gini' | 'entropy' without
 * casts; the engine validated them against the schema (normaliseParams) before the call.
 */
export function defineNode<P extends ParamSchema, S>(def: StepNodeDeclaration<P, S>): StepNode;
export function defineNode<P extends ParamSchema>(def: RunNodeDeclaration<P>): RunNode;
export function defineNode(def: Common<ParamSchema, never> & { readonly step?: object; readonly run?: unknown }): NodeDefinition {
	if (!/^[a-z]+\.[a-z0-9-]+$/.test(def.type)) throw new Error(`node type "${def.type}" must look like "category.name"`);
	if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`${def.type}: version must be a positive integer`);
	if ((def.migrations?.length ?? 0) !== def.version - 1)
		throw new Error(`${def.type}: version ${def.version} needs ${def.version - 1} migrations`);
	if (def.step && 'outputs' in def && !def.outputs.data) throw new Error(`${def.type}: a step node outputs "data"`);
	// Typed params are what the engine passes: it validates them against the schema first.
	return def as unknown as NodeDefinition;
}

/** The part of a node type that documents need to validate and migrate (core/doc). */
export interface NodeTypeInfo {
	readonly type: string;
	readonly version: number;
	readonly inputs: Readonly<Record<string, PortSpec>>;
	readonly outputs: Readonly<Record<string, PortSpec>>;
	readonly params: ParamSchema;
	readonly migrations?: readonly ParamMigration[];
}

export interface NodeTypeLookup {
	get(type: string): NodeTypeInfo | undefined;
}
