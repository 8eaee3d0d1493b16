import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** Penguins → quick boosted model, plus a Tune node wired to the model and the Split's rows. */
async function boostedPenguinsWithTune(page: Page, name: string) {
	await createProject(page, name);
	await buildQuickModel(page, 'penguins', 'Species');
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await addFromPalette(page, 'tune', 'evaluate.tune', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'model.gbdt'), 'source', 'model'),
		handle(flowNode(page, 'evaluate.tune'), 'target', 'model')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'split.train-test'), 'source', 'data'),
		handle(flowNode(page, 'evaluate.tune'), 'target', 'data')
	);
	await flowNode(page, 'evaluate.tune').getByText('Tune hyperparameters').click();
}

test("a Bayesian search over the boosted model's ranges, trials in parallel workers, best settings applied in one click", async ({
	page
}) => {
	test.setTimeout(240_000);
	await boostedPenguinsWithTune(page, 'Tune penguins');

	// The inspector lists the model's settings with its default ranges ticked.
	const editor = page.getByTestId('search-space-editor');
	await expect(editor).toContainText('Default ranges of Gradient-boosted trees');
	await expect(page.getByTestId('space-row-learningRate').locator('input[type="checkbox"]').first()).toBeChecked();
	// Narrow the learning rate: the space becomes the node's own text.
	await page.getByRole('spinbutton', { name: 'learningRate from' }).fill('0.05');
	await page.getByRole('spinbutton', { name: 'learningRate from' }).press('Tab');
	await editor.screenshot({ path: join(SHOTS, 'tune-space-editor.png') });
	await page.getByTestId('search-space-as-text').click();
	await expect(editor.locator('textarea')).toHaveValue(/learningRate: 0\.05 \.\. \S+ log/);
	await page.locator('#param-input-budget').fill('10');
	await page.locator('#param-input-budget').press('Tab');
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'evaluate.tune').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

	const view = page.getByTestId('tune-view');
	await expect(view).toBeVisible();
	await expect(view).toContainText('Bayesian (TPE)');
	// Trials ran side by side in the pool (one worker per core, at least two).
	await expect(view).toContainText(/10 done of 10 · [2-4] at once/);
	await expect(page.getByTestId('tune-trials').locator('tbody tr')).toHaveCount(10);
	await expect(page.getByTestId('trials-chart')).toBeVisible();
	const rates = await page.getByTestId('tune-trials').locator('tbody tr td:nth-child(3)').allTextContents();
	expect(rates.every((r) => parseFloat(r) >= 0.05)).toBe(true);
	await page.screenshot({ path: join(SHOTS, 'tune-trials.png') });
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tune-export-csv').click()]);
	const csv = readFileSync((await download.path())!, 'utf8')
		.trimEnd()
		.split('\r\n');
	expect(csv[0]).toMatch(/^trial,accuracy,learningRate,maxLeafNodes,minSamplesLeaf,l2Regularization,/);
	expect(csv).toHaveLength(11);

	// Apply: the model node takes the best trial's settings.
	const bestText = await page.getByTestId('tune-best').textContent();
	const bestRate = /learningRate = ([\d.e-]+)/.exec(bestText!)![1];
	await page.getByTestId('tune-apply').click();
	await expect(page.getByTestId('tune-apply')).toHaveText(/^Applied to Gradient-boosted trees/);
	await flowNode(page, 'model.gbdt').getByText('Gradient-boosted trees').click();
	expect(Number(await page.locator('#param-input-learningRate').inputValue())).toBeCloseTo(Number(bestRate), 3);

	// Cross-validate the tuned model: its recipe refitted per fold, each fold's figures charted.
	await addFromPalette(page, 'cross', 'evaluate.cross-validate', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'model.gbdt'), 'source', 'model'),
		handle(flowNode(page, 'evaluate.cross-validate'), 'target', 'model')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'split.train-test'), 'source', 'data'),
		handle(flowNode(page, 'evaluate.cross-validate'), 'target', 'data')
	);
	await flowNode(page, 'evaluate.cross-validate').getByText('Cross-validate').click();
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'evaluate.cross-validate').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
		timeout: 120_000
	});
	await expect(page.getByTestId('folds-chart').locator('svg')).toHaveCount(3);
	await expect(page.getByTestId('report-view')).toContainText(/5-fold stratified cross-validation of gbdt: accuracy 0\.9\d+ ± 0\.\d+/);
	await page.screenshot({ path: join(SHOTS, 'tune-cross-validate.png') });

	// The search and the cross-validation are experiments too, with their headline figures.
	await page.getByTestId('open-experiments').click();
	await page.getByTestId('experiments-kind').selectOption('search');
	await expect(page.getByTestId('experiment-row')).toHaveCount(1);
	await expect(page.getByTestId('experiments-table')).toContainText('Tune hyperparameters');
	await expect(page.getByTestId('experiments-table')).toContainText(/best accuracy/);
	await page.getByTestId('experiments-kind').selectOption('cross-validation');
	await expect(page.getByTestId('experiment-row')).toHaveCount(1);
	await expect(page.getByTestId('experiments-table')).toContainText(/cv accuracy mean/);
});

test('Cancel stops a long search and keeps its finished trials', async ({ page }) => {
	test.setTimeout(240_000);
	await boostedPenguinsWithTune(page, 'Cancel a search');
	await page.locator('#param-input-strategy').selectOption('random');
	await page.locator('#param-input-budget').fill('400');
	await page.locator('#param-input-budget').press('Tab');
	await page.getByTestId('run-to-here').click();
	// Trials stream in as they finish: the live list and the best-so-far curve.
	await expect(page.getByTestId('live-notes').locator('li').nth(3)).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('live-curves')).toBeVisible();
	await page.screenshot({ path: join(SHOTS, 'tune-live.png') });
	await page.getByTestId('cancel-run').click();
	await expect(flowNode(page, 'evaluate.tune').getByTestId('node-note')).toHaveText(/^cancelled: kept \d+ finished trials?$/, {
		timeout: 30_000
	});
	await expect(page.getByTestId('tune-stopped')).toBeVisible();
	const kept = await page.getByTestId('tune-trials').locator('tbody tr').count();
	expect(kept).toBeGreaterThanOrEqual(4);
	expect(kept).toBeLessThan(400);
	await page.screenshot({ path: join(SHOTS, 'tune-cancelled.png') });
});
