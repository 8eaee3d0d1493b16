import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoSeriousViolations } from './axe-kit';
import { buildQuickModel, createProject, flowNode } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
const MONITORING = 'e2e/fixtures/monitoring';

async function waitForRun(page: Page) {
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await expect(page.getByTestId('run-all')).toBeEnabled({ timeout: 30_000 });
}

test('axe finds no serious or critical violation on the projects, studio, Experiments, Models and Monitoring pages', async ({ page }) => {
	test.setTimeout(300_000);
	await createProject(page, 'Axe penguins');
	await buildQuickModel(page, 'penguins', 'Species', 'logistic');
	await waitForRun(page);
	// A second run with another C, so the Experiments page has two to compare.
	await flowNode(page, 'model.logistic').getByText('Logistic regression').click();
	await page.locator('#param-input-C').fill('0.01');
	await page.locator('#param-input-C').press('Tab');
	await page.getByTestId('run-all').click();
	await waitForRun(page);

	// The studio with a result open: the Evaluate node selected.
	await flowNode(page, 'evaluate.metrics').click();
	await expect(page.getByTestId('result-panel')).toBeVisible();
	await expectNoSeriousViolations(page, 'the studio with the Evaluate result open');

	// A registered model for the Models page.
	await flowNode(page, 'model.logistic').click();
	await page.getByTestId('save-to-registry').click();
	await page.getByTestId('register-name').fill('penguins-logistic');
	await page.getByTestId('register-save').click();
	await expect(page.getByTestId('status-line')).toContainText('Saved "penguins-logistic" version 1');

	await page.goto('/');
	await expect(page.getByText('Axe penguins')).toBeVisible();
	await expectNoSeriousViolations(page, 'the projects page');

	await page.goto('/experiments');
	const rows = page.getByTestId('experiment-row');
	await expect(rows).toHaveCount(2);
	for (const i of [0, 1]) await rows.nth(i).getByTestId('select-experiment').check();
	const compare = page.getByTestId('compare-view');
	await expect(compare).toBeVisible();
	await expectNoSeriousViolations(page, 'the Experiments page comparing two runs');
	await compare.scrollIntoViewIfNeeded();
	await compare.screenshot({ path: join(SHOTS, 'a11y-compare.png') });

	await page.goto('/models');
	await expect(page.getByText('penguins-logistic').first()).toBeVisible();
	await expectNoSeriousViolations(page, 'the Models page');

	await page.goto('/monitoring');
	await page.getByTestId('capture-input').setInputFiles([join(MONITORING, 'capture-1.ndjson'), join(MONITORING, 'capture-2.ndjson')]);
	await page.getByTestId('model-input').setInputFiles('e2e/fixtures/penguins-gbdt.v1.tessera-model');
	await page.getByTestId('labels-input').setInputFiles(join(MONITORING, 'labels.csv'));
	await expect(page.getByTestId('drift-strip')).toBeVisible();
	await expect(page.getByTestId('labels-summary')).toContainText('410 of 512 rows labelled');
	await expectNoSeriousViolations(page, 'the Monitoring page with a capture, model and labels');
});
