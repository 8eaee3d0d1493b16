import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

async function runAll(page: Page) {
	await page.getByTestId('run-all').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	// The run returns once its experiments are stored; the button comes back then.
	await expect(page.getByTestId('run-all')).toBeEnabled({ timeout: 30_000 });
}

const rows = (page: Page) => page.getByTestId('experiment-row');
const accuracyOf = async (page: Page, i: number) => Number(await rows(page).nth(i).locator('[data-col="test accuracy"]').textContent());

test('every model run is an experiment: sort, filter, annotate, compare, export and restore', async ({ page }) => {
	test.setTimeout(240_000);
	// A new browser has none yet: the page says how they get recorded.
	await page.goto('/experiments');
	await expect(page.getByTestId('experiments-empty')).toContainText('Every time a pipeline runs');
	await page.screenshot({ path: join(SHOTS, 'experiments-empty.png') });
	await createProject(page, 'Experiment penguins');
	await buildQuickModel(page, 'penguins', 'Species', 'logistic');
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await expect(page.getByTestId('run-all')).toBeEnabled({ timeout: 30_000 });
	const nodeCount = await page.locator('.svelte-flow__node').count();

	// Much stronger regularisation: the second run is another experiment with another C.
	await flowNode(page, 'model.logistic').getByText('Logistic regression').click();
	await page.locator('#param-input-C').fill('0.001');
	await page.locator('#param-input-C').press('Tab');
	await runAll(page);

	await page.getByTestId('open-experiments').click();
	await page.waitForURL(/\/experiments/);
	await expect(rows(page)).toHaveCount(2);
	await expect(rows(page).first().locator('[data-col="kind"]')).toHaveText('model');
	await expect(rows(page).first().locator('[data-col="family"]')).toHaveText('logistic');
	for (const i of [0, 1]) expect(await accuracyOf(page, i)).toBeGreaterThan(0.3);

	// Sort by test accuracy: descending first, then ascending; the header says which.
	const header = page.locator('th', { has: page.getByTestId('sort-test accuracy') });
	await page.getByTestId('sort-test accuracy').click();
	await expect(header).toHaveAttribute('aria-sort', 'descending');
	const [hi, lo] = [await accuracyOf(page, 0), await accuracyOf(page, 1)];
	expect(hi).toBeGreaterThanOrEqual(lo);
	await page.getByTestId('sort-test accuracy').click();
	await expect(header).toHaveAttribute('aria-sort', 'ascending');
	expect(await accuracyOf(page, 0)).toBe(lo);

	// Star, tag and note the first row (the weaker model), then reload: all kept.
	const first = rows(page).first();
	const id = await first.getAttribute('data-id');
	await first.getByTestId('star-experiment').click();
	await first.getByTestId('open-experiment').click();
	await page.getByTestId('tag-input').fill('too-strong');
	await page.getByTestId('tag-input').press('Enter');
	await page.getByTestId('experiment-notes').fill('C = 0.001 underfits');
	await page.getByTestId('experiment-notes').blur();
	await expect(first.getByTestId('tag-chip')).toHaveText('too-strong');
	await page.reload();
	const same = page.locator(`[data-testid="experiment-row"][data-id="${id}"]`);
	await expect(same.getByTestId('star-experiment')).toHaveAttribute('aria-pressed', 'true');
	await expect(same.getByTestId('tag-chip')).toHaveText('too-strong');
	await same.getByTestId('open-experiment').click();
	await expect(page.getByTestId('experiment-notes')).toHaveValue('C = 0.001 underfits');

	// Filter by text (a tag) and by the star.
	await page.getByTestId('experiments-filter').fill('too-strong');
	await expect(rows(page)).toHaveCount(1);
	await page.getByTestId('experiments-filter').fill('');
	await page.getByTestId('experiments-starred-only').check();
	await expect(rows(page)).toHaveCount(1);
	await page.getByTestId('experiments-starred-only').uncheck();
	await expect(rows(page)).toHaveCount(2);

	// Compare both: C is the param that differs, and it gets an axis of its own.
	for (const i of [0, 1]) await rows(page).nth(i).getByTestId('select-experiment').check();
	const compare = page.getByTestId('compare-view');
	await expect(compare).toBeVisible();
	await expect(compare.locator('[data-testid="param-row"][data-param="C"]')).toHaveAttribute('data-differs', 'true');
	await expect(compare.locator('[data-testid="param-row"][data-param="penalty"]')).toHaveAttribute('data-differs', 'false');
	await expect(compare.getByTestId('parallel-coordinates')).toBeVisible();
	await expect(compare.getByTestId('parallel-coordinates')).toContainText('C');
	await expect(compare.getByTestId('compare-curves')).toBeVisible();
	await expect(compare.locator('[data-testid="metric-bars"][data-metric="test accuracy"]')).toBeVisible();
	await page.screenshot({ path: join(SHOTS, 'experiments-table.png') });
	await compare.scrollIntoViewIfNeeded();
	await compare.screenshot({ path: join(SHOTS, 'experiments-compare.png') });

	// Export CSV: a header and one line per experiment, with the metric and param columns.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
	const csv = readFileSync((await download.path())!, 'utf8');
	const lines = csv.trimEnd().split('\r\n');
	expect(lines).toHaveLength(3);
	expect(lines[0].startsWith('id,started,project,title,kind,family,status,backend,duration,starred,tags,notes,')).toBe(true);
	expect(lines[0].split(',')).toEqual(expect.arrayContaining(['test accuracy', 'param.C', 'final loss']));
	expect(csv).toContain('C = 0.001 underfits');

	// Offline: the page comes from the service worker, the records from IndexedDB.
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
	await page.context().setOffline(true);
	await page.reload();
	await expect(rows(page)).toHaveCount(2);
	await page.context().setOffline(false);

	// Restore the pipeline: a new project opens in the studio with the same nodes.
	await page.locator(`[data-testid="experiment-row"][data-id="${id}"]`).getByTestId('open-experiment').click();
	await expect(page.getByTestId('experiment-detail')).toBeVisible();
	await page.getByTestId('restore-pipeline').click();
	await page.waitForURL(/\/studio\?project=/);
	await expect(page.getByTestId('project-name')).toHaveText(/^Experiment penguins \(restored /);
	await expect(page.locator('.svelte-flow__node')).toHaveCount(nodeCount);
	await flowNode(page, 'model.logistic').getByText('Logistic regression').click();
	// The weaker run restored: logistic regression with C = 0.001 predicts little beyond the majority class.
	await expect(page.locator('#param-input-C')).toHaveValue('0.001');
	await page.screenshot({ path: join(SHOTS, 'experiments-restored.png') });
});
