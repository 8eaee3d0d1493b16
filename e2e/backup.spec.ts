import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { expectNoSeriousViolations } from './axe-kit';
import { createProject } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** A small two-class table, one label in seven flipped so the metrics are not all 1 and "identical" means something. */
function salesCsv(): Buffer {
	const lines = ['units,price,region,bought'];
	for (let i = 0; i < 300; i++) {
		const units = (i * 37) % 50;
		const price = 5 + ((i * 13) % 20);
		const bought = units > 25 !== (i % 7 === 0);
		lines.push(`${units},${price},${['north', 'south', 'east'][i % 3]},${bought ? 'yes' : 'no'}`);
	}
	return Buffer.from(lines.join('\n') + '\n');
}

const metricsNode = (page: Page) => page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first();

/** Every test-metric cell of the selected Evaluate node, as shown. */
async function testMetrics(page: Page): Promise<Record<string, string>> {
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(/^\d\.\d{4}$/, { timeout: 60_000 });
	const cells = page.locator('[data-testid^="metric-test-"]');
	const out: Record<string, string> = {};
	for (let i = 0; i < (await cells.count()); i++) {
		const cell = cells.nth(i);
		out[(await cell.getAttribute('data-testid'))!] = (await cell.textContent())!.trim();
	}
	return out;
}

/** Quick model on the stored sales.csv, run; returns the Evaluate node's test figures. */
async function quickModelOnSales(page: Page, family: string): Promise<Record<string, string>> {
	await page.getByTestId('quick-model').click();
	await page.getByTestId('quick-dataset').selectOption({ label: 'sales.csv — 300 rows' });
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'bought' })).toHaveCount(1);
	await page.getByTestId('quick-target').selectOption('bought');
	await page.getByTestId('quick-family').selectOption(family);
	await page.getByTestId('quick-go').click();
	await metricsNode(page).click();
	return testMetrics(page);
}

/** Opens a backup with the Import workspace button; the summary dialog shows. */
async function chooseBackup(page: Page, file: string) {
	await page.goto('/');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-workspace').click()]);
	await chooser.setFiles(file);
	await expect(page.getByTestId('import-summary')).toBeVisible();
}

const projectNames = async (page: Page) => (await page.getByTestId('open-project').allTextContents()).map((s) => s.trim()).sort();

/** The teacher's machine: two projects on an uploaded CSV, both run, one model saved to the registry; then Export workspace. */
async function teachersWorkspace(browser: Browser): Promise<{ file: string; metrics: Record<string, string> }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await createProject(page, 'Sales');
	await page.getByTestId('upload-input').setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: salesCsv() });
	await expect(page.getByTestId('status-line')).toContainText('Imported sales.csv: 300 rows × 4 columns.');
	const metrics = await quickModelOnSales(page, 'tree');
	expect(Number(metrics['metric-test-accuracy'])).toBeLessThan(1);
	// Save the trained tree to the registry.
	await page.locator('.svelte-flow__node [data-type="model.tree"]').first().click();
	await page.getByTestId('save-to-registry').click();
	await page.getByTestId('register-name').fill('sales-tree');
	await page.getByTestId('register-save').click();
	await expect(page.getByTestId('status-line')).toContainText('Saved "sales-tree" version 1');

	await createProject(page, 'Sales, logistic');
	await quickModelOnSales(page, 'logistic');

	await page.goto('/');
	await expect(page.getByTestId('project-row')).toHaveCount(2);
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-workspace').click()]);
	expect(download.suggestedFilename()).toMatch(/^tessera-workspace-\d{4}-\d\d-\d\d\.zip$/);
	await expect(page.getByTestId('backup-exported')).toContainText('2 projects, 1 dataset, 2 experiments, 1 model version');
	await page.getByTestId('workspace-backup').screenshot({ path: join(SHOTS, 'backup-section.png') });
	await expectNoSeriousViolations(page, 'the projects page with the workspace backup section');
	const file = join(SHOTS, 'workspace-backup.zip');
	await download.saveAs(file);
	await context.close();
	return { file, metrics };
}

