import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, storedPipeline, waitForAutosave } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
mkdirSync(SHOTS, { recursive: true });

const status = (page: Page) => page.getByTestId('status-line');
const counts = async (page: Page) => {
	const doc = await storedPipeline(page);
	return doc ? [doc.nodes.length, doc.edges.length] : null;
};
/** Waits until the stored pipeline has these many nodes and edges. */
const stored = (page: Page, nodes: number, edges: number) =>
	waitForAutosave(page, (doc) => doc.nodes.length === nodes && doc.edges.length === edges);

/** Dataset (iris sample) → Split, on a fresh project; fitted in view. */
async function datasetAndSplit(page: Page, name: string) {
	await createProject(page, name);
	await addFromPalette(page, 'dataset', 'io.dataset');
	await page.locator('#dataset-source-select').selectOption('sample:iris');
	await addFromPalette(page, 'split', 'split.train-test', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'io.dataset'), 'source', 'data'),
		handle(flowNode(page, 'split.train-test'), 'target', 'data')
	);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
}

/** Click a node's title, with modifiers for adding to the selection. */
async function clickNode(page: Page, type: string, modifiers: ('Shift' | 'Control')[] = []) {
	await flowNode(page, type).locator('.head').click({ modifiers });
}

/** A point on the empty canvas, right of and below the nodes. */
async function emptySpot(page: Page): Promise<{ x: number; y: number }> {
	const box = (await page.locator('.svelte-flow').boundingBox())!;
	return { x: box.x + box.width - 120, y: box.y + box.height - 60 };
}

