import { expect, test } from '@playwright/test';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, waitForAutosave, buildQuickModel } from './studio-kit';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
mkdirSync(SHOTS, { recursive: true });

test('palette search adds nodes; a wrong-kind connection is refused with a reason, a right one is made; Delete removes a node', async ({
	page
}) => {
	await createProject(page, 'Wiring');
	const status = page.getByTestId('status-line');

	// Renaming in the header: Escape abandons it, Enter commits it.
	await page.getByTestId('project-name').click();
	await page.keyboard.type('Abandoned');
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('project-name')).toHaveText('Wiring');
	await page.getByTestId('project-name').click();
	await page.keyboard.type('Wires');
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('project-name')).toHaveText('Wires');

	// The search filters the palette.
	await page.getByTestId('palette-search').fill('evaluate');
	await expect(page.getByTestId('palette-item-evaluate.metrics')).toBeVisible();
	await expect(page.getByTestId('palette-item-io.dataset')).toHaveCount(0);
	await page.getByTestId('palette-search').fill('zzzz-no-such-node');
	await expect(page.getByText('No node matches')).toBeVisible();
	await expect(page.locator('[data-testid^="palette-item-"]')).toHaveCount(0);

	await addFromPalette(page, 'dataset', 'io.dataset');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
	await expect(status).toContainText('1 nodes · 0 edges');

	await addFromPalette(page, 'evaluate', 'evaluate.metrics');
	await addFromPalette(page, 'table', 'explore.table');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(3);
	await expect(status).toContainText('3 nodes · 0 edges');
	await page.getByTestId('palette-search').fill('');
	await fitView(page);
	await page.screenshot({ path: join(SHOTS, 'editing-three-nodes.png') });

	const dataset = flowNode(page, 'io.dataset');
	const evaluate = flowNode(page, 'evaluate.metrics');
	const table = flowNode(page, 'explore.table');

	// A dataset into the Evaluate node's model input: refused, and the status line says why.
	await dragHandle(page, handle(dataset, 'source', 'data'), handle(evaluate, 'target', 'model'));
	await expect(status).toHaveAttribute('data-tone', 'error');
	await expect(status).toContainText('Connection refused');
	await expect(status).toContainText(/dataset/i);
	await expect(status).toContainText(/model/i);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(0);
	await expect(status).toContainText('3 nodes · 0 edges');
	await page.screenshot({ path: join(SHOTS, 'editing-refused.png') });

	// The dataset into a Table view: accepted, one edge.
	await dragHandle(page, handle(dataset, 'source', 'data'), handle(table, 'target', 'data'));
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
	await expect(status).toContainText('3 nodes · 1 edges');
	const edge = page.locator('.svelte-flow__edge').first();
	await expect(edge).toHaveAttribute('data-id', /.+/);

	// Select the Evaluate node and press Delete: it goes, the rest stays.
	await evaluate.locator('.head').click();
	await expect(page.getByTestId('inspector').locator('h2')).toHaveText('Evaluate');
	await page.keyboard.press('Delete');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	await expect(page.locator('.svelte-flow__node [data-type="evaluate.metrics"]')).toHaveCount(0);
	await expect(status).toContainText('2 nodes · 1 edges');

	// Undo by key brings it back; the toolbar's Delete selection does what the key did (one
	// action behind both); the Undo and Redo buttons step through the same history.
	await page.keyboard.press('Control+z');
	await expect(page.locator('.svelte-flow__node [data-type="evaluate.metrics"]')).toHaveCount(1);
	await expect(status).toContainText('3 nodes · 1 edges');
	await evaluate.locator('.head').click();
	await page.getByTestId('delete-selection').click();
	await expect(page.locator('.svelte-flow__node [data-type="evaluate.metrics"]')).toHaveCount(0);
	await expect(status).toContainText('2 nodes · 1 edges');
	await page.getByTestId('undo').click();
	await expect(status).toContainText('3 nodes · 1 edges');
	await expect(page.getByTestId('undo')).toHaveAttribute('title', 'Undo connect Dataset to Table view (Ctrl+Z)');
	await page.getByTestId('redo').click();
	await expect(status).toContainText('2 nodes · 1 edges');
	await expect(page.getByTestId('redo')).toBeDisabled();

	// Deleting the Table view takes its connection with it.
	await table.locator('.head').click();
	await page.keyboard.press('Delete');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(1);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(0);
	await expect(status).toContainText('1 nodes · 0 edges');

	// The edits are saved: a reload shows one Dataset node.
	await expect(status).toContainText('Saved');
	await waitForAutosave(page, (doc) => doc.nodes.length === 1 && doc.nodes[0].type === 'io.dataset' && doc.edges.length === 0);
	await page.reload();
	await expect(page.locator('.svelte-flow__node [data-type]')).toHaveCount(1);
	await expect(page.locator('.svelte-flow__node [data-type="io.dataset"]')).toHaveCount(1);
});

