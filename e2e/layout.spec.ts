import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	addFromPalette,
	buildQuickModel,
	createProject,
	fitView,
	flowNode,
	handle,
	storedPipeline,
	waitForAutosave,
	type StoredPipeline
} from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
mkdirSync(SHOTS, { recursive: true });

type Placed = { id: string; type: string; position: { x: number; y: number } };
type Wire = { id: string; from: { node: string; port: string }; to: { node: string; port: string } };

function placed(doc: StoredPipeline): Placed[] {
	return doc.nodes as unknown as Placed[];
}
function wires(doc: StoredPipeline): Wire[] {
	return doc.edges as Wire[];
}

/** The edges whose target does not sit to the right of its source, as `from → to` lines. */
function leftwards(doc: StoredPipeline): string[] {
	const at = new Map(placed(doc).map((n) => [n.id, n.position]));
	return wires(doc)
		.filter((e) => at.get(e.to.node)!.x <= at.get(e.from.node)!.x)
		.map((e) => `${e.from.node} → ${e.to.node}`);
}

async function stored(page: Page): Promise<StoredPipeline> {
	const doc = await storedPipeline(page);
	if (!doc) throw new Error('no stored pipeline');
	return doc;
}

/** Drags a node card by its title to a point on the page. */
async function dragNodeTo(page: Page, type: string, x: number, y: number) {
	const box = (await flowNode(page, type).locator('.head').boundingBox())!;
	await page.mouse.move(box.x + 30, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 10; i++)
		await page.mouse.move(box.x + 30 + ((x - box.x - 30) * i) / 10, box.y + box.height / 2 + ((y - box.y) * i) / 10);
	await page.mouse.up();
}

test('Tidy layout puts a messy graph in data-flow order (no wire leftwards); one Undo restores every position', async ({ page }) => {
	await createProject(page, 'Tidy');
	await buildQuickModel(page, 'penguins', 'Species');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(9);
	await waitForAutosave(page, (d) => d.nodes.length === 9);
	// Quick model arrives tidy.
	expect(leftwards(await stored(page))).toEqual([]);
	await fitView(page);
	await page.screenshot({ path: join(SHOTS, 'layout-quick-model-tidy.png') });

	// Make a mess: the evaluation and the model dragged to the far left (the pane clicked between, so each drag moves one node).
	const pane = (await page.locator('.svelte-flow').boundingBox())!;
	await dragNodeTo(page, 'evaluate.metrics', pane.x + 20, pane.y + pane.height - 120);
	await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
	await dragNodeTo(page, 'model.gbdt', pane.x + 40, pane.y + 40);
	// Both drags saved: the model and the evaluation are fed leftwards.
	await waitForAutosave(page, (d) => {
		const back = leftwards(d);
		return back.some((l) => l.endsWith('→ gbdt-1')) && back.some((l) => l.endsWith('→ metrics-1'));
	});
	const messy = await stored(page);
	await page.screenshot({ path: join(SHOTS, 'layout-messy.png') });

	await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
	await page.keyboard.press('Shift+L');
	await waitForAutosave(page, (d) => leftwards(d).length === 0);
	const tidy = await stored(page);
	expect(wires(tidy)).toEqual(wires(messy));
	await expect(page.getByTestId('undo')).toBeEnabled();
	await page.waitForTimeout(700); // the glide and the fit, for the picture only
	await page.screenshot({ path: join(SHOTS, 'layout-tidied.png') });

	await page.getByTestId('undo').click();
	await waitForAutosave(
		page,
		(d) => JSON.stringify(placed(d).map((n) => n.position)) === JSON.stringify(placed(messy).map((n) => n.position))
	);
	// And the button does the same as the key.
	await page.getByTestId('tidy-layout').click();
	await waitForAutosave(page, (d) => leftwards(d).length === 0);
});

