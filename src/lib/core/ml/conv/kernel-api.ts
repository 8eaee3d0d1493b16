import type { ConvGeometry, PoolGeometry } from './geometry';

/**
 * The convolution kernels as operations on one heap of floats, the shape of the dense kernels'
 * interface (dense/kernel-api.ts, dense/gpu-api.ts): operands are offsets into the heap, in
 * floats. The same list of operations runs on the CPU reference (cpu.ts) and on the WGSL
 * kernels (wgsl.ts through workers/conv-gpu.ts), so a test runs one list on both and compares
 * the heaps offset by offset.
 */
export type ConvOp =
	/** y ← x ⊛ w + bias, then max(·, 0) when relu. */
	| { op: 'conv'; geometry: ConvGeometry; x: number; w: number; bias: number; y: number; relu: boolean }
	/** dx ← ∂L/∂x from dy = ∂L/∂(x ⊛ w + bias): the full correlation of dy with the flipped filter. */
	| { op: 'convInputGrad'; geometry: ConvGeometry; dy: number; w: number; dx: number }
	/**
	 * dw ← Σ over the batch and output pixels of patch(x) · dy, db ← Σ dy; each a sum in one
	 * fixed order (batch, then rows, then columns), so a run gives the same bits every time.
	 */
	| { op: 'convFilterGrad'; geometry: ConvGeometry; x: number; dy: number; dw: number; db: number }
	/** y ← the largest value of each 2×2 window of x. */
	| { op: 'maxPool'; geometry: PoolGeometry; x: number; y: number }
	/**
	 * dx ← dy at each window's first largest value (row by row, as tf.maxPool's gradient), 0
	 * elsewhere; with reluMask also 0 where x ≤ 0, which is the ReLU's gradient when x is the
	 * output of a conv with relu, so the pair needs no separate ReLU backward.
	 */
	| { op: 'maxPoolGrad'; geometry: PoolGeometry; x: number; dy: number; dx: number; reluMask: boolean };

export type ConvOpName = ConvOp['op'];

/** A heap the kernels run on, on the CPU or a GPU; reads are async because a GPU's are. */
export interface ConvHeap {
	/** What runs the kernels: the plain TypeScript reference, or WebGPU. */
	readonly kind: 'js' | 'webgpu';
	readonly floats: number;
	write(offset: number, data: Float32Array): void;
	/** Runs the operations in order (on a GPU: queued, in one submit). */
	run(ops: readonly ConvOp[]): void;
	/** `count` floats at `offset`, after everything run before. */
	read(offset: number, count: number): Promise<Float32Array>;
	destroy(): void;
}

/** A device that makes heaps: the CPU reference (cpu.ts) or a GPU (workers/conv-gpu.ts). */
export interface ConvDevice {
	readonly kind: ConvHeap['kind'];
	/** In words, for a report. */
	readonly description: string;
	/** Not a hardware GPU (SwiftShader, or the CPU reference): correct, but its speed says nothing of a GPU's. */
	readonly software: boolean;
	/** Throws a message naming the limit when `floats` do not fit. */
	createHeap(floats: number): ConvHeap;
}
