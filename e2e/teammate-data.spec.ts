import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** A small two-class table; `drop` leaves out the last rows, so the content (and hash) differ. */
function salesCsv(drop = 0): Buffer {
	const lines = ['units,price,region,bought'];
	for (let i = 0; i < 300 - drop; i++) {
		const units = (i * 37) % 50;
		const price = 5 + ((i * 13) % 20);
		lines.push(`${units},${price},${['north', 'south', 'east'][i % 3]},${units > 25 ? 'yes' : 'no'}`);
	}
	return Buffer.from(lines.join('\n') + '\n');
}

async function openPipelineFile(page: Page, file: string) {
	await page.goto('/');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open-pipeline-file').click()]);
	await chooser.setFiles(file);
	await page.waitForURL(/\/studio/);
}

const datasetNodes = (page: Page) => page.locator('.svelte-flow__node [data-type="io.dataset"]');

/** The author: uploads sales.csv, builds a Quick model on it, exports the pipeline file. */
async function authorsPipeline(browser: Browser): Promise<{ file: string; accuracy: string }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await createProject(page, 'Sales');
	await page.getByTestId('upload-input').setInputFiles({ name: 'sales.csv', mimeType: 'text/csv', buffer: salesCsv() });
	await expect(page.getByTestId('status-line')).toContainText('Imported sales.csv: 300 rows × 4 columns.');
	await page.getByTestId('quick-model').click();
	await page.getByTestId('quick-dataset').selectOption({ label: 'sales.csv — 300 rows' });
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'bought' })).toHaveCount(1);
	await page.getByTestId('quick-target').selectOption('bought');
	await page.getByTestId('quick-go').click();
	await page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first().click();
	const cell = page.getByTestId('metric-test-accuracy');
	await expect(cell).toHaveText(/^\d\.\d{4}$/, { timeout: 60_000 });
	const accuracy = (await cell.textContent())!;
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pipeline').click()]);
	const file = join(SHOTS, 'sales-shared.tessera.json');
	await download.saveAs(file);
	await context.close();
	return { file, accuracy };
}

test("a teammate's pipeline announces the data it lacks, refuses a different file until told, and fills the right node", async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { file, accuracy } = await authorsPipeline(browser);
	const shared = JSON.parse(readFileSync(file, 'utf8')) as { data: { name: string; hash: string; rows: number; bytes: number }[] };
	expect(shared.data).toEqual([
		{ name: 'sales.csv', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), rows: 300, bytes: salesCsv().length }
	]);
	const recorded = shared.data[0];

	// The teammate: another browser, without the data.
	const context = await browser.newContext();
	const page = await context.newPage();
	await openPipelineFile(page, file);
	const banner = page.getByTestId('missing-data');
	await expect(banner).toBeVisible();
	await expect(banner).toContainText('This pipeline needs a dataset that is not in this browser.');
	await expect(banner.getByTestId('missing-dataset')).toHaveCount(1);
	await expect(banner.getByTestId('missing-dataset')).toContainText('sales.csv');
	await expect(banner.getByTestId('missing-dataset')).toContainText('300 rows');
	await expect(banner.getByTestId('missing-dataset')).toContainText(/\d+(\.\d)? KB/);
	await page.screenshot({ path: join(SHOTS, 'teammate-missing-banner.png') });
	const nodes = await datasetNodes(page).count();

	// A different file through the banner's button: refused, with both fingerprints and row counts.
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), banner.getByTestId('missing-upload').click()]);
	await chooser.setFiles({ name: 'sales-v2.csv', mimeType: 'text/csv', buffer: salesCsv(1) });
	const dialog = page.getByTestId('different-file');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByTestId('expected-hash')).toHaveText(recorded.hash);
	await expect(dialog.getByTestId('actual-hash')).not.toHaveText(recorded.hash);
	await expect(dialog.getByTestId('expected-rows')).toHaveText('300');
	await expect(dialog.getByTestId('actual-rows')).toHaveText('299');
	await page.screenshot({ path: join(SHOTS, 'teammate-different-file.png') });
	await dialog.getByTestId('different-cancel').click();
	await expect(dialog).toBeHidden();
	await expect(banner).toBeVisible();
	expect(await datasetNodes(page).count()).toBe(nodes);

	// The same different file through the main Upload button, nothing selected: it goes to the
	// node that lacks its data (no stray Dataset node) and is refused again; "use anyway" takes it.
	await page.getByTestId('upload-input').setInputFiles({ name: 'sales-v2.csv', mimeType: 'text/csv', buffer: salesCsv(1) });
	await expect(dialog).toBeVisible();
	await dialog.getByTestId('different-use-anyway').click();
	await expect(page.getByTestId('status-line')).toContainText('results will differ from those the pipeline was made with');
	await expect(banner).toBeHidden();
	expect(await datasetNodes(page).count()).toBe(nodes);
	await page.getByTestId('run-all').click();
	await expect(page.getByTestId('status-line')).toContainText(/Run finished/, { timeout: 60_000 });

	// Another copy of the pipeline: the right file, uploaded with nothing selected, fills the
	// lacking node at once and the run gives the author's numbers.
	await openPipelineFile(page, file);
	await expect(banner).toBeVisible();
	await page.getByTestId('upload-input').setInputFiles({ name: 'my-copy-of-sales.csv', mimeType: 'text/csv', buffer: salesCsv() });
	await expect(page.getByTestId('status-line')).toContainText('Imported my-copy-of-sales.csv: 300 rows × 4 columns.');
	await expect(banner).toBeHidden();
	expect(await datasetNodes(page).count()).toBe(nodes);
	await page.getByTestId('run-all').click();
	await page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first().click();
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(accuracy, { timeout: 60_000 });
	await context.close();
});
