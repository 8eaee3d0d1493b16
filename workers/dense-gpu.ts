/// <reference types="@webgpu/types" />
import type { DenseGpuData, DenseGpuDevice, DenseGpuHeap } from '../src/lib/core/ml/dense/gpu-api';
import { provideDenseGpu } from '../src/lib/core/ml/dense/gpu-provider';
import { packRecords, type GpuDispatch, type GpuKernel } from '../src/lib/core/ml/dense/gpu-plan';
import { DENSE_WGSL, NO_DIVERGENCE, RECORD_BYTES } from '../src/lib/core/ml/dense/wgsl';
import { readBuffer, requestGpu, submitDispatches } from './gpu-device';

/**
 * The dense trainer's WebGPU device (core/ml/dense/gpu-api.ts) on navigator.gpu, in a page or
 * a worker: one module of WGSL kernels (wgsl.ts), one bind group over the heap, the training
 * rows, their order, labels, step losses and the divergence flag, and per-dispatch uniform
 * records at dynamic offsets, so a whole group of steps is one buffer write and one submit.
 */

const KERNELS: readonly GpuKernel[] = ['gather', 'gemm', 'loss', 'adam'];

/** The dense kernels on this runtime's WebGPU device, or why there is none (a message for the user). */
export async function openDenseGpu(): Promise<{ device: DenseGpuDevice } | { error: string }> {
	const opened = await requestGpu();
	if ('error' in opened) return opened;
	return { device: new WebGpuDense(opened.device, opened.description, opened.software) };
}

/** Lets core's MLP node train on this runtime's WebGPU (opened on first use, not at start). */
export function registerDenseGpu(): void {
	provideDenseGpu(async () => {
		const opened = await openDenseGpu();
		return 'device' in opened ? opened.device : null;
	});
}

class WebGpuDense implements DenseGpuDevice {
	readonly kind = 'webgpu';
	private readonly layout: GPUBindGroupLayout;
	private readonly pipelines: Record<GpuKernel, GPUComputePipeline>;

	constructor(
		private readonly device: GPUDevice,
		readonly description: string,
		readonly software: boolean
	) {
		const storage = (binding: number, type: GPUBufferBindingType): GPUBindGroupLayoutEntry => ({
			binding,
			visibility: GPUShaderStage.COMPUTE,
			buffer: { type }
		});
		this.layout = device.createBindGroupLayout({
			entries: [
				{
					binding: 0,
					visibility: GPUShaderStage.COMPUTE,
					buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: RECORD_BYTES }
				},
				storage(1, 'storage'),
				storage(2, 'read-only-storage'),
				storage(3, 'read-only-storage'),
				storage(4, 'read-only-storage'),
				storage(5, 'storage'),
				storage(6, 'storage')
			]
		});
		const module = device.createShaderModule({ code: DENSE_WGSL });
		const layout = device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
		this.pipelines = Object.fromEntries(
			KERNELS.map((k) => [k, device.createComputePipeline({ layout, compute: { module, entryPoint: k } })])
		) as Record<GpuKernel, GPUComputePipeline>;
	}

	createHeap(floats: number, data: DenseGpuData): DenseGpuHeap {
		const limit = this.device.limits.maxStorageBufferBindingSize;
		const rows = data.xs.length / data.cols;
		for (const [what, bytes] of [
			['the training rows', data.xs.byteLength],
			['the network', floats * 4]
		] as const) {
			if (bytes > limit)
				throw new Error(
					`MLP on WebGPU: ${what} take ${mb(bytes)} MB, over this GPU's ${mb(limit)} MB per buffer; train on the CPU kernels instead`
				);
		}
		return new WebGpuHeap(this.device, this.layout, this.pipelines, floats, data, rows);
	}
}

class WebGpuHeap implements DenseGpuHeap {
	private readonly heap: GPUBuffer;
	private readonly xs: GPUBuffer;
	private readonly order: GPUBuffer;
	private readonly labels: GPUBuffer;
	private readonly stepLoss: GPUBuffer;
	private readonly flag: GPUBuffer;
	private uniforms: GPUBuffer | null = null;
	private group: GPUBindGroup | null = null;
	private readonly owned: GPUBuffer[] = [];

