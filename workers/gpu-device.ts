/// <reference types="@webgpu/types" />

/** An opened WebGPU device with what a report says about it. */
export interface OpenedGpu {
	device: GPUDevice;
	/** The adapter in words (vendor, architecture). */
	description: string;
	/** A software adapter (SwiftShader). */
	software: boolean;
}

/**
 * The adapter and device on navigator.gpu, in a page or a worker, or why there is none (a
 * message for the user). Asks for the adapter's own storage limits, since the defaults
 * (128 MiB per binding) cap what fits on the device. Shared by the dense (dense-gpu.ts) and
 * convolution (conv-gpu.ts) kernels.
 */
export async function requestGpu(): Promise<OpenedGpu | { error: string }> {
	const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
	if (!gpu) return { error: 'WebGPU is not available here' };
	let adapter: GPUAdapter | null;
	try {
		adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
	} catch (e) {
		return { error: `WebGPU adapter request failed: ${message(e)}` };
	}
	if (!adapter) return { error: 'no WebGPU adapter' };
	// Chrome moved isFallbackAdapter onto adapter.info, which these typings predate; read both.
	const info = (adapter as { info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string } }).info;
	const software = Boolean(info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
	let device: GPUDevice;
	try {
		device = await adapter.requestDevice({
			requiredLimits: {
				maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
				maxBufferSize: adapter.limits.maxBufferSize
			}
		});
	} catch (e) {
		return { error: `WebGPU device request failed: ${message(e)}` };
	}
	const description =
		[info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || (software ? 'software adapter' : 'GPU');
	return { device, description, software };
}

/** Copies `bytes` from a GPU buffer at `offset` back to the CPU, after everything queued. */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, offset: number, bytes: number): Promise<ArrayBuffer> {
	const staging = device.createBuffer({ size: Math.max(4, bytes), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
	const encoder = device.createCommandEncoder();
	encoder.copyBufferToBuffer(src, offset, staging, 0, bytes);
	device.queue.submit([encoder.finish()]);
	try {
		await staging.mapAsync(GPUMapMode.READ);
		return staging.getMappedRange().slice(0);
	} finally {
		staging.destroy();
	}
}

export function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** One recorded dispatch: its pipeline and its workgroup counts (its record sits at its index in the uniform buffer). */
export interface RecordedDispatch {
	readonly pipeline: GPUComputePipeline;
	readonly groups: readonly [number, number];
}

/**
 * Encodes `dispatches` in one compute pass and submits it: dispatch i reads its uniform
 * record at offset i · `recordBytes` (the bind group's dynamic offset). The caller has written
 * the records first; queue order makes that write land before this submit.
 */
export function submitDispatches(
	device: GPUDevice,
	group: GPUBindGroup,
	recordBytes: number,
	dispatches: readonly RecordedDispatch[]
): void {
	const encoder = device.createCommandEncoder();
	const pass = encoder.beginComputePass();
	dispatches.forEach((d, i) => {
		pass.setPipeline(d.pipeline);
		pass.setBindGroup(0, group, [i * recordBytes]);
		pass.dispatchWorkgroups(d.groups[0], d.groups[1]);
	});
	pass.end();
	device.queue.submit([encoder.finish()]);
}
