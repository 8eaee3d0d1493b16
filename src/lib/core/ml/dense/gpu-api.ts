import type { GpuDispatch } from './gpu-plan';

/**
 * The GPU counterpart of DenseKernels (kernel-api.ts): a heap laid out as the CPU trainer's
 * (planLayout), resident on the device, that runs the dispatches of gpu-plan.ts. It is async
 * where the CPU interface is not, because reading anything back waits for the GPU; the trainer
 * (train-gpu.ts) reads back only once per epoch. Implemented outside core, where a GPU device
 * exists (workers/dense-gpu.ts on WebGPU).
 */
export interface DenseGpuHeap {
	/** Floats in the heap (the layout's `floats`). */
	readonly floats: number;
	/** Writes floats at an offset of the heap (queued before any later dispatch). */
	write(offset: number, data: Float32Array): void;
	/** The epoch's row order: indices into the training rows, as the CPU trainer shuffles them. */
	setOrder(order: Uint32Array): void;
	/**
	 * Queues the steps (each a list of dispatches, in order); several steps go in one submit.
	 * stepLoss[stepIndex] receives each step's summed loss; the flag, the first step index
	 * whose loss or gradients were non-finite (after which Adam no longer updates).
	 */
	run(steps: readonly (readonly GpuDispatch[])[]): void;
	/** Step losses [0, count) and the divergence flag (null while every step was finite); each step overwrites its own slot. */
	takeStepLosses(count: number): Promise<{ losses: Float32Array; diverged: number | null }>;
	/** Reads `count` floats from the heap, after everything queued. */
	read(offset: number, count: number): Promise<Float32Array>;
	destroy(): void;
}

export interface DenseGpuData {
	/** rows × cols features, row-major. */
	xs: Float32Array;
	/** One per row: class codes (as floats) or standardised targets. */
	labels: Float32Array;
	cols: number;
	/** Most steps one epoch holds (sizes the step-loss buffer). */
	maxSteps: number;
}

/** A GPU that can hold a dense network's heap and its training rows. */
export interface DenseGpuDevice {
	/** What ran, recorded with the model: 'webgpu'. */
	readonly kind: 'webgpu';
	/** The adapter in words (vendor, architecture), for the result's note. */
	readonly description: string;
	/** A software adapter (SwiftShader): correct, but slower than the CPU kernels. */
	readonly software: boolean;
	/** Throws a message naming the limit when the rows or the heap do not fit the device. */
	createHeap(floats: number, data: DenseGpuData): DenseGpuHeap;
}
