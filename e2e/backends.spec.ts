import { expect, test, type Page } from '@playwright/test';
import { buildQuickModel } from './studio-kit';

/** The neural network trains in the worker on the backend the user picks, and says which it used. */
async function trainIrisMlp(page: Page, backend: string): Promise<number[]> {
	await page.goto('/');
	await page.getByTestId('new-project').click();
	await page.getByTestId('project-name-input').fill(`Iris on ${backend}`);
	await page.getByTestId('project-name-input').press('Enter');
	await page.waitForURL(/\/studio/);
	await page.getByTestId('backend-select').selectOption(backend);
	await buildQuickModel(page, 'iris', 'species', 'mlp');
	const accuracy = page.getByTestId('metric-test-accuracy');
	// WebGPU here is SwiftShader, on which our WGSL kernels train iris in one to two minutes.
	await expect(accuracy).toHaveText(/^\d\.\d{4}$/, { timeout: backend === 'webgpu' ? 240_000 : 90_000 });
	const onCpu = backend === 'wasm' || backend === 'cpu';
	await page.locator('.svelte-flow__node [data-type="model.mlp"]').first().click();
	// On the CPU backends our own SIMD kernels train by default, on WebGPU our WGSL kernels;
	// TensorFlow.js keeps WebGL.
	await expect(page.getByTestId('model-backend')).toHaveText(
		onCpu ? 'tessera-wasm-simd' : backend === 'webgpu' ? 'tessera-webgpu' : backend
	);
	await page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first().click();
	const accuracies = [Number(await accuracy.textContent())];
	if (onCpu) {
		// ... and TensorFlow.js still trains there when asked to.
		await page.locator('.svelte-flow__node [data-type="model.mlp"]').first().click();
		await page.locator('#param-input-engine').selectOption('tensorflow.js');
		await page.getByTestId('run-all').click();
		await expect(page.getByTestId('model-backend')).toHaveText(backend, { timeout: 90_000 });
		await page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first().click();
		await expect(accuracy).toHaveText(/^\d\.\d{4}$/, { timeout: 90_000 });
		accuracies.push(Number(await accuracy.textContent()));
	}
	return accuracies;
}

for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu']) {
	test(`the neural network learns iris on the ${backend} backend`, async ({ page }) => {
		test.setTimeout(backend === 'webgpu' ? 360_000 : 180_000);
		for (const accuracy of await trainIrisMlp(page, backend)) expect(accuracy).toBeGreaterThanOrEqual(0.85);
	});
}

test('the studio shows the backend auto picks here: WASM, not a software WebGPU', async ({ page }) => {
	await page.goto('/');
	await page.getByTestId('new-project').click();
	await page.getByTestId('project-name-input').fill('Backends');
	await page.getByTestId('project-name-input').press('Enter');
	await page.waitForURL(/\/studio/);
	// No GPU on the test machines: WebGPU (if any) is SwiftShader, so auto must resolve to wasm.
	await expect(page.getByTestId('backend-active')).toHaveText('wasm');
});
