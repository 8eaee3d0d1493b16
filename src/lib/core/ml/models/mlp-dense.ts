import type { ComputePool } from '../../compute/pool';
import type { Matrix } from '../matrix';
import type { MlpOptions, MlpState } from './mlp-types';
import { abortError } from '../../util/abort';
import type { DenseGpuDevice } from '../dense/gpu-api';
import type { DenseMlpOptions } from '../dense/train';

/** What the dense trainer's backend is called in a model's result (ui/primitives/backends.ts explains each). */
const BACKENDS: Record<string, string> = {
	'dense-wasm-simd': 'tessera-wasm-simd',
	'dense-js': 'tessera-js',
	'dense-webgpu': 'tessera-webgpu'
};

/**
 * Whether our own dense kernels (core/ml/dense) can train this network: they implement Adam
 * at a constant rate with relu/tanh layers, and no dropout, batch norm or early stopping.
 */
export function denseCanTrain(opts: MlpOptions): boolean {
	return (
		['relu', 'tanh'].includes(opts.activation ?? 'relu') &&
		!opts.dropout &&
		!opts.batchNorm &&
		(opts.optimizer ?? 'adam') === 'adam' &&
		(opts.schedule?.kind ?? 'constant') === 'constant' &&
		!opts.earlyStopping
	);
}

/**
 * Whether the MLP node trains on our kernels. With the backend left on auto they train even
 * where a GPU is found: measured on an H200 (bench/gpu/README.md), tfjs WebGPU spends ~25 ms
 * issuing the ~170 kernels of one 20→64→64 training step whose GPU work takes ~1.2 ms — 10.9 s
 * per epoch of 100k rows at batch 256, where these kernels take ~0.2 s on one core. A backend
 * the user picks by name is honoured; 'tensorflow.js' always means tfjs.
 */
export function useDenseKernels(engine: string, requested: string, chosen: string, opts: MlpOptions): boolean {
	return autoTrainsOnOwnCpuKernels(engine, requested, chosen) && denseCanTrain(opts);
}

/**
 * The engine rule the network nodes share (MLP, CNN): 'auto' trains on our own CPU kernels
 * (WebAssembly SIMD) with the backend left on auto or picked as WASM or CPU; a backend picked
 * by name otherwise (WebGPU, WebGL) is honoured, and 'tensorflow.js' always means tfjs.
 */
export function autoTrainsOnOwnCpuKernels(engine: string, requested: string, chosen: string): boolean {
	return engine === 'auto' && (requested === 'auto' || chosen === 'wasm' || chosen === 'cpu');
}

/**
 * Whether the MLP node trains on our WGSL kernels (core/ml/dense/wgsl.ts): only where the user
 * picks WebGPU by name and the network fits the dense kernels. Auto never picks them: no
 * measurement on a real GPU says they pay yet (ARCHITECTURE.md §6, "WebGPU dense kernels").
 */
export function useDenseGpu(engine: string, requested: string, chosen: string, opts: MlpOptions): boolean {
	return engine === 'auto' && requested === 'webgpu' && chosen === 'webgpu' && denseCanTrain(opts);
}

/**
 * Trains with the dense kernels and returns the tfjs trainer's state shape, so one predictor,
 * the curves and the stop notes serve both trainers.
 */
export async function fitMlpDense(
	X: Matrix,
	y: Int32Array | Float64Array,
	opts: MlpOptions,
	gpu?: DenseGpuDevice,
	pool?: ComputePool
): Promise<MlpState> {
	const { fitDenseMlp } = await import('../dense/train');
	const { fitDenseMlpGpu } = await import('../dense/train-gpu');
	const batch = Math.max(1, Math.min(opts.batchSize ?? 32, X.rows));
	const epochs = opts.epochs ?? 30;
	const started = performance.now();
	const dense: DenseMlpOptions = {
		task: opts.task,
		classes: opts.classes,
		hidden: opts.hidden,
		activation: opts.activation === 'tanh' ? 'tanh' : 'relu',
		epochs,
		batchSize: batch,
		learningRate: opts.learningRate,
		// The node's l2 adds l2·Σw² to the mean batch loss (gradient 2·l2·W); the dense trainer
		// takes scikit-learn's alpha, whose gradient is alpha·W / batch rows.
		l2: (opts.l2 ?? 0) * 2 * batch,
		seed: opts.seed,
		signal: opts.signal,
		validation: opts.validation,
		// The CPU trainer spreads each batch's gradient over the pool's threads (dense/train-kernels.ts).
		...(pool ? { pool } : {}),
		onEpoch: (epoch, logs) => {
			const perEpoch = (performance.now() - started) / (epoch + 1);
			opts.onEpoch?.(epoch, { ...logs, learningRate: opts.learningRate ?? 1e-3, etaMs: perEpoch * (epochs - epoch - 1) });
		}
	};
	const s = gpu ? await fitDenseMlpGpu(X, y, dense, gpu) : await fitDenseMlp(X, y, dense);
	const stopped =
		s.stopped === 'aborted' && s.epochsRun > 0
			? { reason: 'cancelled' as const, completed: s.epochsRun, kept: `the weights after epoch ${s.epochsRun}` }
			: s.stopped === 'diverged'
				? { reason: 'non-finite-loss' as const, completed: s.epochsRun, kept: 'the last weights with a finite loss' }
				: null;
	if (s.stopped === 'aborted' && s.epochsRun === 0) throw abortError();
	return {
		task: s.task,
		activation: s.activation,
		classes: s.classes,
		layers: s.layers,
		target: s.target,
		epochsRun: s.epochsRun,
		keptEpoch: s.epochsRun,
		stopped,
		warning: s.stopped === 'diverged' ? (s.note ?? 'The loss became non-finite; lower the learning rate.') : null,
		history: { loss: s.history.loss, valLoss: s.history.valLoss, accuracy: [], valAccuracy: [] },
		backend: BACKENDS[s.backend] ?? 'tessera-js'
	};
}
