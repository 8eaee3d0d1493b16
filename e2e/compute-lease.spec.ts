import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** `rows` rows × 10 numbers and a yes/no label (over 1 MB at 20,000 rows: the parallel CSV reader's size). */
function wideCsv(rows: number, seed: number): string {
	const lines = ['x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,label'];
	let state = seed;
	const next = () => {
		state = (state * 1103515245 + 12345) % 2147483648;
		return state / 2147483648;
	};
	for (let i = 0; i < rows; i++) {
		const x = Array.from({ length: 10 }, () => Math.round((next() * 2 - 1) * 1000) / 1000);
		const label = x[0] + x[1] * x[2] - x[3] * 0.5 + (next() - 0.5) * 0.4 > 0 ? 'yes' : 'no';
		lines.push(`${x.join(',')},${label}`);
	}
	return lines.join('\n') + '\n';
}

test('a CSV imported while gradient boosting holds the compute pool is stored while the training still runs', async ({ page }) => {
	test.setTimeout(300_000);
	await createProject(page, 'Lease');
	expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
	const upload = (name: string, rows: number, seed: number) =>
		page.getByTestId('upload-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(wideCsv(rows, seed), 'utf8') });
	await upload('wide.csv', 40_000, 12345);
	await expect(page.getByTestId('status-line')).toContainText('Imported wide.csv: 40,000 rows × 11 columns.', { timeout: 60_000 });

	await page.getByTestId('quick-model').click();
	const dataset = page.getByTestId('quick-dataset');
	const uploaded = await dataset.locator('option[value^="stored:"]', { hasText: 'wide' }).getAttribute('value');
	await dataset.selectOption(uploaded!);
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'label' })).not.toHaveCount(0);
	await page.getByTestId('quick-target').selectOption('label');
	await page.getByTestId('quick-family').selectOption('gbdt');
	await page.getByTestId('quick-go').click();
	const gbdt = flowNode(page, 'model.gbdt').locator('[data-status]');
	await expect(gbdt).toHaveAttribute('data-status', /done|cached/, { timeout: 180_000 });

	// Boost for a long time: thousands of rounds, no early stopping. The fit holds the pool throughout.
	await flowNode(page, 'model.gbdt').click();
	await page.locator('#param-input-earlyStopping').selectOption('off');
	const rounds = page.locator('#param-input-maxIter');
	await rounds.fill('10000');
	await rounds.blur();
	await expect(rounds).toHaveValue('10000');
	await expect(gbdt).toHaveAttribute('data-status', 'idle');
	await page.getByTestId('run-all').click();
	await expect(gbdt).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
	await expect(page.getByTestId('running-status')).toBeVisible({ timeout: 60_000 });

	// The import does not wait for the fit: it is stored, and its Dataset node added, while the boosting runs.
	await upload('second.csv', 30_000, 777);
	await expect(page.getByTestId('status-line')).toContainText('Imported second.csv: 30,000 rows × 11 columns.', { timeout: 60_000 });
	expect(await gbdt.getAttribute('data-status')).toBe('running');
	await page.screenshot({ path: join(SHOTS, 'compute-lease-import-while-training.png') });

	// Cancel still stops the fit.
	await page.getByTestId('cancel-run').click();
	await expect(page.getByTestId('status-line')).toContainText('Run cancelled.', { timeout: 60_000 });
	await expect(gbdt).not.toHaveAttribute('data-status', 'running');
	await expect(page.getByTestId('run-all')).toBeEnabled();
});
