import { expect, test, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode, waitForAutosave } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
const MB = 1024 * 1024;

// The offline precache would fill the origin's storage while the quota is lowered, and make
// the free space a moving target: this spec is about IndexedDB alone.
test.use({ serviceWorkers: 'block' });

/**
 * `rows` rows of three numbers and a category. The numbers come from a seeded generator, so
 * the stored float64 chunks do not compress and the bytes stored are the bytes the app expects.
 */
function csv(rows: number): Buffer {
	let seed = 20261207;
	const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
	const lines = ['a,b,c,kind'];
	for (let i = 0; i < rows; i++)
		lines.push(`${(rand() * 1000).toFixed(6)},${(rand() * 50 - 25).toFixed(6)},${rand().toFixed(8)},${['x', 'y', 'z'][i % 3]}`);
	return Buffer.from(lines.join('\n') + '\n');
}

/**
 * The browser's answer to `navigator.storage.persist()`, set for this test's browser context
 * (Playwright's contexts are not the default one, so the id must be given).
 */
async function answerPersist(cdp: CDPSession, origin: string, setting: 'granted' | 'denied') {
	const { targetInfo } = await cdp.send('Target.getTargetInfo');
	await cdp.send('Browser.setPermission', {
		origin,
		browserContextId: targetInfo.browserContextId,
		permission: { name: 'persistent-storage' },
		setting
	});
}

/**
 * Lowers the quota the engine worker's storage reports, from its next start, by serving its
 * script with a line in front that caps `navigator.storage.estimate()`'s quota at `limit`
 * (null: the script as built). Why not `Storage.overrideQuotaForOrigin` alone: in Chromium 156
 * the DevTools override shows in `Storage.getUsageAndQuota` (overrideActive) but neither
 * `navigator.storage.estimate()` nor IndexedDB honours it — 2.2 MB were written under a
 * 200 KB override, and the estimate still said usage + 10 GiB. The override is still sent, so
 * a Chromium that honours it is tested for real as well.
 */
async function lowerWorkerQuota(context: BrowserContext) {
	let limit: number | null = null;
	await context.route(/\/engine\.worker-[^/]+\.js$/, async (route) => {
		const response = await route.fetch();
		const body = await response.text();
		const cap =
			limit === null
				? ''
				: `{const e=StorageManager.prototype.estimate;StorageManager.prototype.estimate=async function(){const r=await e.call(this);return {...r,quota:Math.min(r.quota??Infinity,${limit})};};}\n`;
		await route.fulfill({ response, body: cap + body });
	});
	return (next: number | null) => {
		limit = next;
	};
}

