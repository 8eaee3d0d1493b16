import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../scripts/serve.mjs';
import { buildQuickModel } from './studio-kit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOTS = join(ROOT, 'e2e', '.output');
const EVERY_FAMILY = join(ROOT, 'e2e', 'fixtures', 'every-family.tessera.json');

/** data-status of each pipeline node whose type starts with `prefix`, by type and id. */
async function statuses(page: Page, prefix = ''): Promise<Record<string, string | null>> {
	return page
		.locator(prefix ? `.svelte-flow__node [data-type^="${prefix}"]` : '.svelte-flow__node [data-type]')
		.evaluateAll((els) =>
			Object.fromEntries(
				els.map((e) => [
					`${e.getAttribute('data-type')}#${e.closest('.svelte-flow__node')?.getAttribute('data-id')}`,
					e.getAttribute('data-status')
				])
			)
		);
}

// Offline, as a workshop meets it: a fresh browser opens only the start page while online,
// its HTTP cache is cleared, the server goes away (and the browser is set offline), and then
// everything the README promises has to work from the service worker's cache alone. The
// server is this test's own, so stopping it cannot hide behind another spec's.
test('after one visit to the start page, the studio works with the network off: every model family trains, a CSV uploads, a pipeline exports', async ({
	browser
}) => {
	test.setTimeout(420_000);
	const server = await startServer({ port: 0 });
	const context = await browser.newContext({ baseURL: server.url, acceptDownloads: true });
	const page = await context.newPage();
	const failed: string[] = [];
	page.on('requestfailed', (r) => failed.push(r.url()));
	try {
		await page.goto('/');
		const offline = page.getByTestId('offline-status');
		await expect(offline).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
		await expect(offline).toContainText(/Available offline:[\s\S]*\(\d+\s+files, \d+\.\d MB\)/);
		await page.screenshot({ path: join(SHOTS, 'offline-ready.png') });

		// Nothing left over in the HTTP cache; no server; the browser offline.
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.clearBrowserCache');
		await server.close();
		await context.setOffline(true);

		// A file that was never cached says which file and why (it is what a failed import sees).
		const missing = await page.evaluate(async () => {
			const r = await fetch('/_app/immutable/chunks/not-in-the-build.js');
			return { status: r.status, text: await r.text() };
		});
		expect(missing.status).toBe(503);
		expect(missing.text).toContain('/_app/immutable/chunks/not-in-the-build.js');
		expect(missing.text).toContain('not in the offline cache');

		await page.reload();
		await expect(page.getByTestId('new-project')).toBeVisible();

		// The README's walk-through: New project → Quick model → penguins → Species → Build and run.
		await page.getByTestId('new-project').click();
		await page.getByTestId('project-name-input').fill('Offline penguins');
		await page.getByTestId('project-name-input').press('Enter');
		await page.waitForURL(/\/studio/);
		await buildQuickModel(page, 'penguins', 'Species');
		await page.locator('.svelte-flow__node [data-type="evaluate.metrics"]').first().click();
		await expect(page.getByTestId('metric-test-accuracy')).toHaveText(/^0\.9\d{3}|^1\.0000$/, { timeout: 90_000 });
		await expect(page.getByTestId('backend-active')).not.toHaveText('detecting…');

		// Upload a CSV, then export the pipeline.
		await page
			.getByTestId('upload-input')
			.setInputFiles({ name: 'iris.csv', mimeType: 'text/csv', buffer: readFileSync(join(ROOT, 'static', 'samples', 'iris.csv')) });
		await expect(page.getByTestId('status-line')).toContainText(/iris/, { timeout: 30_000 });
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pipeline').click()]);
		const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; nodes: unknown[] };
		expect(exported.format).toBe('tessera/pipeline');
		expect(exported.nodes.length).toBeGreaterThanOrEqual(10);
		await page.screenshot({ path: join(SHOTS, 'offline-quick-model.png') });

		// Every model family: the tabular ones on penguins and diabetes, the digits CNN and the
		// text network (their code and tfjs backends are chunks loaded on demand), from one file.
		await page.getByTestId('back-to-projects').click();
		const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open-pipeline-file').click()]);
		await chooser.setFiles(EVERY_FAMILY);
		await page.waitForURL(/\/studio/);
		await expect(page.getByTestId('status-line')).toContainText('36 nodes');
		const models = await statuses(page, 'model.');
		expect(Object.keys(models).length).toBe(12);
		await page.getByTestId('run-all').click();
		await expect(page.getByTestId('status-line')).toContainText('Running the pipeline');
		await expect(page.getByTestId('status-line')).toContainText(/Run finished/, { timeout: 300_000 });
		const after = await statuses(page, 'model.');
		const evaluations = await statuses(page, 'evaluate.metrics');
		// The boosted model trained offline in the Quick model above: the same data and settings come from the cache.
		expect(
			Object.entries(after).filter(([k, s]) => s !== 'done' && !(s === 'cached' && k.startsWith('model.gbdt#'))),
			'every model node trained'
		).toEqual([]);
		expect(
			Object.entries(evaluations).filter(([, s]) => s !== 'done' && s !== 'cached'),
			'every model was evaluated'
		).toEqual([]);
		await expect(page.getByTestId('status-line')).toContainText('Run finished in');
		expect(Object.values(await statuses(page)).filter((s) => s !== 'done' && s !== 'cached')).toEqual([]);
		await page.locator('.svelte-flow__node [data-type="model.text-nn"]').click();
		await expect(page.getByTestId('training-curves')).toContainText('val_accuracy');
		await page.screenshot({ path: join(SHOTS, 'offline-every-family.png') });
		await page.locator('.svelte-flow__node [data-type="model.cnn"]').click();
		await expect(page.getByTestId('training-curves')).toContainText('val_accuracy');

		// Nothing reached for the network and failed while offline but the one file we asked for.
		expect(failed.filter((u) => !u.includes('not-in-the-build'))).toEqual([]);
	} finally {
		await context.close();
		await server.close();
	}
});

// What a person sees when the engine's own code cannot load (here: its script refused, in a
// browser that has not cached Tessera): which file, and what to do, not "stopped unexpectedly".
test('an engine that cannot load says which file and why', async ({ browser }) => {
	const context = await browser.newContext({ serviceWorkers: 'block' });
	const page = await context.newPage();
	try {
		await context.route(/\/engine\.worker[^/]*\.js/, (route) => route.abort('internetdisconnected'));
		await page.goto('/');
		await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'preparing');
		await page.getByTestId('new-project').click();
		await page.getByTestId('project-name-input').fill('No engine');
		await page.getByTestId('project-name-input').press('Enter');
		await page.waitForURL(/\/studio/);
		await page.getByTestId('quick-model').click();
		await page.getByTestId('quick-dataset').selectOption('sample:penguins');
		const error = page.getByRole('dialog').locator('.error, [role="alert"]').first();
		await expect(error).toContainText(
			/The engine could not start: its code \/_app\/immutable\/workers\/engine\.worker-[\w-]+\.js could not be loaded/,
			{ timeout: 30_000 }
		);
		await expect(error).toContainText('wait until the start page says “Available offline”');
		await page.screenshot({ path: join(SHOTS, 'offline-engine-missing.png') });
	} finally {
		await context.close();
	}
});