	constructor(
		private readonly device: GPUDevice,
		private readonly layout: GPUBindGroupLayout,
		private readonly pipelines: Record<GpuKernel, GPUComputePipeline>,
		readonly floats: number,
		data: DenseGpuData,
		rows: number
	) {
		const S = GPUBufferUsage.STORAGE;
		const D = GPUBufferUsage.COPY_DST;
		const C = GPUBufferUsage.COPY_SRC;
		this.heap = this.buffer(floats * 4, S | D | C);
		this.xs = this.upload(data.xs, S);
		this.order = this.buffer(rows * 4, S | D);
		this.labels = this.upload(data.labels, S);
		this.stepLoss = this.buffer(data.maxSteps * 4, S | D | C);
		this.flag = this.buffer(4, S | D | C);
		device.queue.writeBuffer(this.flag, 0, Uint32Array.of(NO_DIVERGENCE));
	}

	private buffer(bytes: number, usage: GPUBufferUsageFlags): GPUBuffer {
		// Sizes are whole multiples of 4 bytes; WebGPU refuses empty bindings.
		const b = this.device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 4) * 4), usage });
		this.owned.push(b);
		return b;
	}

	private upload(data: Float32Array, usage: GPUBufferUsageFlags): GPUBuffer {
		const b = this.buffer(data.byteLength, usage | GPUBufferUsage.COPY_DST);
		this.device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
		return b;
	}

	write(offset: number, data: Float32Array): void {
		this.device.queue.writeBuffer(this.heap, offset * 4, data.buffer, data.byteOffset, data.byteLength);
	}

	setOrder(order: Uint32Array): void {
		this.device.queue.writeBuffer(this.order, 0, order.buffer, order.byteOffset, order.byteLength);
	}

	/** The uniform buffer, grown to hold `records`; the bind group follows it. */
	private bindFor(records: number): GPUBindGroup {
		const bytes = records * RECORD_BYTES;
		if (!this.uniforms || this.uniforms.size < bytes || !this.group) {
			this.uniforms?.destroy();
			this.uniforms = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
			const whole = (buffer: GPUBuffer, binding: number): GPUBindGroupEntry => ({ binding, resource: { buffer } });
			this.group = this.device.createBindGroup({
				layout: this.layout,
				entries: [
					{ binding: 0, resource: { buffer: this.uniforms, size: RECORD_BYTES } },
					whole(this.heap, 1),
					whole(this.xs, 2),
					whole(this.order, 3),
					whole(this.labels, 4),
					whole(this.stepLoss, 5),
					whole(this.flag, 6)
				]
			});
		}
		return this.group;
	}

	run(steps: readonly (readonly GpuDispatch[])[]): void {
		const dispatches = steps.flat();
		if (dispatches.length === 0) return;
		const group = this.bindFor(dispatches.length);
		// Written before the submit that reads it: queue order makes the write land first, and the
		// next group's write waits behind this submit, so one buffer serves every group.
		this.device.queue.writeBuffer(this.uniforms!, 0, packRecords(dispatches.map((d) => d.record)));
		submitDispatches(
			this.device,
			group,
			RECORD_BYTES,
			dispatches.map((d) => ({ pipeline: this.pipelines[d.kernel], groups: d.groups }))
		);
	}

	private readBack(src: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
		return readBuffer(this.device, src, offset, bytes);
	}

	async takeStepLosses(count: number): Promise<{ losses: Float32Array; diverged: number | null }> {
		const [losses, flag] = await Promise.all([this.readBack(this.stepLoss, 0, count * 4), this.readBack(this.flag, 0, 4)]);
		const first = new Uint32Array(flag)[0];
		return { losses: new Float32Array(losses, 0, count), diverged: first === NO_DIVERGENCE ? null : first };
	}

	async read(offset: number, count: number): Promise<Float32Array> {
		return new Float32Array(await this.readBack(this.heap, offset * 4, count * 4));
	}

	destroy(): void {
		for (const b of this.owned) b.destroy();
		this.uniforms?.destroy();
	}
}

function mb(bytes: number): string {
	return (bytes / 2 ** 20).toFixed(0);
}
