import { gpuAgreement, type AgreementReport } from '../core/ml/dense/gpu-agreement';
import { openDenseGpu } from '../../../workers/dense-gpu';
import { convAgreement } from '../core/ml/conv/gpu-agreement';
import { openConvGpu } from '../../../workers/conv-gpu';

/**
 * The WGSL kernels against the CPU kernels on this page's WebGPU device (the hidden /gpu-check
 * page that e2e/gpu-kernels.spec.ts drives), or why there is no device.
 */
export async function checkGpuKernels(): Promise<AgreementReport | { error: string }> {
	const opened = await openDenseGpu();
	if ('error' in opened) return opened;
	return gpuAgreement(opened.device);
}

/** The WGSL convolution kernels against the TypeScript reference kernels on this page's WebGPU device. */
export async function checkConvKernels(): Promise<AgreementReport | { error: string }> {
	const opened = await openConvGpu();
	if ('error' in opened) return opened;
	return convAgreement(opened.device);
}
