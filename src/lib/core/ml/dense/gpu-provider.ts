import type { DenseGpuDevice } from './gpu-api';

/**
 * Where core finds a GPU for the dense trainer. Core cannot touch navigator.gpu (the device
 * code lives in workers/dense-gpu.ts), so the runtime that has one registers an opener here:
 * the engine worker does at start; Node (the CLI) registers none, and the MLP trains as before.
 */
let opener: (() => Promise<DenseGpuDevice | null>) | null = null;
let opened: Promise<DenseGpuDevice | null> | null = null;

export function provideDenseGpu(open: () => Promise<DenseGpuDevice | null>): void {
	opener = open;
	opened = null;
}

/** The registered device, opened once and shared; null where none is registered or it fails to open. */
export function denseGpu(): Promise<DenseGpuDevice | null> {
	if (!opener) return Promise.resolve(null);
	opened ??= opener().catch(() => null);
	return opened;
}
