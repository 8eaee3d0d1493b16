import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

test('evaluation charts with a live threshold, and an explained boosted model', async ({ page }) => {
	test.setTimeout(180_000);
	await createProject(page, 'Evaluate penguins');
	await buildQuickModel(page, 'penguins', 'Species');
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

	for (const [query, type] of [
		['charts', 'evaluate.diagnostics'],
		['explain', 'evaluate.explain']
	] as const) {
		await addFromPalette(page, query, type, true);
		await fitView(page);
		await dragHandle(page, handle(flowNode(page, 'model.gbdt'), 'source', 'model'), handle(flowNode(page, type), 'target', 'model'));
		await dragHandle(page, handle(flowNode(page, 'clean.scale'), 'source', 'data'), handle(flowNode(page, type), 'target', 'data'));
		await flowNode(page, type)
			.locator('[data-type]')
			.click({ position: { x: 30, y: 8 } });
		await page.getByTestId('run-to-here').click();
		await expect(flowNode(page, type).locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	}

	// The charts: ROC and friends, and a threshold that recomputes on the page.
	// (Click the node's title: edges drawn across its body would take the click.)
	await flowNode(page, 'evaluate.diagnostics').getByText('Evaluation charts').click();
	await expect(page.getByTestId('diagnostics-view')).toBeVisible();
	const slider = page.getByTestId('threshold-slider');
	await slider.fill('0.05');
	await expect(page.getByTestId('threshold-value')).toHaveText('0.05');
	const lowRecall = await page.getByTestId('threshold-recall').textContent();
	await slider.fill('0.99');
	await expect(page.getByTestId('threshold-value')).toHaveText('0.99');
	// A stricter threshold can only call fewer rows positive: recall never rises.
	const highRecall = await page.getByTestId('threshold-recall').textContent();
	expect(parseFloat(highRecall!)).toBeLessThanOrEqual(parseFloat(lowRecall!));
	await page.screenshot({ path: join(SHOTS, 'evaluation-diagnostics.png') });

	// The explanation: permutation importance and mean |SHAP| per feature.
	await flowNode(page, 'evaluate.explain').getByText('Explain model').click();
	const report = page.getByTestId('report-view');
	await expect(report).toBeVisible();
	await expect(report).toContainText(/Flipper Length|Beak Length|Beak Depth/);
	await expect(report).toContainText(/SHAP/);
	await page.screenshot({ path: join(SHOTS, 'evaluation-explain.png') });

	// Metrics by segment: the held-out rows split by flipper length, worst segment first.
	await addFromPalette(page, 'segment', 'evaluate.segments', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'model.gbdt'), 'source', 'model'),
		handle(flowNode(page, 'evaluate.segments'), 'target', 'model')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'clean.scale'), 'source', 'data'),
		handle(flowNode(page, 'evaluate.segments'), 'target', 'data')
	);
	await flowNode(page, 'evaluate.segments')
		.locator('[data-type]')
		.click({ position: { x: 30, y: 8 } });
	await page.locator('#param-input-column').selectOption('Flipper Length (mm)');
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'evaluate.segments').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await expect(page.getByTestId('report-view')).toContainText('(all rows)');
	await page.screenshot({ path: join(SHOTS, 'evaluation-segments.png') });
});
