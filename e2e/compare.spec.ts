import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, buildQuickModel, createProject, dragHandle, fitView, flowNode, handle, storedPipeline } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

test('Compare models on wine fills a leaderboard live, and Use this model wires the winner after the Split', async ({ page }) => {
	test.setTimeout(240_000);
	await createProject(page, 'Compare wine');
	await buildQuickModel(page, 'wine', 'cultivar');
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await addFromPalette(page, 'compare', 'evaluate.compare-models', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'split.train-test'), 'source', 'data'),
		handle(flowNode(page, 'evaluate.compare-models'), 'target', 'data')
	);
	await flowNode(page, 'evaluate.compare-models').getByText('Compare models').click();
	// Every family that fits the task is checked by default.
	for (const family of ['logistic', 'forest', 'gbdt', 'knn', 'mlp'])
		await expect(page.getByRole('checkbox', { name: family, exact: true })).toBeChecked();
	// Ten folds: long enough to watch the board fill in.
	await page.locator('#param-input-folds').fill('10');
	await page.locator('#param-input-folds').press('Tab');
	await page.getByTestId('run-to-here').click();

	// Families stream in as they finish: the board fills in row by row while the node runs.
	const live = page.locator('[data-testid="leaderboard-view"][data-live="true"]');
	await expect(live).toBeVisible({ timeout: 60_000 });
	await expect(live.getByTestId('leaderboard-pending')).toHaveText(/^[1-7] of 7 families finished/);
	await expect(live.getByTestId('leaderboard-row').first()).toContainText(/accuracy|0\.\d{3}/);
	// No Use this model before the comparison is complete.
	await expect(live.getByTestId('leaderboard-use')).toHaveCount(0);
	await expect(page.getByTestId('running-status')).toContainText(/[1-7]\/7 families/);
	await page.screenshot({ path: join(SHOTS, 'compare-live.png') });
	await expect(flowNode(page, 'evaluate.compare-models').locator('[data-status]')).toHaveAttribute('data-status', 'done', {
		timeout: 180_000
	});

	const board = page.getByTestId('leaderboard-view');
	await expect(board).toBeVisible();
	await expect(board).toContainText(/7 families on 10-fold cross-validation: best [a-z-]+: accuracy 0\.9\d{3}/);
	await expect(board).toContainText('Not compared: linear: learns regression only.');
	const rows = page.getByTestId('leaderboard-row');
	await expect(rows).toHaveCount(7);
	// Best first, highlighted, and each row's ten fold scores drawn.
	await expect(rows.first()).toHaveClass(/best/);
	await expect(rows.first().getByTestId('leaderboard-hint')).toHaveText('best');
	await expect(rows.nth(1).getByTestId('leaderboard-hint')).toHaveText(/^(tie|worse) · p (0\.\d{3}|< 0\.001|1\.000)$/);
	await expect(rows.first().locator('svg circle')).toHaveCount(10);
	const scores = await rows.locator('td:nth-child(3)').allTextContents();
	const means = scores.map((s) => parseFloat(s));
	expect([...means].sort((a, b) => b - a)).toEqual(means);
	await page.screenshot({ path: join(SHOTS, 'compare-leaderboard.png') });

	// Use this model: the winner's node, behind the same preparation, fed by the Split.
	const winner = (await rows.first().getAttribute('data-family'))!;
	const before = (await storedPipeline(page))!.nodes.length;
	await rows.first().getByTestId('leaderboard-use').click();
	await expect(page.getByText(/Added .* after the data Compare models read/)).toBeVisible();
	await expect.poll(async () => (await storedPipeline(page))!.nodes.length).toBe(before + 4);
	const doc = (await storedPipeline(page))!;
	const edges = doc.edges as { from: { node: string }; to: { node: string } }[];
	const type = (id: string) => doc.nodes.find((n) => n.id === id)!.type;
	const added = doc.nodes.filter((n) => n.type === `model.${winner}`).at(-1)!;
	const chain = [added.type];
	for (let at = added.id; ;) {
		const e = edges.find((x) => x.to.node === at);
		if (!e) break;
		at = e.from.node;
		chain.unshift(type(at));
		if (type(at) === 'split.train-test') break;
	}
	expect(chain).toEqual(['split.train-test', 'clean.missing', 'features.one-hot', 'clean.scale', `model.${winner}`]);
	await fitView(page);
	await page.screenshot({ path: join(SHOTS, 'compare-use-this-model.png') });

	// Every family is its own experiment, next to the comparison.
	await page.getByTestId('open-experiments').click();
	await page.getByTestId('experiments-kind').selectOption('cross-validation');
	await expect(page.getByTestId('experiment-row')).toHaveCount(8);
	await expect(page.getByTestId('experiments-table')).toContainText(`Compare models · ${winner}`);
});
