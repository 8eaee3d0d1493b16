import type { Matrix } from '../matrix';

// The option and state shapes of a dense network, shared by every trainer of one (tfjs here,
// the typed-array trainer in ml/dense) so a node can hand either the same options.

export type MlpActivation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'gelu';
export type MlpTask = 'classification' | 'regression';
/** 'momentum' is SGD with Nesterov momentum 0.9 (scikit-learn's default for solver='sgd'). */
export type MlpOptimizer = 'adam' | 'sgd' | 'momentum' | 'rmsprop';

/** Learning rate per epoch, from the base rate. */
export type MlpSchedule =
	| { kind: 'constant' }
	/** × factor every `every` epochs. */
	| { kind: 'step'; every: number; factor: number }
	/** × factor each epoch. */
	| { kind: 'exponential'; factor: number }
	/** Half a cosine from the base rate down to zero over all the epochs. */
	| { kind: 'cosine' };

/** Stop when the validation loss has not improved by `minDelta` for `patience` epochs; keep the best weights. */
export interface MlpEarlyStopping {
	patience: number;
	minDelta: number;
}

export interface MlpEpochLogs {
	loss: number;
	valLoss?: number;
	accuracy?: number;
	valAccuracy?: number;
	learningRate: number;
	/** Remaining epochs × mean epoch time so far. */
	etaMs: number;
}

export interface MlpOptions {
	task: MlpTask;
	/** Number of classes (codes 0..classes-1); required for classification. */
	classes?: number;
	hidden?: number[];
	activation?: MlpActivation;
	/** Share of hidden units dropped per training batch, in [0, 1). */
	dropout?: number;
	batchNorm?: boolean;
	optimizer?: MlpOptimizer;
	learningRate?: number;
	schedule?: MlpSchedule;
	epochs?: number;
	batchSize?: number;
	/** Adds l2 × Σ w² over the kernels to the loss. */
	l2?: number;
	/** Needs `validation`. */
	earlyStopping?: MlpEarlyStopping | null;
	seed?: number;
	/** Checked after every batch: training stops there and keeps the best (or last) weights. */
	signal?: AbortSignal;
	/** Called after each epoch; `epoch` counts from 0, as in Keras. */
	onEpoch?: (epoch: number, logs: MlpEpochLogs) => void;
	validation?: { X: Matrix; y: Int32Array | Float64Array };
}

export interface MlpLayerState {
	inputs: number;
	units: number;
	activation: MlpActivation | 'softmax' | 'linear';
	/** inputs × units, row-major. */
	kernel: number[];
	bias: number[];
}

/** Same shape as nodes' TrainingStop (core/ml does not import core/nodes). */
export interface MlpStop {
	reason: 'cancelled' | 'early-stopping' | 'non-finite-loss';
	completed: number;
	kept: string;
}

export interface MlpHistory {
	loss: number[];
	valLoss: number[];
	accuracy: number[];
	valAccuracy: number[];
}

/** Plain JSON; enough to rebuild the network for prediction on any backend. */
export interface MlpState {
	task: MlpTask;
	activation: MlpActivation;
	classes: number | null;
	/** Dense layers only: batch norm is folded in, dropout is the identity at inference. */
	layers: MlpLayerState[];
	/** Regression targets are trained standardised; predictions are mapped back with these. */
	target: { mean: number; std: number } | null;
	epochsRun: number;
	/** Epoch (1-based) whose weights are kept. */
	keptEpoch: number;
	/** null when every epoch ran. */
	stopped: MlpStop | null;
	/** A message for the user when training ended on a non-finite loss. */
	warning: string | null;
	history: MlpHistory;
	backend: string;
}
