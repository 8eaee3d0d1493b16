import { expect, type Locator, type Page } from '@playwright/test';

/** Shared moves of a person in the studio, for the end-to-end specs. */

export async function createProject(page: Page, name: string) {
	await page.goto('/');
	await page.getByTestId('new-project').click();
	await page.getByTestId('project-name-input').fill(name);
	await page.getByTestId('project-name-input').press('Enter');
	await page.waitForURL(/\/studio/);
	await expect(page.getByTestId('project-name')).toHaveText(name);
}

/** The flow node (the draggable wrapper) holding a pipeline node of `type`. */
export function flowNode(page: Page, type: string): Locator {
	return page.locator('.svelte-flow__node').filter({ has: page.locator(`[data-type="${type}"]`) });
}

export function handle(node: Locator, kind: 'source' | 'target', port: string): Locator {
	return node.locator(`.svelte-flow__handle.${kind}[data-handleid="${port}"]`);
}

/** Drag from one handle to another with the mouse, as a user does. */
export async function dragHandle(page: Page, from: Locator, to: Locator) {
	const a = await from.boundingBox();
	const b = await to.boundingBox();
	if (!a || !b) throw new Error('handle not visible');
	await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
	await page.mouse.down();
	const steps = 12;
	for (let i = 1; i <= steps; i++) {
		const t = i / steps;
		await page.mouse.move(a.x + a.width / 2 + (b.x - a.x) * t, a.y + a.height / 2 + (b.y - a.y) * t);
	}
	await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
	await page.mouse.up();
}

/** Press the canvas's "fit view" control, as a user does when nodes are off-screen, and let it settle. */
export async function fitView(page: Page) {
	await page.locator('.svelte-flow__controls-fitview').click();
	const viewport = page.locator('.svelte-flow__viewport');
	let before = '';
	await expect
		.poll(
			async () => {
				const now = (await viewport.getAttribute('style')) ?? '';
				const settled = now === before;
				before = now;
				return settled;
			},
			{ intervals: [150] }
		)
		.toBe(true);
}

/** Find a node type in the palette and add it; `clear` empties the search afterwards. */
export async function addFromPalette(page: Page, query: string, type: string, clear = false) {
	await page.getByTestId('palette-search').fill(query);
	await expect(page.getByTestId(`palette-item-${type}`)).toBeVisible();
	await page.getByTestId(`palette-item-${type}`).click();
	if (clear) await page.getByTestId('palette-search').fill('');
}

/** A pipeline as the studio stores it (the parts the specs look at). */
export interface StoredPipeline {
	readonly nodes: readonly { readonly id: string; readonly type: string; readonly params: Record<string, unknown> }[];
	readonly edges: readonly unknown[];
}

/**
 * The open project's pipeline as IndexedDB holds it, which is what a reload reopens; null
 * before the project is stored. Read with the browser's own IndexedDB, not the app's code.
 */
export async function storedPipeline(page: Page): Promise<StoredPipeline | null> {
	const id = new URL(page.url()).searchParams.get('project');
	if (!id) throw new Error(`no project in ${page.url()}`);
	return page.evaluate(
		(id) =>
			new Promise<StoredPipeline | null>((resolve, reject) => {
				const open = indexedDB.open('tessera');
				// No database yet: leave it to the app to create.
				open.onupgradeneeded = () => open.transaction?.abort();
				open.onerror = () => resolve(null);
				open.onsuccess = () => {
					const db = open.result;
					const get = db.transaction('projects').objectStore('projects').get(id);
					get.onsuccess = () => {
						db.close();
						resolve((get.result?.doc as StoredPipeline | undefined) ?? null);
					};
					get.onerror = () => {
						db.close();
						reject(get.error);
					};
				};
			}),
		id
	);
}

/** Waits until the autosave has stored a pipeline that `saved` accepts (the autosave is debounced). */
export async function waitForAutosave(page: Page, saved: (doc: StoredPipeline) => boolean) {
	await expect
		.poll(async () => {
			const doc = await storedPipeline(page);
			return doc !== null && saved(doc);
		})
		.toBe(true);
}

/** Quick model as a person builds it: the sample, its target once listed, a family if not Auto, then Build and run. */
export async function buildQuickModel(page: Page, sample: string, target: string, family?: string) {
	await page.getByTestId('quick-model').click();
	await page.getByTestId('quick-dataset').selectOption(`sample:${sample}`);
	await expect(page.getByTestId('quick-target').locator('option', { hasText: target })).not.toHaveCount(0);
	await page.getByTestId('quick-target').selectOption(target);
	if (family) await page.getByTestId('quick-family').selectOption(family);
	await page.getByTestId('quick-go').click();
}
