import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, storedPipeline, waitForAutosave } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** The pipeline nodes a tab's canvas shows (frames and notes are other flow node types). */
const nodes = (page: Page) => page.locator('.svelte-flow__node-pipeline');
const types = async (page: Page) => (await storedPipeline(page))?.nodes.map((n) => n.type) ?? [];

test('two tabs on one project: A edits and B follows read-only; B takes over; A closes; nothing is lost', async ({ context }) => {
	const a = await context.newPage();
	await createProject(a, 'Two tabs');
	await addFromPalette(a, 'dataset', 'io.dataset', true);
	await addFromPalette(a, 'train', 'split.train-test', true);
	await expect(nodes(a)).toHaveCount(2);
	await waitForAutosave(a, (d) => d.nodes.length === 2);

	// B opens the same project: it shows A's nodes and says that A edits.
	const b = await context.newPage();
	await b.goto(a.url());
	await expect(b.getByTestId('follow-banner')).toBeVisible();
	await expect(b.getByTestId('follow-banner')).toContainText('This project is open for editing in another tab');
	await expect(b.getByTestId('edit-here')).toHaveText('Edit here instead');
	await expect(nodes(b)).toHaveCount(2);
	await expect(a.getByTestId('follow-banner')).toHaveCount(0);
	await b.screenshot({ path: join(SHOTS, 'two-tabs-follower.png') });

	// A adds a node: B shows it without a reload.
	await addFromPalette(a, 'logistic', 'model.logistic', true);
	await expect(nodes(a)).toHaveCount(3);
	await expect(nodes(b)).toHaveCount(3);
	await expect(b.locator('.svelte-flow__node [data-type="model.logistic"]')).toHaveCount(1);

	// B cannot edit: adding from the palette is refused with the reason, the inspector is disabled,
	// a drag moves nothing, and the stored pipeline keeps A's three nodes.
	await addFromPalette(b, 'table', 'explore.table', true);
	await expect(b.getByTestId('status-line')).toContainText('open for editing in another tab');
	await expect(nodes(b)).toHaveCount(3);
	const split = b.locator('.svelte-flow__node').filter({ has: b.locator('[data-type="split.train-test"]') });
	await split.click();
	await expect(b.getByTestId('node-label')).toBeDisabled();
	await expect(b.getByTestId('delete-node')).toBeDisabled();
	// Where the node sits on the canvas (its flow position, which panning does not change).
	const placed = async () => (await split.getAttribute('style'))?.match(/translate\([^)]*\)/)?.[0];
	const before = await placed();
	expect(before).toMatch(/translate\(/);
	const box = await split.boundingBox();
	if (!box) throw new Error('the split node is not on screen');
	await b.mouse.move(box.x + 40, box.y + 12);
	await b.mouse.down();
	await b.mouse.move(box.x + 240, box.y + 160, { steps: 8 });
	await b.mouse.up();
	expect(await placed()).toBe(before);
	expect(await types(a)).toEqual(['io.dataset', 'split.train-test', 'model.logistic']);

	// B takes over: A saves and follows; B edits, and A shows B's edit.
	await b.getByTestId('edit-here').click();
	await expect(b.getByTestId('follow-banner')).toHaveCount(0);
	await expect(a.getByTestId('follow-banner')).toBeVisible();
	await expect(a.getByTestId('status-line')).toContainText('Another tab is editing this project now');
	await expect(b.getByTestId('status-line')).toContainText('You are editing this project here now');
	await expect(b.getByTestId('node-label')).toBeEnabled();
	await a.screenshot({ path: join(SHOTS, 'two-tabs-handed-over.png') });
	await addFromPalette(b, 'table', 'explore.table', true);
	await expect(nodes(b)).toHaveCount(4);
	await expect(nodes(a)).toHaveCount(4);
	// Now A is the one refused.
	await addFromPalette(a, 'dataset', 'io.dataset', true);
	await expect(a.getByTestId('status-line')).toContainText('open for editing in another tab');
	await expect(nodes(a)).toHaveCount(4);
	await waitForAutosave(b, (d) => d.nodes.length === 4);

	// A closes; B reloads: all four nodes, each once, and B edits (no banner).
	await a.close();
	await b.reload();
	await expect(nodes(b)).toHaveCount(4);
	await expect(b.getByTestId('follow-banner')).toHaveCount(0);
	expect((await types(b)).sort()).toEqual(['explore.table', 'io.dataset', 'model.logistic', 'split.train-test']);

	// A follower takes over by itself when the editing tab closes.
	const c = await context.newPage();
	await c.goto(b.url());
	await expect(c.getByTestId('follow-banner')).toBeVisible();
	await b.close();
	await expect(c.getByTestId('follow-banner')).toHaveCount(0);
	await expect(c.getByTestId('status-line')).toContainText('you can edit it here now');
	await addFromPalette(c, 'dataset', 'io.dataset', true);
	await expect(nodes(c)).toHaveCount(5);
	await waitForAutosave(c, (d) => d.nodes.length === 5);
	await c.reload();
	await expect(nodes(c)).toHaveCount(5);
});

test('the projects list follows renames and deletions made in another tab, and an open studio shows the new name', async ({ context }) => {
	const studio = await context.newPage();
	await createProject(studio, 'Kept');
	await createProject(studio, 'Doomed');
	await createProject(studio, 'Open one');

	const list = await context.newPage();
	await list.goto('/');
	const other = await context.newPage();
	await other.goto('/');
	const names = async (page: Page) => (await page.getByTestId('open-project').allTextContents()).map((s) => s.trim()).sort();
	await expect(list.getByTestId('project-row')).toHaveCount(3);

	// Rename in one list: the other list and the studio with that project open show it.
	const row = other.getByTestId('project-row').filter({ has: other.getByTestId('open-project').getByText('Open one', { exact: true }) });
	await row.getByTestId('rename-project').click();
	await other.getByTestId('rename-input').fill('Renamed elsewhere');
	await other.getByTestId('rename-input').press('Enter');
	await expect.poll(() => names(list)).toEqual(['Doomed', 'Kept', 'Renamed elsewhere']);
	await expect(studio.getByTestId('project-name')).toHaveText('Renamed elsewhere');

	// Delete in one list: gone from the other.
	const doomed = other.getByTestId('project-row').filter({ has: other.getByTestId('open-project').getByText('Doomed', { exact: true }) });
	await doomed.getByTestId('delete-project').click();
	await other.getByTestId('confirm-delete').click();
	await expect.poll(() => names(list)).toEqual(['Kept', 'Renamed elsewhere']);

	// The studio's next edit saves on top of the rename instead of writing the old name back.
	await addFromPalette(studio, 'dataset', 'io.dataset', true);
	await waitForAutosave(studio, (d) => d.nodes.length === 1);
	await list.reload();
	// The reloaded list fills in from IndexedDB: wait for it rather than read it at once.
	await expect.poll(() => names(list)).toEqual(['Kept', 'Renamed elsewhere']);
});