test('a wire dropped on empty canvas offers only the node types that take it, and connects the chosen one there', async ({ page }) => {
	await createProject(page, 'Wire drop');
	await addFromPalette(page, 'logistic', 'model.logistic', true);
	await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
	// The model to the canvas's left, so there is room on its right for the palette.
	const pane = (await page.locator('.svelte-flow').boundingBox())!;
	await dragNodeTo(page, 'model.logistic', pane.x + 40, pane.y + 60);
	const model = flowNode(page, 'model.logistic');
	const from = (await handle(model, 'source', 'model').boundingBox())!;
	const drop = { x: from.x + 120, y: from.y + 150 };
	expect(drop.x + 290).toBeLessThan(pane.x + pane.width);
	await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 12; i++) await page.mouse.move(from.x + ((drop.x - from.x) * i) / 12, from.y + ((drop.y - from.y) * i) / 12);
	await page.mouse.up();

	const palette = page.getByTestId('add-node-palette');
	await expect(palette).toBeVisible();
	// Only types with a model input: Evaluate yes; a dataset, a scaler (data in) and a table no.
	await expect(palette.getByTestId('add-node-evaluate.metrics')).toBeVisible();
	for (const no of ['io.dataset', 'clean.scale', 'explore.table', 'model.logistic'])
		await expect(palette.getByTestId(`add-node-${no}`)).toHaveCount(0);
	const offered = await palette.locator('[role="option"]').count();
	expect(offered).toBeGreaterThan(0);
	expect(offered).toBeLessThan(await page.locator('[data-testid^="palette-item-"]').count());
	// It opens where the wire was let go (moved up only as far as it must to stay inside the canvas).
	const box = (await palette.boundingBox())!;
	expect(Math.abs(box.x - drop.x)).toBeLessThan(4);
	expect(drop.y).toBeGreaterThanOrEqual(box.y - 1);
	expect(drop.y).toBeLessThanOrEqual(box.y + box.height);
	await page.screenshot({ path: join(SHOTS, 'layout-wire-drop-palette.png') });

	await palette.getByTestId('add-node-search').fill('metrics');
	await palette.getByTestId('add-node-search').press('Enter');
	await expect(palette).toHaveCount(0);
	await waitForAutosave(page, (d) => d.nodes.length === 2 && d.edges.length === 1);
	const doc = await stored(page);
	const evaluate = placed(doc).find((n) => n.type === 'evaluate.metrics')!;
	const modelId = placed(doc).find((n) => n.type === 'model.logistic')!.id;
	expect(wires(doc)[0]).toMatchObject({ from: { node: modelId, port: 'model' }, to: { node: evaluate.id, port: 'model' } });
	// Placed to the right of the model, where the wire ended.
	expect(evaluate.position.x).toBeGreaterThan(placed(doc).find((n) => n.id === modelId)!.position.x + 200);
});

test('`/` and a double-click open the searchable palette at the pointer; Escape closes it', async ({ page }) => {
	await createProject(page, 'Slash');
	await addFromPalette(page, 'dataset', 'io.dataset', true);
	const pane = (await page.locator('.svelte-flow').boundingBox())!;
	const at = { x: pane.x + 300, y: pane.y + 120 };
	// Out of the search field first: `/` typed into a field is only a character.
	await page.mouse.click(at.x, at.y);
	await page.keyboard.press('/');
	const palette = page.getByTestId('add-node-palette');
	await expect(palette).toBeVisible();
	const box = (await palette.boundingBox())!;
	expect(Math.abs(box.x - at.x)).toBeLessThan(4);
	expect(Math.abs(box.y - at.y)).toBeLessThan(4);
	await expect(palette.getByTestId('add-node-search')).toBeFocused();
	await page.keyboard.type('profile');
	await page.keyboard.press('Enter');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	await page.keyboard.press('Escape');

	await page.mouse.dblclick(pane.x + 500, pane.y + 260);
	await expect(palette).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(palette).toHaveCount(0);
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
});

