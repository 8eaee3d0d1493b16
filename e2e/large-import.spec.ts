import { expect, test } from '@playwright/test';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode, waitForAutosave } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
const ROWS = 1_000_000;
const NUMERIC = 17;

/** 1,000,000 rows × 20 columns (17 numbers, 3 categories): the size issue 4 names, ~150 MB. */
async function writeLargeCsv(file: string): Promise<number> {
	const out = createWriteStream(file, { highWaterMark: 1 << 22 });
	const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
	const regions = ['north', 'south', 'east', 'west', 'central'];
	await write([...Array.from({ length: NUMERIC }, (_, j) => `x${j + 1}`), 'region', 'store', 'month'].join(',') + '\n');
	let seed = 12345;
	const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
	const CHUNK = 20_000;
	for (let start = 0; start < ROWS; start += CHUNK) {
		const lines: string[] = [];
		for (let i = start; i < start + CHUNK; i++) {
			const cells: string[] = [];
			for (let j = 0; j < NUMERIC; j++) cells.push((rand() * 1000 - 500).toFixed(1 + (j % 4)));
			cells.push(regions[i % 5], `store_${(i % 50) + 1}`, `m${(i % 12) + 1}`);
			lines.push(cells.join(','));
		}
		await write(lines.join('\n') + '\n');
	}
	await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
	return (await stat(file)).size;
}

test('a million-row, 20-column CSV imports with a progress bar, Cancel stops it, and the page stays usable', async ({ page }) => {
	test.setTimeout(180_000);
	const dir = await mkdtemp(join(tmpdir(), 'tessera-large-'));
	const file = join(dir, 'large.csv');
	try {
		const bytes = await writeLargeCsv(file);
		expect(bytes).toBeGreaterThan(120e6);
		await createProject(page, 'Large import');
		const status = page.getByTestId('status-line');
		const progress = page.getByTestId('import-progress');

		// First upload: cancel it once the bar has moved.
		await page.getByTestId('upload-input').setInputFiles(file);
		await expect(progress).toBeVisible();
		await expect(progress).toHaveAttribute('title', 'Importing large.csv');
		await expect(progress.locator('.num')).toHaveText(/^[1-9]\d?% of 1\d\d\.\d MB$/, { timeout: 30_000 });
		await page.screenshot({ path: join(SHOTS, 'import-large-progress.png') });
		await page.getByTestId('cancel-import').click();
		await expect(status).toContainText('Import cancelled.', { timeout: 10_000 });
		await expect(progress).not.toBeVisible();
		await expect(flowNode(page, 'io.dataset')).toHaveCount(0);

		// The page answers at once (the parse ran in the worker), and a second upload completes.
		await page.getByTestId('palette-search').fill('profile');
		await expect(page.getByTestId('palette-search')).toHaveValue('profile');
		await page.getByTestId('palette-search').fill('');
		const widths: number[] = [];
		await page.getByTestId('upload-input').setInputFiles(file);
		await expect(progress).toBeVisible();
		// Sample the bar while the worker parses: it must move forward, not jump from 0 to done.
		for (;;) {
			// Read the DOM directly: a locator would wait for the bar after the import ends.
			const w = await page.evaluate(() => {
				const fill = document.querySelector<HTMLElement>('[data-testid="import-progress"] .fill');
				return fill ? parseFloat(fill.style.width) || 0 : null;
			});
			if (w === null) break;
			widths.push(w);
			// The next sample once the bar has moved on (or is gone).
			await page.waitForFunction(
				(last) => {
					const fill = document.querySelector<HTMLElement>('[data-testid="import-progress"] .fill');
					return !fill || (parseFloat(fill.style.width) || 0) !== last;
				},
				w,
				{ timeout: 120_000 }
			);
		}
		await expect(status).toContainText('Imported large.csv: 1,000,000 rows × 20 columns.', { timeout: 120_000 });
		const moving = widths.filter((w) => w > 0 && w < 100);
		expect(moving.length).toBeGreaterThan(0);
		await expect(flowNode(page, 'io.dataset')).toHaveCount(1);

		// Stored column-chunked: a reload reopens it without the file.
		await expect(status).toContainText('Saved');
		await waitForAutosave(page, (doc) =>
			doc.nodes.some((n) => n.type === 'io.dataset' && n.params.source === 'stored' && n.params.hash !== '')
		);
		await page.reload();
		await page.getByTestId('run-all').click();
		await expect(flowNode(page, 'io.dataset').locator('[data-status]')).toHaveAttribute('data-status', /done|cached/, { timeout: 60_000 });
		await flowNode(page, 'io.dataset').click();
		await expect(page.getByTestId('dataset-rows')).toHaveText('1,000,000');
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