test('a long neural-network run can be cancelled, and runs again to done afterwards', async ({ page }) => {
	test.setTimeout(90_000);
	await createProject(page, 'Cancel me');
	await buildQuickModel(page, 'iris', 'species', 'mlp');
	const mlp = page.locator('.svelte-flow__node [data-type="model.mlp"]');
	await expect(mlp).toHaveCount(1);
	// Quick model runs straight away; let that first (short) run finish.
	await expect(mlp).toHaveAttribute('data-status', /done|cached/, { timeout: 60_000 });
	await expect(page.getByTestId('run-all')).toBeEnabled();

	// Make the small network train for a long time (short epochs: the worker must still let
	// progress out and the cancel in between batches).
	await mlp.click();
	const setParam = async (name: string, value: string) => {
		const input = page.locator(`#param-input-${name}`);
		await input.fill(value);
		await input.blur();
		await expect(input).toHaveValue(value);
	};
	const epochs = page.locator('#param-input-epochs');
	await setParam('epochs', '10000');
	await setParam('batchSize', '1');
	await expect(mlp).toHaveAttribute('data-status', 'idle');
	await page.getByTestId('run-all').click();
	await expect(mlp).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
	// The result panel draws the loss per epoch as it arrives, with an ETA.
	await expect(page.getByTestId('live-curves')).toBeVisible({ timeout: 30_000 });
	await expect(page.getByTestId('running-status')).toContainText(/about \d+ (s|min) left/, { timeout: 30_000 });
	await page.screenshot({ path: join(SHOTS, 'editing-live-curves.png') });
	await expect(page.getByTestId('cancel-run')).toBeEnabled();
	await page.getByTestId('cancel-run').click();

	// Cancel keeps the network trained so far: the node is done with a note, downstream did not run.
	await expect(mlp).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
	await expect(page.locator('.svelte-flow__node', { has: page.locator('[data-type="model.mlp"]') }).getByTestId('node-note')).toHaveText(
		/^cancelled: kept the weights after epoch \d+$/
	);
	await expect(page.getByTestId('model-stopped')).toHaveText(/^\s*Cancelled: the model keeps the weights after epoch \d+\.\s*$/);
	await expect(page.getByTestId('status-line')).toContainText('Run cancelled.');
	await expect(page.getByTestId('run-all')).toBeEnabled();
	await expect(page.getByTestId('cancel-run')).toBeDisabled();
	// Nothing after the network ran.
	const evaluate = page.locator('.svelte-flow__node [data-type="evaluate.metrics"]');
	await expect(evaluate).not.toHaveAttribute('data-status', /done|cached/);
	await page.screenshot({ path: join(SHOTS, 'editing-cancelled.png') });

	// Back to a short run: it completes and the metrics appear.
	await mlp.click();
	await setParam('epochs', '20');
	await setParam('batchSize', '16');
	await expect(epochs).toHaveValue('20');
	await page.getByTestId('run-all').click();
	await expect(mlp).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await expect(evaluate).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
	await expect(page.getByTestId('status-line')).toContainText('Run finished');
	await evaluate.click();
	await expect(page.getByTestId('metric-test-accuracy')).toHaveText(/^\d\.\d{4}$/);
});

