import { expect, test } from '@playwright/test';

interface Check {
	name: string;
	worst: number;
	tolerance: number;
}

/**
 * The dense trainer's WGSL kernels on Chromium's WebGPU (SwiftShader on the test machines,
 * enabled by --enable-unsafe-webgpu in playwright.config.ts) against the CPU kernels, on fixed
 * seeded data: forward activations, error signals, gradients, one Adam step, gradients against
 * finite differences and a few epochs' loss curves (core/ml/dense/gpu-agreement.ts). Nothing
 * here times anything.
 */
test('the WGSL dense kernels agree with the CPU kernels to 1e-4', async ({ page }) => {
	test.setTimeout(300_000);
	await page.goto('/gpu-check');
	const report = await page.evaluate(() => (window as unknown as { tesseraGpuCheck: Promise<unknown> }).tesseraGpuCheck);
	expect(report, JSON.stringify(report)).not.toHaveProperty('error');
	const { checks, device, cpuKernels } = report as { checks: Check[]; device: string; cpuKernels: string };
	console.log(`WebGPU device: ${device}; CPU kernels: ${cpuKernels}`);
	for (const c of checks) console.log(`${c.worst.toExponential(2)} ≤ ${c.tolerance}  ${c.name}`);
	expect(cpuKernels).toBe('wasm-simd');
	expect(checks.length).toBe(38);
	for (const c of checks) expect(c.worst, c.name).toBeLessThanOrEqual(c.tolerance);
	await expect(page.getByTestId('gpu-check')).toContainText('one Adam step');
	await page.screenshot({ path: 'e2e/.output/gpu-check.png', fullPage: true });
});
