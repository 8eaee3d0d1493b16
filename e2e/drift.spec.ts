import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fitView, flowNode } from './studio-kit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = join(ROOT, 'e2e', '.output');
/**
 * penguins → Split (Species) → gradient boosting; the Split's output is the reference (its
 * training rows), a Filter keeping the male penguins is the current data — shifted on purpose:
 * males are heavier, while each island's share of them is the island's share of all penguins.
 */
const FIXTURE = join(ROOT, 'e2e', 'fixtures', 'penguins-drift.tessera.json');

test('the Data drift node flags a shifted column and not an unshifted one, with prediction drift and current metrics', async ({ page }) => {
	test.setTimeout(180_000);
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto('/');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open-pipeline-file').click()]);
	await chooser.setFiles(FIXTURE);
	await page.waitForURL(/\/studio/);
	await expect(page.locator('.svelte-flow__node [data-type]')).toHaveCount(5);
	await fitView(page);

	const drift = flowNode(page, 'monitor.drift');
	await drift.locator('.head').click();
	await page.getByTestId('run-to-here').click();
	await expect(drift.locator('[data-status]')).toHaveAttribute('data-status', /done|cached/, { timeout: 90_000 });

	const view = page.getByTestId('drift-view');
	await expect(view).toBeVisible();
	// Body mass moves with sex; the island mix does not.
	await expect(view.locator('[data-testid="drift-row"][data-column="Body Mass (g)"]')).toHaveAttribute('data-drifted', 'true');
	await expect(view.locator('[data-testid="drift-row"][data-column="Sex"]')).toHaveAttribute('data-drifted', 'true');
	await expect(view.locator('[data-testid="drift-row"][data-column="Island"]')).toHaveAttribute('data-drifted', 'false');
	// The target is not an input column of the model, so it is not compared.
	await expect(view.locator('[data-testid="drift-row"][data-column="Species"]')).toHaveCount(0);
	await expect(page.getByTestId('drift-summary')).toContainText(/Dataset drift\s*\d of 6 columns drifted/);
	// Most drifted first: the first row is drifted, the chart shows it.
	await expect(view.getByTestId('drift-row').first()).toHaveAttribute('data-drifted', 'true');
	await expect(page.getByTestId('drift-chart').getByTestId('drift-distribution')).toBeVisible();
	await expect(page.getByTestId('prediction-drift')).toContainText('predicted labels');
	await expect(page.getByTestId('prediction-drift').getByTestId('drift-distribution')).toBeVisible();
	await expect(page.getByTestId('drift-metrics')).toContainText('Accuracy');
	await page.screenshot({ path: join(SHOTS, 'drift-view.png') });

	// A category column: its levels side by side.
	await view.locator('[data-testid="drift-row"][data-column="Island"]').click();
	await expect(page.getByTestId('drift-chart').locator('h4')).toContainText('Island');
	await page.getByTestId('drift-chart').scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SHOTS, 'drift-view-category.png') });
	// The model's blocks below: prediction drift, current against test metrics.
	await page.getByTestId('drift-metrics').scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SHOTS, 'drift-view-model.png') });
});