/** Deterministic numbers: mulberry32. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

test('a 100,000-row upload shows all rows in a virtualised table; a malformed CSV is refused with its line', async ({ page }) => {
	test.setTimeout(90_000);
	const dir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
	const ROWS = 100_000;
	const rand = rng(20240601);
	const cats = ['north', 'south', 'east', 'west'];
	const lines = ['a,b,c,d,e,zone'];
	let last: string[] = [];
	for (let i = 0; i < ROWS; i++) {
		const cells = [0, 1, 2, 3, 4].map((k) => (rand() * 1000 * (k + 1)).toFixed(2));
		cells.push(cats[Math.floor(rand() * cats.length)]);
		lines.push(cells.join(','));
		last = cells;
	}
	const big = join(dir, 'big.csv');
	writeFileSync(big, lines.join('\n') + '\n');
	// What the table shows for a number: up to 6 significant digits, no trailing zeros.
	const shown = (s: string) => String(Number(Number(s).toPrecision(6)));

	await createProject(page, 'Big data');
	const status = page.getByTestId('status-line');
	await page.getByTestId('upload-input').setInputFiles(big);
	await expect(status).toContainText('Imported big.csv: 100,000 rows × 6 columns.', { timeout: 45_000 });
	await expect(page.getByTestId('import-progress')).toHaveCount(0);

	// The upload placed (and selected) a Dataset node pointing at the stored file.
	const dataset = page.locator('.svelte-flow__node [data-type="io.dataset"]');
	await expect(dataset).toHaveCount(1);
	await expect(dataset).toContainText('big.csv');

	// A Table view after it; connect it and run to it.
	await addFromPalette(page, 'table', 'explore.table');
	await page.getByTestId('palette-search').fill('');
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	const tableNode = flowNode(page, 'explore.table');
	await fitView(page);
	await dragHandle(page, handle(flowNode(page, 'io.dataset'), 'source', 'data'), handle(tableNode, 'target', 'data'));
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
	await tableNode.locator('.head').click();
	await expect(page.getByTestId('inspector').locator('h2')).toHaveText('Table view');
	await page.getByTestId('run-to-here').click();
	await expect(tableNode.locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });

	// The result: 100,000 rows, and the first row is the first one generated.
	await expect(page.getByTestId('dataset-rows')).toHaveText('100,000');
	const grid = page.getByTestId('data-table');
	await expect(grid).toHaveAttribute('data-total', String(ROWS));
	const firstCells = lines[1].split(',');
	await expect(grid.locator('.row[data-row="0"] .cell').nth(1)).toHaveText(shown(firstCells[0]));

	// Scroll to the bottom: the last row appears, and only a window of rows is in the DOM.
	await grid.locator('.viewport').evaluate((el) => (el.scrollTop = el.scrollHeight));
	const lastRow = grid.locator(`.row[data-row="${ROWS - 1}"]`);
	await expect(lastRow.locator('.cell').first()).toHaveText(String(ROWS));
	await expect(lastRow.locator('.cell').nth(1)).toHaveText(shown(last[0]));
	await expect(lastRow.locator('.cell').nth(6)).toHaveText(last[5]);
	const rendered = await grid.locator('.row').count();
	expect(rendered).toBeGreaterThan(0);
	expect(rendered).toBeLessThan(200);
	await page.screenshot({ path: join(SHOTS, 'editing-big-table.png') });

	// A malformed CSV: line 3 has too many fields. An error names the line; no dataset is made.
	const bad = join(dir, 'broken.csv');
	writeFileSync(bad, 'x,y,label\n1,2,a\n3,4,b,extra\n5,6,c\n');
	await page.getByTestId('upload-input').setInputFiles(bad);
	await expect(status).toHaveAttribute('data-tone', 'error', { timeout: 20_000 });
	await expect(status).toContainText('broken.csv');
	await expect(status).toContainText('line 3');
	await expect(page.locator('.svelte-flow__node [data-type="io.dataset"]')).toHaveCount(1);
	await expect(page.locator('.svelte-flow__node')).toHaveCount(2);
	// Quick model lists the big upload but not the broken one.
	await page.getByTestId('quick-model').click();
	const options = await page.getByTestId('quick-dataset').locator('option').allTextContents();
	expect(options.some((o) => o.includes('big.csv'))).toBe(true);
	expect(options.some((o) => o.includes('broken'))).toBe(false);
});

test('PCA after the scaler shows its explained-variance chart', async ({ page }) => {
	await createProject(page, 'PCA');
	await buildQuickModel(page, 'iris', 'species');
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await addFromPalette(page, 'pca', 'features.pca');
	await fitView(page);
	await dragHandle(page, handle(flowNode(page, 'clean.scale'), 'source', 'data'), handle(flowNode(page, 'features.pca'), 'target', 'data'));
	await flowNode(page, 'features.pca').click();
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'features.pca').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await page.getByTestId('result-tab-report').click();
	const chart = page.getByTestId('variance-chart');
	await expect(chart).toBeVisible();
	// iris has 4 number features: one bar per component, the first the tallest.
	await expect(chart.locator('rect')).toHaveCount(4);
	await page.screenshot({ path: join(SHOTS, 'pca-variance.png') });
});
