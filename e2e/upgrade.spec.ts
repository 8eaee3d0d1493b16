import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { writePrecacheManifest } from '../scripts/precache.mjs';
import { buildDir, projectRoot, startServer } from '../scripts/serve.mjs';

// A new deployment while a tab is open (issue 18). Build A is the suite's build/; build B is
// the same sources built again under another version name (TESSERA_VERSION, into
// TESSERA_BUILD_DIR: svelte.config.js), so every hashed file name that depends on the
// version differs, as after a real release. This spec's own server serves a folder that is a
// symbolic link, switched from A to B as a deploy replaces the files: A's files are then gone
// from the server, so whatever the old tab still loads must come from its service worker's cache.
const CACHE = path.join(projectRoot, 'node_modules', '.cache', 'tessera-e2e');
const NEXT = path.join(CACHE, 'build-next');
const LIVE = path.join(CACHE, 'live');
const SHOTS = path.join(projectRoot, 'e2e', '.output');

const versionOf = (dir: string): string =>
	(JSON.parse(fs.readFileSync(path.join(dir, '_app', 'version.json'), 'utf8')) as { version: string }).version;

/** Build B, named after build A: built again only when A changed (about as long as `npm run build`). */
function ensureNextBuild(): string {
	const wanted = `${versionOf(buildDir)}-next`;
	if (fs.existsSync(path.join(NEXT, 'precache.json')) && versionOf(NEXT) === wanted) return wanted;
	fs.rmSync(NEXT, { recursive: true, force: true });
	const vite = path.join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js');
	const built = spawnSync(process.execPath, [vite, 'build'], {
		cwd: projectRoot,
		env: { ...process.env, TESSERA_VERSION: wanted, TESSERA_BUILD_DIR: NEXT },
		stdio: 'inherit'
	});
	if (built.status !== 0) throw new Error(`the second build (${wanted}) failed`);
	writePrecacheManifest(NEXT);
	return wanted;
}

/** Deploy: the served folder now holds `dir`'s files, switched in one step. */
function deploy(dir: string) {
	fs.mkdirSync(CACHE, { recursive: true });
	fs.rmSync(`${LIVE}.next`, { force: true });
	fs.symlinkSync(dir, `${LIVE}.next`);
	fs.renameSync(`${LIVE}.next`, LIVE);
}

const running = (page: Page) => page.locator('html');

test('a new version deployed while a tab is open: a banner, the old tab keeps working, Reload loads it, and it then works offline', async ({
	browser
}) => {
	test.setTimeout(900_000);
	const current = versionOf(buildDir);
	const next = ensureNextBuild();
	expect(next).not.toBe(current);

	deploy(buildDir);
	const server = await startServer({ port: 0, root: LIVE });
	const context = await browser.newContext({ baseURL: server.url });
	const page = await context.newPage();
	const failed: string[] = [];
	page.on('response', (r) => {
		if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
	});
	page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
	try {
		await page.goto('/');
		await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
		await expect(running(page)).toHaveAttribute('data-tessera-version', current);
		await page.getByTestId('new-project').click();
		await page.getByTestId('project-name-input').fill('Kept across the update');
		await page.getByTestId('project-name-input').press('Enter');
		await page.waitForURL(/\/studio/);
		await expect(page.getByTestId('project-name')).toHaveText('Kept across the update');
		await page.getByRole('link', { name: 'Tessera: all projects' }).click();
		await expect(page.getByTestId('project-row')).toHaveCount(1);
		await expect(page.getByTestId('update-banner')).toHaveCount(0);

		deploy(NEXT);
		// Another tab opens Tessera: it gets the build its service worker holds (A), and the
		// browser, checking for a new worker on that navigation, finds B's and installs it.
		const other = await context.newPage();
		await other.goto('/');
		await expect(running(other)).toHaveAttribute('data-tessera-version', current);

		// The tab that was open all along says so, once B's worker has cached all of B.
		const banner = page.getByTestId('update-banner');
		await expect(banner).toBeVisible({ timeout: 180_000 });
		await expect(banner).toHaveText(/A new version of Tessera is available\s*—\s*Reload/);
		await expect(banner).toHaveAttribute('role', 'status');
		await page.screenshot({ path: path.join(SHOTS, 'upgrade-banner.png') });
		await expect(other.getByTestId('update-banner')).toBeVisible();

		// Until Reload the old tab runs A: pages whose code it never loaded come from A's cache
		// (no longer on the server), the service worker asks the network for version.json only.
		await page.getByTestId('nav-models').click();
		await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
		await page.getByTestId('open-experiments').click();
		await page.waitForURL(/\/experiments/);
		await expect(page.getByTestId('nav-models')).toBeVisible();
		await expect(running(page)).toHaveAttribute('data-tessera-version', current);
		expect(await page.evaluate(async () => ((await (await fetch('/_app/version.json')).json()) as { version: string }).version)).toBe(next);
		expect(failed).toEqual([]);

		// Reload: B's worker takes over, and every open tab reloads into B.
		await banner.getByRole('button', { name: 'Reload' }).click();
		await expect(running(page)).toHaveAttribute('data-tessera-version', next, { timeout: 60_000 });
		await expect(running(other)).toHaveAttribute('data-tessera-version', next, { timeout: 60_000 });
		await expect(page.getByTestId('update-banner')).toHaveCount(0);
		await expect(page.getByTestId('nav-models')).toBeVisible();
		const cacheNames = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('tessera-')));
		expect(cacheNames).toEqual([`tessera-${next}`]);
		await other.close();

		// Offline after the update: nothing from the server, nothing from the HTTP cache.
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.clearBrowserCache');
		await server.close();
		await context.setOffline(true);
		await page.goto('/');
		await expect(running(page)).toHaveAttribute('data-tessera-version', next);
		await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready');
		await expect(page.getByTestId('project-row')).toHaveCount(1);
		await page.getByTestId('open-project').click();
		await page.waitForURL(/\/studio/);
		await expect(page.getByTestId('project-name')).toHaveText('Kept across the update');
		await expect(page.getByTestId('palette-search')).toBeVisible();
		await page.screenshot({ path: path.join(SHOTS, 'upgrade-offline-after.png') });
	} finally {
		await context.close();
		await server.close();
		deploy(buildDir);
	}
});
