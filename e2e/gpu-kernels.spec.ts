import { expect, test, type Page } from '@playwright/test';
import { buildQuickModel } from './studio-kit';

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
	// The page sets the promise once it has mounted; reading it before then gives undefined.
	await page.waitForFunction(() => 'tesseraGpuCheck' in window);
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

/** A Quick model neural network on iris with the backend picked in the header; its test metrics as shown. */
async function irisMetrics(page: Page, backend: string): Promise<{ backend: string; metrics: Record<string, string> }> {
	await page.goto('/');
	await page.getByTestId('new-project').click();
	await page.getByTestId('project-name-input').fill(`Iris MLP on ${backend}`);
	await page.getByTestId('project-name-input').press('Enter');
	await page.waitForURL(/\/studio/);
	await page.getByTestId('backend-select').selectOption(backend);
	await buildQuickModel(page, 'iris', 'species', 'mlp');
	// WebGPU here is SwiftShader, on which iris trains in one to two minutes.
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(/^\d\.\d{4}$/, { timeout: 240_000 });
	const metrics: Record<string, string> = {};
	for (const key of ['accuracy', 'f1', 'roc-auc']) metrics[key] = (await page.getByTestId(`metric-test-${key}`).textContent()) ?? '';
	await page.screenshot({ path: `e2e/.output/gpu-iris-${backend}.png` });
	await page.locator('.svelte-flow__node [data-type="model.mlp"]').first().click();
	return { backend: (await page.getByTestId('model-backend').textContent()) ?? '', metrics };
}

test('a neural network trained on WebGPU (our WGSL kernels) scores as the one trained on the CPU kernels', async ({ page }) => {
	test.setTimeout(540_000);
	const cpu = await irisMetrics(page, 'wasm');
	const gpu = await irisMetrics(page, 'webgpu');
	expect(cpu.backend).toBe('tessera-wasm-simd');
	expect(gpu.backend).toBe('tessera-webgpu');
	console.log(`iris test metrics: CPU ${JSON.stringify(cpu.metrics)}, WebGPU ${JSON.stringify(gpu.metrics)}`);
	// Shown to 4 decimals: the same text is the same metric to 1e-4.
	expect(gpu.metrics).toEqual(cpu.metrics);
	expect(Number(gpu.metrics.accuracy)).toBeGreaterThan(0.85);
});

/**
 * The CNN's WGSL convolution kernels (core/ml/conv/wgsl.ts) on the same page and device against
 * the TypeScript reference kernels (conv/cpu.ts, checked against tf.conv2d in cpu.test.ts):
 * conv (+ ReLU), max-pool and their gradients on shapes with ragged tiles, a second run's filter
 * gradient bit for bit, and gradients against finite differences (conv/gpu-agreement.ts).
 */
test('the WGSL convolution kernels agree with the reference kernels to 1e-4', async ({ page }) => {
	test.setTimeout(300_000);
	await page.goto('/gpu-check');
	await page.waitForFunction(() => 'tesseraConvCheck' in window);
	const report = await page.evaluate(() => (window as unknown as { tesseraConvCheck: Promise<unknown> }).tesseraConvCheck);
	expect(report, JSON.stringify(report)).not.toHaveProperty('error');
	const { checks, device } = report as { checks: Check[]; device: string };
	console.log(`WebGPU device: ${device}`);
	for (const c of checks) console.log(`${c.worst.toExponential(2)} ≤ ${c.tolerance}  ${c.name}`);
	// Six shapes × six outputs, the bit-for-bit rerun and the finite differences.
	expect(checks.length).toBe(38);
	for (const c of checks) expect(c.worst, c.name).toBeLessThanOrEqual(c.tolerance);
	await expect(page.getByTestId('conv-check')).toContainText('finite differences');
	await page.screenshot({ path: 'e2e/.output/gpu-check-conv.png', fullPage: true });
});
