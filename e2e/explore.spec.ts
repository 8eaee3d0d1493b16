import { expect, test, type Page } from '@playwright/test';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, buildQuickModel } from './studio-kit';

/** Connect the (single) Dataset node to a node of `type`, select that node and run to it. */
async function wireAndRun(page: Page, type: string) {
	const target = flowNode(page, type);
	await fitView(page);
	const edges = await page.locator('.svelte-flow__edge').count();
	await dragHandle(page, handle(flowNode(page, 'io.dataset'), 'source', 'data'), handle(target, 'target', 'data'));
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(edges + 1);
	await target.locator('.head').click();
	await page.getByTestId('run-to-here').click();
	await expect(target.locator('[data-status]')).toHaveAttribute('data-status', /done|cached/, { timeout: 60_000 });
}

test('clicking a correlation cell opens a scatter plot of that pair', async ({ page }) => {
	test.setTimeout(180_000);
	await createProject(page, 'Correlations');
	await buildQuickModel(page, 'penguins', 'Species');

	await addFromPalette(page, 'correlations', 'explore.correlations', true);
	await wireAndRun(page, 'explore.correlations');
	await expect(page.getByTestId('correlation-view')).toBeVisible();

	// Category pairs cannot be clicked; number pairs can.
	const blocked = page.locator('[data-testid="heatmap-cell"][data-row="Species"][data-col="Island"]');
	if ((await blocked.count()) > 0) await expect(blocked).not.toHaveAttribute('role', 'button');
	const cell = page.locator('[data-testid="heatmap-cell"][data-row="Body Mass (g)"][data-col="Flipper Length (mm)"]');
	await expect(cell).toHaveAttribute('role', 'button');
	await cell.click();

	await expect(flowNode(page, 'explore.scatter')).toHaveCount(1);
	await expect(page.getByTestId('inspector').locator('h2')).toHaveText('Scatter plot');
	await expect(page.getByTestId('scatter-view')).toBeVisible({ timeout: 60_000 });
	await expect(page.getByTestId('scatter-canvas').locator('canvas').first()).toBeVisible();
});

test('a data-quality warning links to the profile card of its column', async ({ page }) => {
	test.setTimeout(180_000);
	await createProject(page, 'Quality');
	const rows = ['id,a,b,c,d,e,f,g,h,site'];
	for (let i = 0; i < 60; i++)
		rows.push([i, i % 7, (i * 3) % 11, i % 5, (i * 7) % 13, i % 3, (i * 5) % 17, i % 4, (i * 11) % 19, 'north'].join(','));
	await page
		.getByTestId('upload-input')
		.setInputFiles({ name: 'sites.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
	await expect(page.getByTestId('status-line')).toContainText('Imported sites.csv', { timeout: 45_000 });
	await expect(page.locator('.svelte-flow__node [data-type="io.dataset"]')).toHaveCount(1);

	await addFromPalette(page, 'quality', 'explore.quality', true);
	await wireAndRun(page, 'explore.quality');
	const warning = page.getByTestId('quality-warning').filter({ hasText: 'single value' });
	await expect(warning).toHaveCount(1);
	await warning.getByTestId('quality-column').click();

	await expect(flowNode(page, 'explore.profile')).toHaveCount(1);
	await expect(page.getByTestId('profile-view')).toBeVisible({ timeout: 60_000 });
	const card = page.locator('[data-testid="profile-card"][data-column="site"]');
	await expect(card).toHaveClass(/focused/);
	await expect(card).toBeInViewport();
	await expect(page.locator('[data-testid="profile-card"].focused')).toHaveCount(1);
});
