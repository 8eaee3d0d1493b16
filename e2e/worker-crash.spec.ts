import { expect, test, type Page, type Worker } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildQuickModel, createProject, flowNode, storedPipeline } from './studio-kit';

/**
 * Crashes: the engine worker dies mid-run (closed from outside through Playwright's handle on
 * it — a test reaching in, not a hook in the app), and the page reloads mid-run.
 */
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

function engineWorker(page: Page): Worker {
	const w = page.workers().find((w) => /engine\.worker/.test(w.url()));
	if (!w)
		throw new Error(
			`no engine worker among ${page
				.workers()
				.map((w) => w.url())
				.join(', ')}`
		);
	return w;
}

/** Every store's records, read with the browser's own IndexedDB (not the app's code). */
async function stored(page: Page): Promise<Record<string, unknown[]>> {
	return page.evaluate(
		() =>
			new Promise<Record<string, unknown[]>>((resolve, reject) => {
				const open = indexedDB.open('tessera');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const names = [...db.objectStoreNames].filter((n) => n !== 'chunks');
					const tx = db.transaction(names);
					const out: Record<string, unknown[]> = {};
					for (const n of names) {
						const all = tx.objectStore(n).getAll();
						all.onsuccess = () => (out[n] = all.result);
					}
					// Chunks are large: their keys are enough.
					const keys = db.transaction('chunks').objectStore('chunks').getAllKeys();
					keys.onsuccess = () => (out.chunkKeys = keys.result as unknown[]);
					tx.oncomplete = () => {
						const wait = () => (out.chunkKeys ? (db.close(), resolve(out)) : setTimeout(wait, 20));
						wait();
					};
				};
			})
	);
}

/** What a consistent store means here: every result summary has its body and back, every experiment a project, every dataset its chunks. */
function expectConsistent(s: Record<string, unknown[]>) {
	const sig = (r: unknown) => (r as { signature: string }).signature;
	expect(new Set((s.results ?? []).map(sig))).toEqual(new Set((s.resultBodies ?? []).map(sig)));
	const projects = new Set((s.projects ?? []).map((p) => (p as { id: string }).id));
	for (const e of s.experiments ?? []) expect(projects.has((e as { project: string }).project)).toBe(true);
	const withChunks = new Set((s.chunkKeys ?? []).map((k) => (k as string[])[0]));
	for (const d of s.datasets ?? []) expect(withChunks.has((d as { id: string }).id)).toBe(true);
}

async function setParam(page: Page, name: string, value: string) {
	await flowNode(page, 'model.mlp').locator('.head').click();
	const input = page.locator(`#param-input-${name}`);
	await input.fill(value);
	await input.blur();
	await expect(input).toHaveValue(value);
}

/** A training of minutes (512 units a layer, 10,000 epochs), so the worker is surely stopped while it trains. */
async function makeSlow(page: Page) {
	await setParam(page, 'units', '512');
	await setParam(page, 'epochs', '10000');
}

test('the engine worker dies mid-run: the node says so, the page lives, Run all works again', async ({ page }) => {
	test.setTimeout(240_000);
	await createProject(page, 'Crash');
	await buildQuickModel(page, 'penguins', 'Species', 'mlp');
	const metrics = flowNode(page, 'evaluate.metrics').locator('[data-status]');
	await expect(metrics).toHaveAttribute('data-status', 'done', { timeout: 120_000 });

	await makeSlow(page);
	await page.getByTestId('run-all').click();
	const mlp = flowNode(page, 'model.mlp');
	await expect(mlp.locator('[data-status]')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
	await engineWorker(page).evaluate(() => (self as unknown as { close(): void }).close());

	await expect(mlp.locator('[data-status]')).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
	await expect(mlp.getByTestId('node-error')).toContainText('The engine stopped unexpectedly');
	await expect(page.getByTestId('run-all')).toBeEnabled();
	await page.screenshot({ path: join(SHOTS, 'worker-crash-node-error.png') });

	// A fresh worker takes the next run.
	await setParam(page, 'epochs', '5');
	await page.getByTestId('run-all').click();
	await expect(metrics).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	await expect(mlp.locator('[data-status]')).toHaveAttribute('data-status', 'done');
});

test('a reload during a run leaves every stored record consistent, and the project runs again', async ({ page }) => {
	test.setTimeout(240_000);
	await createProject(page, 'Reload mid-run');
	await buildQuickModel(page, 'penguins', 'Species', 'mlp');
	const metrics = flowNode(page, 'evaluate.metrics').locator('[data-status]');
	await expect(metrics).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	await makeSlow(page);
	// The autosave has stored the new epochs before the run starts.
	await expect.poll(async () => (await storedPipeline(page))?.nodes.find((n) => n.type === 'model.mlp')?.params.epochs).toBe(10_000);
	const before = await stored(page);
	expectConsistent(before);

	await page.getByTestId('run-all').click();
	await expect(flowNode(page, 'model.mlp').locator('[data-status]')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
	await page.reload();
	await expect(page.getByTestId('project-name')).toHaveText('Reload mid-run');

	const after = await stored(page);
	expectConsistent(after);
	// Nothing of the interrupted run was kept: the same projects, datasets and experiments.
	expect(after.experiments.length).toBe(before.experiments.length);
	expect(after.projects.length).toBe(before.projects.length);
	expect(after.datasets?.length ?? 0).toBe(before.datasets?.length ?? 0);
	expect((await storedPipeline(page))?.nodes.find((n) => n.type === 'model.mlp')?.params.epochs).toBe(10_000);

	await setParam(page, 'epochs', '5');
	await page.getByTestId('run-all').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
	await expect.poll(async () => (await stored(page)).experiments.length).toBe(before.experiments.length + 1);
	expectConsistent(await stored(page));
});
