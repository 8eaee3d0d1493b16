import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** Every pipeline node's data-status, by type. */
const statuses = (page: Page) =>
	page
		.locator('.svelte-flow__node [data-status]')
		.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-type')}=${e.getAttribute('data-status')}`).sort());

const modelNode = (page: Page) => page.locator('.svelte-flow__node').filter({ has: page.locator('[data-type^="model."]') });

test('results survive a reload: shown at once, Run all is served from them, and the model is one experiment', async ({ page }) => {
	test.setTimeout(180_000);
	await createProject(page, 'Kept penguins');
	await buildQuickModel(page, 'penguins', 'Species');
	const evaluate = flowNode(page, 'evaluate.metrics');
	await expect(evaluate.locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await expect(page.getByTestId('run-all')).toBeEnabled({ timeout: 30_000 });
	await evaluate.click();
	const accuracy = await page.getByTestId('metric-test-accuracy').textContent();
	expect(accuracy).toMatch(/^\d\.\d{4}$/);
	const nodes = await page.locator('.svelte-flow__node [data-status]').count();

	// Reload: every node shows its result at once, and nothing runs.
	await page.waitForTimeout(600); // autosave is debounced
	await page.reload();
	await expect(evaluate.locator('[data-status]')).toHaveAttribute('data-status', 'cached');
	expect(await statuses(page)).toEqual(expect.arrayContaining([expect.stringMatching(/=cached$/)]));
	expect((await statuses(page)).filter((s) => !s.endsWith('=cached'))).toEqual([]);
	await evaluate.click();
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(accuracy!);
	await expect(page.getByTestId('result-restored')).toBeVisible();
	await expect(page.getByTestId('status-line')).toContainText(`Showing ${nodes} results kept from an earlier run: nothing ran.`);
	await page.screenshot({ path: join(SHOTS, 'results-persist-metrics.png') });
	await modelNode(page).click();
	await expect(page.getByTestId('model-view')).toBeVisible();
	// The trained model itself is not kept: it can be saved once it has run again.
	await expect(page.getByTestId('save-to-registry')).toBeDisabled();
	await expect(page.getByTestId('run-all')).toBeEnabled();
	await expect(page.getByTestId('status-line')).not.toContainText('Running');
	await page.screenshot({ path: join(SHOTS, 'results-persist-reopened.png') });
	// A table shows its kept first rows, and says how to see the rest.
	await flowNode(page, 'split.train-test').click();
	await expect(page.getByTestId('rows-kept')).toContainText('Showing the first 200 of');
	await page.screenshot({ path: join(SHOTS, 'results-persist-table.png') });

	// Run all with nothing changed: every node is served from the kept results, none runs.
	await page.getByTestId('run-all').click();
	await expect(page.getByTestId('status-line')).toContainText('Run finished', { timeout: 30_000 });
	await expect(page.getByTestId('run-all')).toBeEnabled();
	const after = await statuses(page);
	expect(after).toHaveLength(nodes);
	expect(after.filter((s) => !s.endsWith('=cached'))).toEqual([]);
	await evaluate.click();
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(accuracy!);

	// The model was trained once: one experiment, not one per run.
	await page.getByTestId('open-experiments').click();
	await page.waitForURL(/\/experiments/);
	await expect(page.getByTestId('experiment-row')).toHaveCount(1);
	await page.waitForTimeout(500);
	await expect(page.getByTestId('experiment-row')).toHaveCount(1);

	// The projects page says how much the kept results take, and clears them.
	await page.goto('/');
	const usage = page.getByTestId('results-usage');
	await expect(usage).toContainText(/Results kept for reopening projects: [\d.]+ (KB|MB) of 64\.0 MB\s+\(\d+ node results\)/);
	await usage.scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SHOTS, 'results-persist-projects.png') });
	await page.getByTestId('clear-results').click();
	await expect(usage).toContainText('No results kept yet');

	// Cleared: the project reopens with idle nodes.
	await page.getByTestId('open-project').first().click();
	await page.waitForURL(/\/studio/);
	await expect(evaluate.locator('[data-status]')).toHaveAttribute('data-status', 'idle');
});