test('a workspace moves to a fresh browser: projects, data, experiments and models; imported again, nothing doubles; a changed project is asked about', async ({
	browser
}) => {
	test.setTimeout(300_000);
	const { file, metrics } = await teachersWorkspace(browser);
	const manifest = JSON.parse(strFromU8(unzipSync(readFileSync(file))['manifest.json']));
	expect(manifest).toMatchObject({
		format: 'tessera/workspace',
		version: 1,
		counts: { projects: 2, datasets: 1, experiments: 2, models: 1 }
	});

	// The classroom machine: a new context is an empty IndexedDB.
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByTestId('project-row')).toHaveCount(0);
	await chooseBackup(page, file);
	const tally = page.getByTestId('import-tally');
	await expect(tally).toContainText('2 projects: 2 new');
	await expect(tally).toContainText('1 dataset: 1 new');
	await expect(tally).toContainText('2 experiments: 2 new');
	await expect(tally).toContainText('1 model version: 1 new');
	await expect(page.getByTestId('import-conflicts')).toHaveCount(0);
	await page.screenshot({ path: join(SHOTS, 'backup-import-summary.png') });
	await page.getByTestId('import-apply').click();
	await expect(page.getByTestId('import-result')).toContainText('Projects: 2 added');
	await page.getByTestId('import-close').click();
	expect(await projectNames(page)).toEqual(['Sales', 'Sales, logistic']);

	// The same file again: everything is already here, and importing it adds nothing.
	await chooseBackup(page, file);
	await expect(tally).toContainText('2 projects: 2 already here');
	await expect(tally).toContainText('1 dataset: 1 already here');
	await expect(page.getByTestId('import-nothing-new')).toBeVisible();
	await page.screenshot({ path: join(SHOTS, 'backup-import-again.png') });
	await page.getByTestId('import-apply').click();
	await expect(page.getByTestId('import-result')).toContainText('Projects: 2 left as they were');
	await page.getByTestId('import-close').click();
	await expect(page.getByTestId('project-row')).toHaveCount(2);

	// The experiments and the registered model came too.
	await page.getByTestId('open-experiments').click();
	await expect(page.getByTestId('experiment-row')).toHaveCount(2);
	await page.goto('/models');
	await expect(page.getByTestId('model-name')).toHaveCount(1);
	await expect(page.getByTestId('model-name')).toContainText('sales-tree');

	// The pipeline runs on the imported data to the same figures.
	await page.goto('/');
	await page
		.getByTestId('open-project')
		.filter({ hasText: /^\s*Sales\s*$/ })
		.click();
	await page.waitForURL(/\/studio/);
	await expect(page.getByTestId('missing-data')).toHaveCount(0);
	await page.getByTestId('run-all').click();
	await expect(page.getByTestId('status-line')).toContainText(/Run finished/, { timeout: 90_000 });
	await metricsNode(page).click();
	expect(await testMetrics(page)).toEqual(metrics);
	// Same signatures: the run is not recorded as new experiments.
	await page.goto('/experiments');
	await expect(page.getByTestId('experiment-row')).toHaveCount(2);

	// A project changed here: the import asks, and "keep both" adds the backup's copy beside it.
	await page.goto('/');
	const row = page.getByTestId('project-row').filter({ has: page.getByTestId('open-project').filter({ hasText: /^\s*Sales\s*$/ }) });
	await row.getByTestId('rename-project').click();
	await page.getByTestId('rename-input').fill('Sales (my edits)');
	await page.getByTestId('rename-input').press('Enter');
	await expect(page.getByTestId('open-project').filter({ hasText: 'Sales (my edits)' })).toHaveCount(1);
	await chooseBackup(page, file);
	await expect(tally).toContainText('2 projects: 1 already here, 1 differs');
	await expect(page.getByTestId('import-conflicts')).toContainText('project “Sales”');
	await expect(page.getByTestId('choice-keep-both')).toBeChecked();
	await page.screenshot({ path: join(SHOTS, 'backup-import-differs.png') });
	await expectNoSeriousViolations(page, 'the import summary asking about a project that differs');
	await page.getByTestId('import-apply').click();
	await expect(page.getByTestId('import-result')).toContainText('Projects: 1 added, 1 left as they were');
	await page.getByTestId('import-close').click();
	expect(await projectNames(page)).toEqual(['Sales (imported)', 'Sales (my edits)', 'Sales, logistic']);
	await context.close();
});

test('a file that is not a workspace backup is refused with a message, and nothing is written', async ({ page }) => {
	await page.goto('/');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-workspace').click()]);
	await chooser.setFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all') });
	await expect(page.getByTestId('import-refused')).toHaveText(
		'This file cannot be imported: this is not a Tessera workspace backup (it is not a zip archive).'
	);
	await page.screenshot({ path: join(SHOTS, 'backup-import-refused.png') });
	await page.getByTestId('import-close').click();
	await expect(page.getByTestId('project-row')).toHaveCount(0);
});
