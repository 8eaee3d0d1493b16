import type { Frame } from '../frame/types';
import type { ParamValues } from './params';
import type { ModelInput } from '../model-file/input';
import type { Report } from './reports';

/** The kinds of value that flow along edges. A connection needs equal kinds. */
export type PortKind = 'dataset' | 'model' | 'metrics' | 'report';

export interface PortSpec {
	readonly kind: PortKind;
	readonly label?: string;
	/** An optional input may stay unconnected. */
	readonly optional?: boolean;
}

export const port = {
	dataset: (label?: string, optional = false): PortSpec => ({ kind: 'dataset', label, optional }),
	model: (label?: string, optional = false): PortSpec => ({ kind: 'model', label, optional }),
	metrics: (label?: string): PortSpec => ({ kind: 'metrics', label }),
	report: (label?: string): PortSpec => ({ kind: 'report', label })
};

/** Row roles, stored one byte per row. */
export const Role = { unassigned: 0, train: 1, validation: 2, test: 3 } as const;
export type RoleCode = (typeof Role)[keyof typeof Role];

/** One fitted stateful step, replayable on new rows (Predict, the CLI, an exported model). */
export interface RecipeStep {
	readonly type: string;
	readonly version: number;
	readonly params: ParamValues;
	/** JSON-serialisable fitted state. */
	readonly state: unknown;
}

/**
 * A dataset travelling along an edge: the frame, the target, a role for every row and
 * the recipe of stateful steps applied so far (DESIGN.md §4).
 */
export interface DatasetValue {
	readonly kind: 'dataset';
	readonly frame: Frame;
	readonly target: string | null;
	/** null until a Split assigns roles; then one RoleCode per row. */
	readonly roles: Uint8Array | null;
	readonly recipe: readonly RecipeStep[];
	/** Content hash of the raw source, part of every downstream signature. */
	readonly sourceHash: string;
}

export type Task = 'classification' | 'regression';

/** A trained estimator with what it needs to score raw rows. */
export interface ModelValue {
	readonly kind: 'model';
	readonly family: string;
	readonly task: Task;
	readonly target: string;
	readonly features: readonly string[];
	/** Class labels, index = class code (classification only). */
	readonly classes: readonly string[] | null;
	readonly recipe: readonly RecipeStep[];
	/** Estimator-specific serialisable state. */
	readonly estimator: unknown;
	/** tfjs backend or 'typed-arrays' for the exact solvers. */
	readonly backend: string;
	readonly trainMs: number;
	/** Threads the fit spread over (the compute pool), when more than one. */
	readonly threads?: number;
	/** Per-epoch or per-iteration curves, e.g. { loss: [...], val_loss: [...] }. */
	readonly curves: Readonly<Record<string, readonly number[]>>;
	/**
	 * Category features the model reads as codes into these labels (trees split on them
	 * natively). Stored as labels, so a new file's own category numbering does not matter.
	 */
	readonly levels?: Readonly<Record<string, readonly string[]>>;
	/** The model reads missing feature values (NaN) itself instead of refusing them. */
	readonly nativeMissing?: boolean;
	/** Training ended before its budget: why, and after how many epochs / rounds / trees. */
	readonly stopped?: TrainingStop;
	/** The node that trained it (stamped by the engine), so cross-validation can train it again per fold. */
	readonly trainedBy?: { readonly type: string; readonly version: number; readonly params: ParamValues };
	/**
	 * The raw columns its recipe starts from and reference statistics of its training rows
	 * (stamped by the engine, like `trainedBy`): what a model file needs to check and
	 * describe new rows. Absent on models trained before it was recorded.
	 */
	readonly input?: ModelInput;
}

/** Why training ended early; the model holds the weights named in `kept`. */
export interface TrainingStop {
	readonly reason: 'cancelled' | 'early-stopping' | 'non-finite-loss';
	/** Epochs, boosting rounds or trees completed. */
	readonly completed: number;
	/** e.g. 'best validation loss at epoch 12', 'last finite weights (epoch 7)'. */
	readonly kept: string;
}

export interface ClassificationMetrics {
	readonly task: 'classification';
	readonly rows: number;
	readonly accuracy: number;
	readonly precisionMacro: number;
	readonly recallMacro: number;
	readonly f1Macro: number;
	/** One-vs-rest macro average for multiclass; null when undefined (one class present). */
	readonly rocAuc: number | null;
	readonly perClass: readonly { label: string; precision: number; recall: number; f1: number; support: number }[];
	/** confusion[actual][predicted] */
	readonly confusion: readonly (readonly number[])[];
	readonly labels: readonly string[];
}

export interface RegressionMetrics {
	readonly task: 'regression';
	readonly rows: number;
	readonly rmse: number;
	readonly mae: number;
	readonly r2: number;
}

export type Metrics = ClassificationMetrics | RegressionMetrics;

export interface MetricsValue {
	readonly kind: 'metrics';
	readonly model: string;
	readonly backend: string;
	readonly validation: Metrics | null;
	readonly test: Metrics | null;
}

/** A report is a view-only summary (profile, table): one of the kinds in reports.ts. */
export interface ReportValue {
	readonly kind: 'report';
	readonly report: Report;
}

export type PortValue = DatasetValue | ModelValue | MetricsValue | ReportValue;
