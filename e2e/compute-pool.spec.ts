import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** 40,000 rows × 10 numbers and a yes/no label: enough cells for the fit to use the compute pool. */
function wideCsv(): string {
	const lines = ['x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,label'];
	let state = 12345;
	const next = () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
	for (let i = 0; i < 40_000; i++) {
		const x = Array.from({ length: 10 }, () => Math.round((next() * 2 - 1) * 1000) / 1000);
		const label = x[0] + x[1] * x[2] - x[3] * 0.5 + (next() - 0.5) * 0.4 > 0 ? 'yes' : 'no';
		lines.push(`${x.join(',')},${label}`);
	}
	return lines.join('\n') + '\n';
}

test('gradient boosting on a large table trains on the compute pool: threads nested in the engine worker', async ({ page }) => {
	test.setTimeout(240_000);
	await createProject(page, 'Pool');
	expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
	const cores = await page.evaluate(() => navigator.hardwareConcurrency);
	await page.getByTestId('upload-input').setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(wideCsv(), 'utf8') });
	await expect(page.getByTestId('status-line')).toContainText('Imported wide.csv: 40,000 rows × 11 columns.', { timeout: 60_000 });

	await page.getByTestId('quick-model').click();
	const dataset = page.getByTestId('quick-dataset');
	const uploaded = await dataset.locator('option[value^="stored:"]', { hasText: 'wide' }).getAttribute('value');
	await dataset.selectOption(uploaded!);
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'label' })).not.toHaveCount(0);
	await page.getByTestId('quick-target').selectOption('label');
	await page.getByTestId('quick-family').selectOption('gbdt');
	await page.getByTestId('quick-go').click();

	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
	await flowNode(page, 'evaluate.metrics').click();
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(/^\d\.\d{4}$/);
	const accuracy = Number(await page.getByTestId('metric-test-accuracy').textContent());
	expect(accuracy).toBeGreaterThan(0.85);
	await flowNode(page, 'model.gbdt').click();
	// One thread per core (at most 8) where the page is cross-origin isolated.
	await expect(page.getByTestId('model-train-time')).toContainText(`on ${Math.min(8, cores)} threads`);
	await page.getByTestId('model-train-time').scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SHOTS, 'compute-pool-gbdt-model.png') });
});