test('a palette click places the node beside the selected node; the palette is one tab stop with arrow keys', async ({ page }) => {
	await createProject(page, 'Placement');
	await addFromPalette(page, 'dataset', 'io.dataset', true);
	await waitForAutosave(page, (d) => d.nodes.length === 1);
	const dataset = placed(await stored(page))[0];
	await flowNode(page, 'io.dataset').locator('.head').click();
	await addFromPalette(page, 'split', 'split.train-test', true);
	await waitForAutosave(page, (d) => d.nodes.length === 2);
	const split = placed(await stored(page)).find((n) => n.type === 'split.train-test')!;
	expect(split.position).toEqual({ x: dataset.position.x + 280, y: dataset.position.y });

	// One tab stop in the list: Tab from the search lands on the first item, the arrows move, Enter adds.
	// The list's one stop is the item used last (Split), so Tab comes back to where the person was.
	const stop = page.locator('[data-testid^="palette-item-"][tabindex="0"]');
	await expect(stop).toHaveCount(1);
	await expect(stop).toHaveAttribute('data-testid', 'palette-item-split.train-test');
	const items = page.locator('[data-testid^="palette-item-"]');
	const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
	const next = ids[ids.indexOf('palette-item-split.train-test') + 1]!;
	await page.getByTestId('palette-search').focus();
	await page.keyboard.press('Tab');
	await expect(page.getByTestId('palette-item-split.train-test')).toBeFocused();
	await page.keyboard.press('ArrowDown');
	const second = page.getByTestId(next);
	await expect(second).toBeFocused();
	await expect(page.locator('[data-testid^="palette-item-"][tabindex="0"]')).toHaveCount(1);
	await page.keyboard.press('Enter');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
	// The next Tab leaves the palette at once.
	await second.focus();
	await page.keyboard.press('Tab');
	expect(await page.evaluate(() => document.activeElement?.closest('.palette') === null)).toBe(true);
});

test('at 1280×720 the header fits (Run all whole, the name not cut short) and the canvas is at least 450 px tall', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 720 });
	await createProject(page, 'BC churn model for the quarterly review');
	// Measured once the backend is known (the header's steady state).
	await expect(page.getByTestId('backend-active')).not.toHaveText('detecting…');
	const run = (await page.getByTestId('run-all').boundingBox())!;
	expect(run.x).toBeGreaterThanOrEqual(0);
	expect(run.x + run.width).toBeLessThanOrEqual(1280);
	expect(run.y + run.height).toBeLessThanOrEqual(48);
	const name = page.getByTestId('project-name');
	await expect(name).toHaveAttribute('title', /BC churn model for the quarterly review/);
	// Shrunk, but to words ("BC churn m…", about 8 em), not to the "BC …" stub of before.
	expect((await name.boundingBox())!.width).toBeGreaterThanOrEqual(100);
	const canvas = (await page.locator('.svelte-flow').boundingBox())!;
	expect(canvas.height).toBeGreaterThanOrEqual(450);
	await page.screenshot({ path: join(SHOTS, 'layout-studio-1280x720.png') });
});

test('`?` opens the shortcut sheet generated from the actions; Escape closes it', async ({ page }) => {
	await createProject(page, 'Keys');
	await page.locator('.svelte-flow__pane').click({ position: { x: 10, y: 10 } });
	await page.keyboard.press('?');
	const sheet = page.getByTestId('shortcut-sheet');
	await expect(sheet).toBeVisible();
	await expect(sheet.getByRole('row', { name: /Undo/ })).toContainText('Ctrl+Z');
	await expect(sheet.getByRole('row', { name: /Tidy layout/ })).toContainText('Shift+L');
	await expect(sheet.getByRole('row', { name: /Redo/ })).toContainText('Ctrl+Y');
	await page.screenshot({ path: join(SHOTS, 'layout-shortcut-sheet.png') });
	await page.keyboard.press('Escape');
	await expect(sheet).toBeHidden();

	// The minimap shows on demand, with any number of nodes.
	await expect(page.locator('.svelte-flow__minimap')).toHaveCount(0);
	await page.getByTestId('toggle-minimap').click();
	await expect(page.locator('.svelte-flow__minimap')).toBeVisible();
	await page.keyboard.press('m');
	await expect(page.locator('.svelte-flow__minimap')).toHaveCount(0);
});