/** What IndexedDB holds, read with the browser's own API (not the app's): dataset names and chunk count. */
function storedDatasets(page: Page): Promise<{ names: string[]; chunks: number }> {
	return page.evaluate(
		() =>
			new Promise<{ names: string[]; chunks: number }>((resolve, reject) => {
				const open = indexedDB.open('tessera');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const tx = db.transaction(['datasets', 'chunks']);
					const all = tx.objectStore('datasets').getAll();
					const count = tx.objectStore('chunks').count();
					tx.oncomplete = () => {
						db.close();
						resolve({ names: (all.result as { name: string }[]).map((d) => d.name).sort(), chunks: count.result });
					};
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

test('a full quota refuses an import whole, says what it needed and what is free, and loses nothing', async ({ page }) => {
	test.setTimeout(120_000);
	const cdp = await page.context().newCDPSession(page);
	const setQuota = await lowerWorkerQuota(page.context());
	await createProject(page, 'Quota study');
	const origin = new URL(page.url()).origin;
	const status = page.getByTestId('status-line');

	// The browser grants persistence (as it does for an installed app), so its answer is known.
	await answerPersist(cdp, origin, 'granted');
	await page.getByTestId('upload-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: csv(50) });
	await expect(status).toContainText(
		'Imported small.csv: 50 rows × 4 columns. Storage is persistent: the browser will not clear this data on its own.',
		{ timeout: 30_000 }
	);
	await waitForAutosave(page, (doc) => doc.nodes.some((n) => n.type === 'io.dataset'));
	const before = await storedDatasets(page);
	expect(before.names).toEqual(['small.csv']);

	// 1 MB left: the next file needs about 4 MB once stored (150,000 rows × 28 bytes).
	const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
	await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: usage + MB });
	setQuota(usage + MB);
	// The engine worker starts again with the lowered quota; the project reopens as it was saved.
	await page.reload();
	await expect(flowNode(page, 'io.dataset')).toHaveCount(1);
	const big = csv(150_000);
	await page.getByTestId('upload-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
	await expect(status).toContainText(/Not enough storage to save big\.csv: it needs about 4\.0 MB, (1\.0 MB|\d{3,4} KB) is free\./, {
		timeout: 45_000
	});
	await expect(status).toContainText('Nothing saved earlier was lost. Delete old projects or experiments, or export a workspace backup.');
	await expect(status).toHaveAttribute('data-tone', 'error');
	await page.screenshot({ path: join(SHOTS, 'storage-quota-message.png') });
	await expect(flowNode(page, 'io.dataset')).toHaveCount(1);
	expect(await storedDatasets(page)).toEqual(before);

	// After a reload: the project and its one dataset, nothing of the refused file.
	await page.reload();
	await expect(page.getByTestId('project-name')).toHaveText('Quota study');
	await expect(flowNode(page, 'io.dataset')).toHaveCount(1);
	expect(await storedDatasets(page)).toEqual(before);
	const studio = page.url();
	await page.goto('/');
	await expect(page.getByTestId('project-row')).toHaveCount(1);
	await expect(page.getByTestId('project-row')).toContainText('Quota study');

	// The quota back to the browser's own: the same file imports.
	await cdp.send('Storage.overrideQuotaForOrigin', { origin });
	setQuota(null);
	await page.goto(studio);
	await expect(page.getByTestId('project-name')).toHaveText('Quota study');
	await page.getByTestId('upload-input').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: big });
	await expect(status).toContainText('Imported big.csv: 150,000 rows × 4 columns.', { timeout: 45_000 });
	// A later import does not ask again.
	await expect(status).not.toContainText('Storage is persistent');
	await waitForAutosave(page, (doc) => doc.nodes.filter((n) => n.type === 'io.dataset').length === 2);
	expect((await storedDatasets(page)).names).toEqual(['big.csv', 'small.csv']);

	// The projects page says what is stored, of how much, and that it is persistent.
	await page.goto('/');
	const line = page.getByTestId('storage-usage-line');
	await expect(line).toHaveText(/^Stored: \d+(\.\d)? MB of about \d+(\.\d)? [GT]B this browser allows; persistent ✓/);
	await page.getByTestId('storage-usage').getByText('Where it goes').click();
	const row = page.getByTestId('storage-project');
	await expect(row).toHaveCount(1);
	// 50 + 150,000 rows at 28 bytes, in MB as the breakdown rounds it.
	await expect(row).toContainText(/Quota study\s*4\.0 MB/);
	await page.getByTestId('storage-usage').scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SHOTS, 'storage-usage-line.png') });
});

test('where the browser does not promise to keep the data, the first import says so and how to keep a copy', async ({ page }) => {
	const cdp = await page.context().newCDPSession(page);
	await createProject(page, 'Not kept');
	const origin = new URL(page.url()).origin;
	await answerPersist(cdp, origin, 'denied');
	await page.getByTestId('upload-input').setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: csv(20) });
	const status = page.getByTestId('status-line');
	await expect(status).toContainText(
		'Imported small.csv: 20 rows × 4 columns. The browser did not make storage persistent: it may clear this data when the disk runs low. Export a workspace backup to keep a copy.',
		{ timeout: 30_000 }
	);
	await expect(status).toHaveAttribute('data-tone', 'warning');
	await page.goto('/');
	await expect(page.getByTestId('storage-usage-line')).toContainText('; not persistent: the browser may clear it when the disk runs low.');
	await expect(page.getByTestId('keep-storage')).toBeVisible();
	await page.getByTestId('keep-storage').click();
	await expect(page.getByTestId('keep-storage-answer')).toHaveText(/^The browser did not make storage persistent/);
});
