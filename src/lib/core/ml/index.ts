export type { Matrix } from './matrix';
export { zeros, fromRows, toRows, get, set, clone, takeRows, column, columnMeans, assertFinite } from './matrix';
export { leastSquares, type LeastSquaresResult } from './linalg';
export { minimizeLbfgs, type Objective, type LbfgsOptions, type LbfgsResult, type LbfgsStop } from './optim/lbfgs';
export { fitLinear, predictLinear, type LinearOptions, type LinearState } from './models/linear';
export { fitLogistic, predictLogistic, predictProbaLogistic, type LogisticOptions, type LogisticState } from './models/logistic';
export { fitMlp, predictMlp, type MlpOptions, type MlpState, type MlpLayerState, type MlpActivation, type MlpTask } from './models/mlp';
export { argmaxRows } from './models/argmax';
export { classificationMetrics, regressionMetrics, rocAuc, binaryAuc } from './metrics';
export {
	detectBackends,
	chooseBackend,
	activateBackend,
	activeBackend,
	type BackendName,
	type DetectedBackend,
	type ActivateOptions
} from './backends';
export { configureWasm, wasmPaths } from './wasm-paths';
