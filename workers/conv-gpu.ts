/// <reference types="@webgpu/types" />
import { convDispatch, CONV_KERNELS, packConvRecords, type ConvKernel } from '../src/lib/core/ml/conv/gpu-plan';
import type { ConvDevice, ConvHeap, ConvOp } from '../src/lib/core/ml/conv/kernel-api';
import { CONV_RECORD_FIELDS, CONV_WGSL } from '../src/lib/core/ml/conv/wgsl';
import { RECORD_BYTES } from '../src/lib/core/ml/dense/wgsl';
import { readBuffer, requestGpu, submitDispatches } from './gpu-device';

/**
 * The convolution kernels (core/ml/conv/kernel-api.ts) on navigator.gpu: one module of WGSL
 * kernels (conv/wgsl.ts), one heap buffer, and per-dispatch uniform records at dynamic
 * offsets, so a list of operations is one buffer write and one submit.
 */
export async function openConvGpu(): Promise<{ device: ConvDevice } | { error: string }> {
	const opened = await requestGpu();
	if ('error' in opened) return opened;
	return { device: new WebGpuConv(opened.device, opened.description, opened.software) };
}

class WebGpuConv implements ConvDevice {
	readonly kind = 'webgpu';
	private readonly layout: GPUBindGroupLayout;
	private readonly pipelines: Record<ConvKernel, GPUComputePipeline>;

	constructor(
		private readonly device: GPUDevice,
		readonly description: string,
		readonly software: boolean
	) {
		this.layout = device.createBindGroupLayout({
			entries: [
				{
					binding: 0,
					visibility: GPUShaderStage.COMPUTE,
					buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: CONV_RECORD_FIELDS.length * 4 }
				},
				{ binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'storage' } }
			]
		});
		const module = device.createShaderModule({ code: CONV_WGSL });
		const layout = device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
		this.pipelines = Object.fromEntries(
			CONV_KERNELS.map((k) => [k, device.createComputePipeline({ layout, compute: { module, entryPoint: k } })])
		) as Record<ConvKernel, GPUComputePipeline>;
	}

	createHeap(floats: number): ConvHeap {
		const limit = this.device.limits.maxStorageBufferBindingSize;
		if (floats * 4 > limit)
			throw new Error(
				`conv2d on WebGPU: the network and its batch take ${mb(floats * 4)} MB, over this GPU's ${mb(limit)} MB per buffer; use a smaller batch`
			);
		return new WebGpuConvHeap(this.device, this.layout, this.pipelines, floats);
	}
}

class WebGpuConvHeap implements ConvHeap {
	readonly kind = 'webgpu';
	private readonly heap: GPUBuffer;
	private uniforms: GPUBuffer | null = null;
	private group: GPUBindGroup | null = null;

	constructor(
		private readonly device: GPUDevice,
		private readonly layout: GPUBindGroupLayout,
		private readonly pipelines: Record<ConvKernel, GPUComputePipeline>,
		readonly floats: number
	) {
		this.heap = device.createBuffer({
			size: Math.max(16, floats * 4),
			usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC
		});
	}

	write(offset: number, data: Float32Array): void {
		this.device.queue.writeBuffer(this.heap, offset * 4, data.buffer, data.byteOffset, data.byteLength);
	}

	/** The uniform buffer, grown to hold `records`; the bind group follows it. */
	private bindFor(records: number): GPUBindGroup {
		const bytes = records * RECORD_BYTES;
		if (!this.uniforms || this.uniforms.size < bytes || !this.group) {
			this.uniforms?.destroy();
			this.uniforms = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
			this.group = this.device.createBindGroup({
				layout: this.layout,
				entries: [
					{ binding: 0, resource: { buffer: this.uniforms, size: CONV_RECORD_FIELDS.length * 4 } },
					{ binding: 1, resource: { buffer: this.heap } }
				]
			});
		}
		return this.group;
	}

	run(ops: readonly ConvOp[]): void {
		if (ops.length === 0) return;
		const dispatches = ops.map(convDispatch);
		const group = this.bindFor(dispatches.length);
		// Queue order lands this write before the submit that reads it (as dense-gpu.ts).
		this.device.queue.writeBuffer(this.uniforms!, 0, packConvRecords(dispatches.map((d) => d.record)));
		submitDispatches(
			this.device,
			group,
			RECORD_BYTES,
			dispatches.map((d) => ({ pipeline: this.pipelines[d.kernel], groups: d.groups }))
		);
	}

	async read(offset: number, count: number): Promise<Float32Array> {
		return new Float32Array(await readBuffer(this.device, this.heap, offset * 4, count * 4));
	}

	destroy(): void {
		this.heap.destroy();
		this.uniforms?.destroy();
	}
}

function mb(bytes: number): string {
	return (bytes / 2 ** 20).toFixed(0);
}
