import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

// A tall window, so the results panel holds a whole chart for the screenshots.
test.use({ viewport: { width: 1600, height: 1500 } });

/** Quick model on penguins with `family`, then Explain model fed its model and scaled rows, run with a PDP feature. */
async function explainPenguins(page: Page, family: string) {
	await createProject(page, `Explain ${family}`);
	await buildQuickModel(page, 'penguins', 'Species', family);
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

	await addFromPalette(page, 'explain', 'evaluate.explain', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, `model.${family}`), 'source', 'model'),
		handle(flowNode(page, 'evaluate.explain'), 'target', 'model')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'clean.scale'), 'source', 'data'),
		handle(flowNode(page, 'evaluate.explain'), 'target', 'data')
	);
	await flowNode(page, 'evaluate.explain')
		.locator('[data-type]')
		.click({ position: { x: 30, y: 8 } });
	await page.locator('#param-input-feature').selectOption('Flipper Length (mm)');
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'evaluate.explain').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await flowNode(page, 'evaluate.explain').getByText('Explain model').click();
	await expect(page.getByTestId('explain-view')).toBeVisible();
}

/** The waterfall's f(x) for `row`, after the picker moves there. */
async function waterfallAt(page: Page, row: number): Promise<string> {
	await page.getByTestId('explain-row').fill(String(row));
	const fx = page.getByTestId('waterfall-fx');
	await expect(fx).toHaveText(/^f\(x\) = /);
	return (await page.getByTestId('waterfall').textContent()) ?? '';
}

test('explain a boosted model (TreeSHAP) and a logistic one (KernelSHAP): beeswarm, waterfall per row, PDP/ICE', async ({ page }) => {
	test.setTimeout(300_000);
	for (const [family, method] of [
		['gbdt', /exact TreeSHAP/],
		['logistic', /KernelSHAP: \d+ coalitions \(all enumerated\) × 50 background rows/]
	] as const) {
		await explainPenguins(page, family);
		const view = page.getByTestId('explain-view');
		await expect(page.getByTestId('shap-method')).toHaveText(method);
		// One beeswarm row per feature: 9 model features once Island and Sex are one-hot encoded.
		await expect(page.getByTestId('beeswarm').locator('circle').first()).toBeVisible();
		expect(await page.getByTestId('beeswarm').locator('circle').count()).toBeGreaterThan(9 * 20);
		await expect(page.getByTestId('importance-bars')).toContainText(/Flipper Length|Beak Length|Beak Depth/);
		await expect(page.getByTestId('pdp-chart').locator('path.ice').first()).toBeAttached();
		// The table stays below the charts.
		await expect(view.getByTestId('report-view')).toContainText('mean |SHAP|');

		// Another row: another f(x) and other bars.
		const first = await waterfallAt(page, 1);
		const other = await waterfallAt(page, 7);
		expect(other).not.toEqual(first);
		await expect(page.getByTestId('waterfall')).toContainText(/= /);
		for (const chart of ['importance-bars', 'beeswarm', 'waterfall', 'pdp-chart'])
			await page.getByTestId(chart).screenshot({ path: join(SHOTS, `explain-${family}-${chart}.png`) });

		// Another class: the beeswarm's axis names it.
		await page.getByTestId('explain-output').selectOption({ index: 2 });
		await expect(page.getByTestId('beeswarm')).toContainText(family === 'gbdt' ? 'margin of Gentoo' : 'probability of Gentoo');
		await page.screenshot({ path: join(SHOTS, `explain-${family}-page.png`) });
	}
});
