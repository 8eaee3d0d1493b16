import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForAutosave } from './studio-kit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = join(ROOT, 'e2e', '.output');

/** Longest task on the page thread while `during` runs, from a PerformanceObserver. */
async function watchLongTasks(page: Page) {
	await page.evaluate(() => {
		const w = window as unknown as { __longTasks: number[] };
		w.__longTasks = [];
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__longTasks.push(e.duration);
		}).observe({ type: 'longtask', buffered: false });
	});
	return async () => page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
}

async function createProject(page: Page, name: string) {
	await page.goto('/');
	await page.getByTestId('new-project').click();
	await page.getByTestId('project-name-input').fill(name);
	await page.getByTestId('project-name-input').press('Enter');
	await page.waitForURL(/\/studio/);
}

async function testAccuracy(page: Page): Promise<number> {
	await page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first().click();
	const cell = page.getByTestId('metric-test-accuracy');
	await expect(cell).toHaveText(/^\d\.\d{4}$/, { timeout: 60_000 });
	return Number(await cell.textContent());
}

async function statusOf(page: Page, type: string): Promise<string | null> {
	return page.locator(`[data-type="${type}"]`).first().getAttribute('data-status');
}

test('a new user builds, runs, reloads, exports and re-runs a model, and uploads a CSV', async ({ page }, info) => {
	test.setTimeout(240_000);
	await createProject(page, 'Penguins');

	// Quick model: penguins sample, target Species.
	await page.getByTestId('quick-model').click();
	await page.getByTestId('quick-dataset').selectOption('sample:penguins');
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'Species' })).toHaveCount(1);
	await page.getByTestId('quick-target').selectOption('Species');
	const longTasks = await watchLongTasks(page);
	await page.getByTestId('quick-go').click();
	const accuracy = await testAccuracy(page);
	expect(accuracy).toBeGreaterThanOrEqual(0.9);
	const tasks = await longTasks();
	info.annotations.push({ type: 'page long tasks during run (ms)', description: JSON.stringify(tasks) });
	console.log(`page-thread long tasks during the quick-model run: ${tasks.length} (max ${Math.max(0, ...tasks).toFixed(0)} ms)`);
	await page.screenshot({ path: join(SHOTS, 'studio-quick-model.png') });
	// The header fits a 1280 px window: nothing scrolls sideways and Run all is wholly in view.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
	const runAll = await page.getByTestId('run-all').boundingBox();
	expect(runAll!.x + runAll!.width).toBeLessThanOrEqual(1280);

	// Architecture: the page itself never loads tfjs nor the CSV parser; both live in the worker.
	// The page's resource timeline lists the worker's own script (requested by the page, run in
	// the worker); everything else is code that runs on the page thread.
	const loaded = await page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((e) => e.name)
			.filter((u) => u.endsWith('.js'))
	);
	const workerScripts = loaded.filter((u) => u.includes('/_app/immutable/workers/'));
	const pageScripts = loaded.filter((u) => !workerScripts.includes(u));
	expect(workerScripts.length).toBeGreaterThan(0);
	expect(pageScripts.length).toBeGreaterThan(0);
	for (const url of pageScripts) {
		const text = await (await page.request.get(url)).text();
		expect(text.includes('WASM_HAS_MULTITHREAD_SUPPORT'), `${url} carries tfjs`).toBe(false);
		expect(text.includes('a quoted field opened here'), `${url} carries the CSV parser`).toBe(false);
	}

	// Change the split seed: only the split and the nodes after it run again.
	await page.locator('[data-type="split.train-test"]').first().click();
	await page.locator('#param-input-seed').fill('7');
	await page.locator('#param-input-seed').blur();
	await page.getByTestId('run-all').click();
	await expect.poll(() => statusOf(page, 'evaluate.metrics'), { timeout: 60_000 }).toBe('done');
	expect(await statusOf(page, 'io.dataset')).toBe('cached');
	expect(await statusOf(page, 'explore.profile')).toBe('cached');
	expect(await statusOf(page, 'split.train-test')).toBe('done');
	expect(await statusOf(page, 'model.gbdt')).toBe('done');
	const seededAccuracy = await testAccuracy(page);

	// Reload: the graph, positions and params are as we left them.
	const before = await page
		.locator('.svelte-flow__node [data-type]')
		.evaluateAll((els) =>
			els.map((e) => `${e.getAttribute('data-type')}@${(e.closest('.svelte-flow__node') as HTMLElement | null)?.style.transform}`).sort()
		);
	await waitForAutosave(page, (doc) => doc.nodes.some((n) => n.type === 'split.train-test' && Number(n.params.seed) === 7));
	await page.reload();
	await expect(page.locator('.svelte-flow__node [data-type]')).toHaveCount(before.length);
	const after = await page
		.locator('.svelte-flow__node [data-type]')
		.evaluateAll((els) =>
			els.map((e) => `${e.getAttribute('data-type')}@${(e.closest('.svelte-flow__node') as HTMLElement | null)?.style.transform}`).sort()
		);
	expect(after).toEqual(before);
	await page.locator('[data-type="split.train-test"]').first().click();
	await expect(page.locator('#param-input-seed')).toHaveValue('7');

	// Export the pipeline file; the CLI re-runs it and prints the same test accuracy.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pipeline').click()]);
	const file = join(SHOTS, 'exported.tessera.json');
	await download.saveAs(file);
	expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('tessera/pipeline');
	const out = execFileSync('node', [join(ROOT, 'bin', 'tessera.mjs'), 'run', file, '--json'], { encoding: 'utf8' });
	const cliAccuracy = JSON.parse(out).evaluations[0].test.accuracy as number;
	expect(Math.abs(cliAccuracy - seededAccuracy)).toBeLessThanOrEqual(0.005);

	// Upload a CSV through the file chooser.
	await page.getByTestId('upload-input').setInputFiles(join(ROOT, 'static', 'samples', 'iris.csv'));
	await expect(page.getByTestId('status-line')).toContainText(/iris/, { timeout: 30_000 });
});