test.describe('graph editing', () => {
	test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

	test('add, connect, move, edit, delete — then undo back to the exact start and redo forward', async ({ page }) => {
		await createProject(page, 'Undo all');
		const undo = page.getByTestId('undo');
		const redo = page.getByTestId('redo');
		await expect(undo).toBeDisabled();

		await addFromPalette(page, 'dataset', 'io.dataset');
		await expect(undo).toHaveAttribute('title', 'Undo add Dataset (Ctrl+Z)');
		await addFromPalette(page, 'split', 'split.train-test', true);
		await expect(undo).toHaveAttribute('title', 'Undo add Split (Ctrl+Z)');
		await fitView(page);
		await dragHandle(
			page,
			handle(flowNode(page, 'io.dataset'), 'source', 'data'),
			handle(flowNode(page, 'split.train-test'), 'target', 'data')
		);
		await expect(undo).toHaveAttribute('title', 'Undo connect Dataset to Split (Ctrl+Z)');

		// A drag is one step, however many pixels it passes.
		const split = flowNode(page, 'split.train-test');
		const head = (await split.locator('.head').boundingBox())!;
		await page.mouse.move(head.x + 20, head.y + head.height / 2);
		await page.mouse.down();
		for (let i = 1; i <= 10; i++) await page.mouse.move(head.x + 20 + i * 6, head.y + head.height / 2 + i * 8);
		await page.mouse.up();
		await expect(undo).toHaveAttribute('title', 'Undo move Split (Ctrl+Z)');

		// Typing in a field is one step for the field; Ctrl+Z while typing is the field's own undo.
		await clickNode(page, 'split.train-test');
		const train = page.locator('#param-input-train');
		await train.fill('0.6');
		await page.keyboard.press('Control+z');
		await train.fill('0.65');
		await train.press('Tab');
		await expect(undo).toHaveAttribute('title', 'Undo set train of Split (Ctrl+Z)');
		await page.getByTestId('node-label').fill('Hold-out');
		await page.getByTestId('node-label').press('Enter');
		await page.getByTestId('node-label').press('Tab');
		await expect(undo).toHaveAttribute('title', 'Undo rename Split (Ctrl+Z)');
		await waitForAutosave(page, (doc) => doc.nodes.find((n) => n.type === 'split.train-test')?.params.train === 0.65);

		// Delete the dataset: its connection goes with it.
		await clickNode(page, 'io.dataset');
		await page.keyboard.press('Delete');
		await stored(page, 1, 0);
		await expect(undo).toHaveAttribute('title', 'Undo delete Dataset (Ctrl+Z)');

		// Undo everything, by key and by button: back to the empty start.
		const seen: string[] = [];
		for (let i = 0; i < 7; i++) {
			seen.push((await undo.getAttribute('title')) ?? '');
			if (i % 2) await undo.click();
			else {
				await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
				await page.keyboard.press('Control+z');
			}
		}
		expect(seen).toEqual([
			'Undo delete Dataset (Ctrl+Z)',
			'Undo rename Split (Ctrl+Z)',
			'Undo set train of Split (Ctrl+Z)',
			'Undo move Split (Ctrl+Z)',
			'Undo connect Dataset to Split (Ctrl+Z)',
			'Undo add Split (Ctrl+Z)',
			'Undo add Dataset (Ctrl+Z)'
		]);
		await expect(undo).toBeDisabled();
		await stored(page, 0, 0);
		await expect(page.locator('.svelte-flow__node')).toHaveCount(0);

		// Redo forward with Ctrl+Shift+Z, Ctrl+Y and the button, to the exact end.
		for (let i = 0; i < 7; i++) {
			if (i % 3 === 0) await page.keyboard.press('Control+Shift+z');
			else if (i % 3 === 1) await page.keyboard.press('Control+y');
			else await redo.click();
		}
		await expect(redo).toBeDisabled();
		await stored(page, 1, 0);
		const doc = await storedPipeline(page);
		expect(doc!.nodes[0]).toMatchObject({ type: 'split.train-test', params: { train: 0.65 } });
		await expect(page.locator('.svelte-flow__node [data-type="split.train-test"]')).toContainText('Hold-out');
	});

	test('shift- and ctrl-click and box select build a selection that moves together and deletes as one step', async ({ page }) => {
		await datasetAndSplit(page, 'Several');
		await addFromPalette(page, 'table', 'explore.table', true);
		await fitView(page);
		await stored(page, 3, 1);

		await clickNode(page, 'io.dataset');
		await clickNode(page, 'split.train-test', ['Shift']);
		await expect(page.getByTestId('multi-selection')).toContainText('2 nodes selected');
		await clickNode(page, 'explore.table', ['Control']);
		await expect(page.getByTestId('multi-selection')).toContainText('3 nodes selected');
		await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(3);
		await page.screenshot({ path: join(SHOTS, 'graph-editing-multi-selection.png') });
		// Ctrl-click again takes one out.
		await clickNode(page, 'explore.table', ['Control']);
		await expect(page.getByTestId('multi-selection')).toContainText('2 nodes selected');

		// Dragging one of them moves both by the same amount, as one undo step.
		const before = await storedPipeline(page);
		/** The stored position of the node of `type` (the kit's StoredPipeline leaves positions out). */
		const pos = (doc: unknown, type: string) =>
			(doc as { nodes: { type: string; position: { x: number; y: number } }[] }).nodes.find((n) => n.type === type)!.position;
		const head = (await flowNode(page, 'split.train-test').locator('.head').boundingBox())!;
		await page.mouse.move(head.x + 30, head.y + head.height / 2);
		await page.mouse.down();
		for (let i = 1; i <= 8; i++) await page.mouse.move(head.x + 30, head.y + head.height / 2 + i * 10);
		await page.mouse.up();
		await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo move 2 nodes (Ctrl+Z)');
		await waitForAutosave(page, (doc) => JSON.stringify(doc) !== JSON.stringify(before));
		const after = await storedPipeline(page);
		const dy = pos(after, 'split.train-test').y - pos(before, 'split.train-test').y;
		expect(dy).toBeGreaterThan(40);
		expect(pos(after, 'io.dataset').y - pos(before, 'io.dataset').y).toBe(dy);
		expect(pos(after, 'explore.table')).toEqual(pos(before, 'explore.table'));
		await page.keyboard.press('Control+z');
		await waitForAutosave(page, (doc) => JSON.stringify(doc.nodes) === JSON.stringify(before!.nodes));

		// Box select (shift-drag on the empty canvas) around everything, then Delete: one step.
		const flowBox = (await page.locator('.svelte-flow').boundingBox())!;
		await page.keyboard.down('Shift');
		await page.mouse.move(flowBox.x + 8, flowBox.y + 8);
		await page.mouse.down();
		await page.mouse.move(flowBox.x + flowBox.width / 2, flowBox.y + flowBox.height / 2, { steps: 5 });
		await page.mouse.move(flowBox.x + flowBox.width - 8, flowBox.y + flowBox.height - 8, { steps: 5 });
		await page.mouse.up();
		await page.keyboard.up('Shift');
		await expect(page.getByTestId('multi-selection')).toContainText('3 nodes selected');
		await page.keyboard.press('Delete');
		await stored(page, 0, 0);
		await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo delete 3 nodes (Ctrl+Z)');
		await page.keyboard.press('Control+z');
		await stored(page, 3, 1);
		await expect(page.locator('.svelte-flow__node')).toHaveCount(3);

		// The inspector's Delete button for a multi-selection.
		await clickNode(page, 'io.dataset');
		await clickNode(page, 'explore.table', ['Shift']);
		await page.getByTestId('delete-selected-nodes').click();
		await stored(page, 1, 0);
	});

	test('copy in one project, paste in another at the pointer and in a second tab; duplicate keeps internal edges; garbage is refused', async ({
		page,
		context
	}) => {
		await datasetAndSplit(page, 'Source A');
		await stored(page, 2, 1);
		await clickNode(page, 'io.dataset');
		await clickNode(page, 'split.train-test', ['Shift']);
		await page.keyboard.press('Control+c');
		await expect(status(page)).toContainText('Copied 2 nodes');
		// The clipboard holds a readable pipeline file.
		const text = await page.evaluate(() => navigator.clipboard.readText());
		const file = JSON.parse(text);
		expect(file.format).toBe('tessera/pipeline');
		expect(file.nodes.map((n: { type: string }) => n.type)).toEqual(['io.dataset', 'split.train-test']);
		expect(file.edges).toHaveLength(1);

		// Duplicate: two more nodes and the edge between them.
		await page.keyboard.press('Control+d');
		await stored(page, 4, 2);
		await expect(page.getByTestId('multi-selection')).toContainText('2 nodes selected');
		await page.keyboard.press('Control+z');
		await stored(page, 2, 1);

		// Project B (holding a node already): paste lands under the pointer, with fresh ids and the edge.
		await createProject(page, 'Target B');
		await addFromPalette(page, 'table', 'explore.table', true);
		await stored(page, 1, 0);
		const spot = await emptySpot(page);
		// A click on the canvas takes the focus from the palette's search, as a person's would.
		await page.mouse.click(spot.x - 300, spot.y - 200);
		await page.mouse.move(spot.x - 250, spot.y - 150);
		await page.keyboard.press('Control+v');
		await stored(page, 3, 1);
		await expect(page.locator('.svelte-flow__node.selected')).toHaveCount(2);
		await expect(status(page)).toContainText('Pasted 2 nodes');
		const pasted = await flowNode(page, 'io.dataset').boundingBox();
		expect(Math.abs(pasted!.x - (spot.x - 250))).toBeLessThan(30);
		expect(Math.abs(pasted!.y - (spot.y - 150))).toBeLessThan(30);
		const b = await storedPipeline(page);
		expect(b!.nodes.find((n) => n.type === 'io.dataset')!.params).toMatchObject({ source: 'sample', sample: 'iris' });
		await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo paste 2 nodes (Ctrl+Z)');

		// Garbage on the clipboard: said why, nothing changed.
		await page.evaluate(() => navigator.clipboard.writeText('name,age\nAda,36'));
		await page.locator('.svelte-flow__pane').click({ position: { x: 5, y: 5 } });
		await page.keyboard.press('Control+v');
		await expect(status(page)).toHaveAttribute('data-tone', 'error');
		await expect(status(page)).toContainText('Nothing pasted: the clipboard does not hold Tessera nodes (the file is not valid JSON');
		expect(await counts(page)).toEqual([3, 1]);
		await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo paste 2 nodes (Ctrl+Z)');

		// A second tab: the canvas menu's Paste reads the clipboard (the nodes copied again).
		await page.evaluate((t) => navigator.clipboard.writeText(t), text);
		const tab = await context.newPage();
		await createProject(tab, 'Tab C');
		const canvas = (await tab.locator('.svelte-flow').boundingBox())!;
		await tab.mouse.click(canvas.x + 200, canvas.y + 150, { button: 'right' });
		await tab.getByTestId('menu-paste').click();
		await stored(tab, 2, 1);
		await tab.close();
	});

	test('right-click menus on a node, a connection and the canvas; arrow keys and Escape', async ({ page }) => {
		await datasetAndSplit(page, 'Menus');
		await stored(page, 2, 1);
		const menu = page.getByTestId('context-menu');

		await flowNode(page, 'split.train-test').locator('.head').click({ button: 'right' });
		await expect(menu).toBeVisible();
		await expect(menu).toHaveAttribute('aria-label', 'Node');
		await expect(menu.getByRole('menuitem')).toHaveText([
			/Run to here/,
			/Duplicate\s*Ctrl\+D/,
			/Copy\s*Ctrl\+C/,
			/Cut\s*Ctrl\+X/,
			/Rename\s*F2/,
			/Delete/
		]);
		await expect(page.getByTestId('menu-runToHere')).toBeFocused();
		await page.screenshot({ path: join(SHOTS, 'graph-editing-node-menu.png') });
		await page.keyboard.press('ArrowDown');
		await expect(page.getByTestId('menu-duplicate')).toBeFocused();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowUp');
		await expect(page.getByTestId('menu-deleteSelection')).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(menu).toHaveCount(0);
		expect(await counts(page)).toEqual([2, 1]);

		// Duplicate from the menu, by keyboard (Arrow + Enter).
		await flowNode(page, 'split.train-test').locator('.head').click({ button: 'right' });
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await stored(page, 3, 1);
		await expect(menu).toHaveCount(0);

		// Rename puts the cursor in the label field.
		await flowNode(page, 'io.dataset').locator('.head').click({ button: 'right' });
		await page.getByTestId('menu-renameNode').click();
		await expect(page.getByTestId('node-label')).toBeFocused();
		await page.keyboard.type('Flowers');
		await page.keyboard.press('Enter');
		await expect(flowNode(page, 'io.dataset')).toContainText('Flowers');

		// Run to here from the menu runs the dataset.
		await flowNode(page, 'io.dataset').locator('.head').click({ button: 'right' });
		await page.getByTestId('menu-runToHere').click();
		await expect(status(page)).toContainText('Run finished');

		// A connection's menu deletes it.
		const edge = page.locator('.svelte-flow__edge').first();
		const path = (await edge.locator('.svelte-flow__edge-interaction').boundingBox())!;
		await page.mouse.click(path.x + path.width / 2, path.y + path.height / 2, { button: 'right' });
		await expect(menu).toHaveAttribute('aria-label', 'Connection');
		await page.getByTestId('menu-deleteSelection').click();
		await stored(page, 3, 0);
		await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo delete 1 connection (Ctrl+Z)');

		// The canvas's menu: Add node here… opens the searchable palette at the click; Select all; Paste lands where the menu opened.
		const spot = await emptySpot(page);
		await page.mouse.click(spot.x, spot.y, { button: 'right' });
		await expect(menu).toHaveAttribute('aria-label', 'Canvas');
		await page.screenshot({ path: join(SHOTS, 'graph-editing-canvas-menu.png') });
		await page.getByTestId('menu-addNodeAtPointer').click();
		const palette = page.getByTestId('add-node-palette');
		await expect(page.getByTestId('add-node-search')).toBeFocused();
		const at = (await palette.boundingBox())!;
		expect(Math.abs(at.x - spot.x)).toBeLessThan(260);
		expect(Math.abs(at.y - spot.y)).toBeLessThan(320);
		await page.keyboard.press('Escape');
		await expect(palette).toHaveCount(0);
		await page.mouse.click(spot.x, spot.y, { button: 'right' });
		await page.getByTestId('menu-selectAll').click();
		await expect(page.getByTestId('multi-selection')).toContainText('3 nodes selected');
		await page.keyboard.press('Control+c');
		await page.mouse.click(spot.x, spot.y, { button: 'right' });
		await page.getByTestId('menu-paste').click();
		await stored(page, 6, 0);
		const dataset2 = page.locator('.svelte-flow__node.selected').first();
		await expect(dataset2).toBeVisible();
	});
});

test('without clipboard permission, a copy in one tab still pastes from the menu in another (the in-browser fallback)', async ({
	browser
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await datasetAndSplit(page, 'No permission A');
	await stored(page, 2, 1);
	await clickNode(page, 'io.dataset');
	await clickNode(page, 'split.train-test', ['Shift']);
	// The menu's Copy goes through navigator.clipboard, which this context may not use.
	await flowNode(page, 'split.train-test').locator('.head').click({ button: 'right' });
	await page.getByTestId('menu-copy').click();
	await expect(status(page)).toContainText('Copied 2 nodes');

	const tab = await context.newPage();
	await createProject(tab, 'No permission B');
	// The page may not read the system clipboard here: what pastes is the in-browser copy.
	expect(
		await tab.evaluate(() =>
			navigator.clipboard.readText().then(
				() => 'read',
				(e: Error) => e.name
			)
		)
	).toBe('NotAllowedError');
	const canvas = (await tab.locator('.svelte-flow').boundingBox())!;
	await tab.mouse.click(canvas.x + 200, canvas.y + 150, { button: 'right' });
	await tab.getByTestId('menu-paste').click();
	await stored(tab, 2, 1);
	await expect(status(tab)).toContainText('Pasted 2 nodes');
	await context.close();
});
