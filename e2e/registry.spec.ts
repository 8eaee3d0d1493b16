import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

async function setParam(page: Page, name: string, value: string) {
	const input = page.locator(`#param-input-${name}`);
	await input.fill(value);
	await input.blur();
	await expect(input).toHaveValue(value);
}

async function saveToRegistry(page: Page, name: string, notes: string, expectedVersion: number) {
	await flowNode(page, 'model.tree').click();
	await expect(page.getByTestId('save-to-registry')).toBeVisible();
	if (expectedVersion === 1) await page.getByTestId('result-panel').screenshot({ path: join(SHOTS, 'registry-model-result.png') });
	await page.getByTestId('save-to-registry').click();
	const dialog = page.getByTestId('register-model-dialog');
	await expect(dialog).toBeVisible();
	await page.getByTestId('register-name').fill(name);
	await expect(page.getByTestId('register-version')).toContainText(`version ${expectedVersion}`);
	await page.getByTestId('register-notes').fill(notes);
	await page.screenshot({ path: join(SHOTS, `registry-save-v${expectedVersion}.png`) });
	await page.getByTestId('register-save').click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('status-line')).toContainText(`Saved "${name}" version ${expectedVersion}`);
}

/**
 * Runs the pipeline up to Predict and returns the text of its first row (the prediction and
 * class probabilities). `expected`: whether Predict ran ('done') or was served from the cache
 * ('cached') — the Registered model node's key is the version in use, so a version scored
 * before comes from the cache and a newly chosen one runs.
 */
async function firstPrediction(page: Page, expected: 'done' | 'cached' = 'done'): Promise<string> {
	const predict = flowNode(page, 'deploy.predict');
	await predict.click();
	await page.getByTestId('run-to-here').click();
	await expect(predict.locator('[data-status]')).toHaveAttribute('data-status', expected, { timeout: 60_000 });
	const row = page.getByTestId('data-table').locator('.row[data-row="0"]');
	await expect(row.locator('.cell').nth(8)).not.toHaveText('');
	const text = (await row.locator('.cell').allTextContents()).join(' | ');
	// Bring the prediction and probability columns into view for the screenshots.
	await page
		.getByTestId('data-table')
		.locator('.viewport')
		.evaluate((el) => (el.scrollLeft = el.scrollWidth));
	return text;
}

async function toModelsPage(page: Page) {
	await page.getByTestId('nav-models').click();
	await page.waitForURL(/\/models/);
	await expect(page.getByTestId('versions')).toBeVisible();
}

const versionRow = (page: Page, v: number) => page.locator(`[data-testid="version-row"][data-version="${v}"]`);

test('save a tree twice, use v2, roll back to v1; a Registered model node predicts with the version in use', async ({ page }) => {
	test.setTimeout(240_000);
	await createProject(page, 'Penguin registry');
	await buildQuickModel(page, 'penguins', 'Species', 'tree');
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

	// v1: the tree as Quick model made it. It is the first version, so it is the one in use.
	await saveToRegistry(page, 'penguin-species', 'quick model tree', 1);
	// v2: a one-split stump. A new version does not replace the one in use.
	await flowNode(page, 'model.tree').click();
	await setParam(page, 'maxDepth', '1');
	await page.getByTestId('run-all').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await saveToRegistry(page, 'penguin-species', 'stump (max depth 1)', 2);

	// Registered model (the version in use) → Predict on the raw penguins.
	await addFromPalette(page, 'registered', 'deploy.registered-model', true);
	await setParam(page, 'name', 'penguin-species');
	await addFromPalette(page, 'predict', 'deploy.predict', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'deploy.registered-model'), 'source', 'model'),
		handle(flowNode(page, 'deploy.predict'), 'target', 'model')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'io.dataset'), 'source', 'data'),
		handle(flowNode(page, 'deploy.predict'), 'target', 'data')
	);
	const withV1 = await firstPrediction(page);
	expect(withV1).toContain('Adelie');
	await page.screenshot({ path: join(SHOTS, 'registry-predict-v1.png') });

	// The Models page: two versions, v1 in use, nothing to roll back to yet.
	await toModelsPage(page);
	await expect(page.getByTestId('version-row')).toHaveCount(2);
	await expect(page.getByTestId('in-use-version')).toHaveText('1');
	await expect(versionRow(page, 1).getByTestId('in-use-badge')).toBeVisible();
	await expect(versionRow(page, 2).getByTestId('in-use-badge')).toHaveCount(0);
	await expect(versionRow(page, 2)).toContainText('stump (max depth 1)');
	await expect(versionRow(page, 2)).toContainText('accuracy');
	await expect(page.getByTestId('roll-back')).toBeDisabled();

	await versionRow(page, 2).getByTestId('use-version').click();
	await expect(page.getByTestId('in-use-version')).toHaveText('2');
	await expect(versionRow(page, 2).getByTestId('in-use-badge')).toBeVisible();
	await expect(page.getByTestId('roll-back')).toBeEnabled();
	await expect(page.getByTestId('roll-back')).toHaveText(/Roll back to v1/);
	await expect(page.getByTestId('model-name-in-use')).toHaveText('v2');
	await page.screenshot({ path: join(SHOTS, 'registry-models-v2-in-use.png') });

	// Back in the studio the same pipeline now scores with the stump: other probabilities.
	await page.goBack();
	await page.waitForURL(/\/studio/);
	const withV2 = await firstPrediction(page);
	expect(withV2).not.toBe(withV1);
	await page.screenshot({ path: join(SHOTS, 'registry-predict-v2.png') });

	// Roll back: v1 is in use again, and the next run predicts as before.
	await toModelsPage(page);
	await page.getByTestId('roll-back').click();
	await expect(page.getByTestId('in-use-version')).toHaveText('1');
	await expect(page.getByTestId('registry-notice')).toContainText('Rolled back: version 1 of "penguin-species" is in use again.');
	await expect(page.getByTestId('roll-back')).toBeDisabled();
	await page.screenshot({ path: join(SHOTS, 'registry-rolled-back.png') });
	await page.goBack();
	await page.waitForURL(/\/studio/);
	expect(await firstPrediction(page, 'cached')).toBe(withV1);

	// The version in use cannot be deleted while another exists; v2 can.
	await toModelsPage(page);
	await versionRow(page, 1).getByTestId('delete-version').click();
	await versionRow(page, 1).getByTestId('confirm-delete-version').click();
	await expect(page.getByTestId('registry-error')).toContainText('Version 1 of "penguin-species" is in use');
	await versionRow(page, 2).getByTestId('delete-version').click();
	await versionRow(page, 2).getByTestId('confirm-delete-version').click();
	await expect(page.getByTestId('version-row')).toHaveCount(1);

	// Open pipeline: a new project with the pipeline that trained v1.
	await versionRow(page, 1).getByTestId('open-version-pipeline').click();
	await page.waitForURL(/\/studio/);
	await expect(page.getByTestId('project-name')).toHaveText('penguin-species v1 pipeline');
	await expect(flowNode(page, 'model.tree')).toHaveCount(1);
	await expect(flowNode(page, 'deploy.registered-model')).toHaveCount(0);

	// The home page links to the Models page too.
	await page.goto('/');
	await page.getByTestId('nav-models').click();
	await page.waitForURL(/\/models/);
	await expect(page.getByTestId('model-name')).toHaveText(/penguin-species\s+1 version · v1 in use/);
});
