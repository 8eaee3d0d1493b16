import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectNoSeriousViolations } from './axe-kit';
import { addFromPalette, buildQuickModel, createProject, flowNode, storedPipeline, waitForAutosave } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');
const MONITORING = 'e2e/fixtures/monitoring';

async function waitForRun(page: Page) {
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
	await expect(page.getByTestId('run-all')).toBeEnabled({ timeout: 30_000 });
}

test('axe finds no serious or critical violation on the projects, studio, Experiments, Models and Monitoring pages', async ({ page }) => {
	test.setTimeout(300_000);
	await createProject(page, 'Axe penguins');
	await buildQuickModel(page, 'penguins', 'Species', 'logistic');
	await waitForRun(page);
	// A second run with another C, so the Experiments page has two to compare.
	await flowNode(page, 'model.logistic').getByText('Logistic regression').click();
	await page.locator('#param-input-C').fill('0.01');
	await page.locator('#param-input-C').press('Tab');
	await page.getByTestId('run-all').click();
	await waitForRun(page);

	// The studio with a result open: the Evaluate node selected.
	await flowNode(page, 'evaluate.metrics').click();
	await expect(page.getByTestId('result-panel')).toBeVisible();
	await expectNoSeriousViolations(page, 'the studio with the Evaluate result open');

	// A registered model for the Models page.
	await flowNode(page, 'model.logistic').click();
	await page.getByTestId('save-to-registry').click();
	await page.getByTestId('register-name').fill('penguins-logistic');
	await page.getByTestId('register-save').click();
	await expect(page.getByTestId('status-line')).toContainText('Saved "penguins-logistic" version 1');

	await page.goto('/');
	await expect(page.getByTestId('open-project').filter({ hasText: 'Axe penguins' })).toBeVisible();
	await expectNoSeriousViolations(page, 'the projects page');

	await page.goto('/experiments');
	const rows = page.getByTestId('experiment-row');
	await expect(rows).toHaveCount(2);
	for (const i of [0, 1]) await rows.nth(i).getByTestId('select-experiment').check();
	const compare = page.getByTestId('compare-view');
	await expect(compare).toBeVisible();
	await expectNoSeriousViolations(page, 'the Experiments page comparing two runs');
	await compare.scrollIntoViewIfNeeded();
	await compare.screenshot({ path: join(SHOTS, 'a11y-compare.png') });

	await page.goto('/models');
	await expect(page.getByText('penguins-logistic').first()).toBeVisible();
	await expectNoSeriousViolations(page, 'the Models page');

	await page.goto('/monitoring');
	await page.getByTestId('capture-input').setInputFiles([join(MONITORING, 'capture-1.ndjson'), join(MONITORING, 'capture-2.ndjson')]);
	await expect(page.getByTestId('capture-summary')).toContainText('512 in 207 requests');
	await page.getByTestId('model-input').setInputFiles('e2e/fixtures/penguins-gbdt.v1.tessera-model');
	await expect(page.getByTestId('drift-strip')).toBeVisible();
	await page.getByTestId('labels-input').setInputFiles(join(MONITORING, 'labels.csv'));
	await expect(page.getByTestId('labels-summary')).toContainText('410 of 512 rows labelled');
	await expectNoSeriousViolations(page, 'the Monitoring page with a capture, model and labels');
});

/** Presses Tab until the focused element matches `selector`; the keyboard only, no pointer. */
async function tabTo(page: Page, selector: string, limit = 250): Promise<void> {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
	}
	throw new Error(`${limit} presses of Tab never reached ${selector}`);
}

const focused = (page: Page) =>
	page.evaluate(() => {
		const el = document.activeElement as HTMLElement;
		const style = getComputedStyle(el);
		return {
			id: el.dataset.id ?? '',
			label: el.getAttribute('aria-label') ?? '',
			outline: `${style.outlineStyle} ${style.outlineWidth}`,
			node: el.closest('.svelte-flow__node')?.getAttribute('data-id') ?? ''
		};
	});

test('keyboard only: Tab reaches a node with a focus ring, Enter selects it and the inspector follows; ports are named by label and kind', async ({
	page
}) => {
	await createProject(page, 'Keys');
	await buildQuickModel(page, 'penguins', 'Species', 'logistic');
	await waitForRun(page);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

	await tabTo(page, '.svelte-flow__node');
	const first = await focused(page);
	expect(first.id).not.toBe('');
	expect(first.outline).toBe('solid 3px');
	const box = (await page.locator(`.svelte-flow__node[data-id="${first.id}"]`).boundingBox())!;
	await page.screenshot({
		path: join(SHOTS, 'a11y-focused-node.png'),
		clip: { x: box.x - 40, y: box.y - 40, width: box.width + 80, height: box.height + 80 }
	});

	// Enter selects the focused node, and the inspector shows that node (its id is in its heading).
	await page.keyboard.press('Enter');
	await expect(page.locator(`.svelte-flow__node[data-id="${first.id}"]`)).toHaveClass(/selected/);
	await expect(page.getByTestId('inspector').locator('.kicker')).toContainText(first.id);

	// The next stop is one of this node's ports, named by direction, label and kind.
	await page.keyboard.press('Tab');
	const port = await focused(page);
	expect(port.node).toBe(first.id);
	expect(port.label).toMatch(/^(input|output) .+ \((dataset|model|metrics|report)\)$/);
	expect(port.outline).toBe('solid 3px');

	// Tab on to the model node: Space selects it too, and the inspector moves with it.
	const model = await flowNode(page, 'model.logistic').getAttribute('data-id');
	await tabTo(page, `.svelte-flow__node[data-id="${model}"]`);
	await page.keyboard.press(' ');
	await expect(page.getByTestId('inspector').locator('.kicker')).toContainText(model!);
	await expect(page.getByTestId('inspector').locator('h2')).toHaveText('Logistic regression');
	const names = await flowNode(page, 'model.logistic')
		.locator('.svelte-flow__handle')
		.evaluateAll((hs) => hs.map((h) => h.getAttribute('aria-label')));
	expect(names).toEqual(['input data (dataset)', 'output model (model)', 'output coefficients (report)']);
});

test('keyboard only: Enter on a port picks up a wire, Enter on a port of the other side connects it; arrow keys move a node as one undo step', async ({
	page
}) => {
	await createProject(page, 'Wires by keys');
	await addFromPalette(page, 'Dataset', 'io.dataset', true);
	await addFromPalette(page, 'Split', 'split.train-test', true);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(0);
	await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

	// Pick up at the Dataset's output, change one's mind (Escape), pick up again, connect at Split's input.
	const out = '.svelte-flow__node[data-id="dataset-1"] .svelte-flow__handle.source';
	await tabTo(page, out);
	await page.keyboard.press('Enter');
	await expect(page.locator(out)).toHaveAttribute('data-pending', 'true');
	await page.keyboard.press('Escape');
	await expect(page.locator(out)).not.toHaveAttribute('data-pending', 'true');
	await page.keyboard.press('Enter');
	await expect(page.locator(out)).toHaveAttribute('data-pending', 'true');
	await page.screenshot({ path: join(SHOTS, 'a11y-wire-by-keys.png') });
	await tabTo(page, '.svelte-flow__node[data-id="train-test-1"] .svelte-flow__handle.target');
	await page.keyboard.press('Enter');
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
	await expect(page.locator(out)).not.toHaveAttribute('data-pending', 'true');
	await waitForAutosave(page, (doc) => doc.edges.length === 1);

	// Arrow keys move the selected node; the document keeps the new place, and Undo takes it back.
	const xOf = async () =>
		((await storedPipeline(page))!.nodes.find((n) => n.id === 'train-test-1') as unknown as { position: { x: number } }).position.x;
	const before = await xOf();
	await tabTo(page, '.svelte-flow__node[data-id="train-test-1"]');
	await page.keyboard.press('Enter');
	for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
	await expect.poll(xOf).toBe(before + 20);
	await page.keyboard.press('Control+z');
	await expect.poll(xOf).toBe(before);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
});

test('the Table toggle shows the numbers behind a chart: the confusion matrix and the training curves as recorded', async ({ page }) => {
	await createProject(page, 'Tables');
	await buildQuickModel(page, 'penguins', 'Species', 'logistic');
	await waitForRun(page);

	// The confusion matrix: the table holds the counts the chart draws, and they add up to the test rows.
	await flowNode(page, 'evaluate.metrics').click();
	const matrix = page.locator('[data-testid="chart-with-table"][data-label="Confusion matrix"]').first();
	await matrix.getByTestId('chart-table-toggle').click();
	await expect(matrix.getByTestId('chart-table')).toBeVisible();
	const cells = (await matrix
		.locator('[data-testid="chart-table"] td')
		.evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))))) as number[];
	const drawn = (await matrix.locator('svg text.count').evaluateAll((ts) => ts.map((t) => Number(t.textContent)))) as number[];
	expect(cells).toEqual(drawn);
	const testRows = Number(
		(await page
			.getByTestId('metrics-view')
			.locator('h4', { hasText: /^Test · / })
			.textContent())!
			.match(/([\d,]+) rows/)![1]
			.replace(/,/g, '')
	);
	expect(cells.reduce((a, b) => a + b, 0)).toBe(testRows);
	// The result panel is short: the matrix and its table are shot one after the other.
	await matrix.locator('svg').scrollIntoViewIfNeeded();
	await matrix.locator('svg').screenshot({ path: join(SHOTS, 'a11y-chart-matrix.png') });
	await matrix.getByTestId('chart-table').scrollIntoViewIfNeeded();
	await matrix.getByTestId('chart-table').screenshot({ path: join(SHOTS, 'a11y-chart-table.png') });

	// Training curves on the Experiments page: the table's numbers are the record's, read from IndexedDB.
	await page.goto('/experiments');
	const row = page.getByTestId('experiment-row').first();
	const id = (await row.getAttribute('data-id'))!;
	await row.getByTestId('open-experiment').click();
	const curves = page.locator('[data-testid="chart-with-table"][data-label="Training curves"]');
	await curves.getByTestId('chart-table-toggle').click();
	const header = await curves.locator('[data-testid="chart-table"] thead th').allTextContents();
	const body = (await curves
		.locator('[data-testid="chart-table"] tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) =>
				[...tr.querySelectorAll('td')].map((td) => (td.getAttribute('data-value') === '' ? null : Number(td.getAttribute('data-value'))))
			)
		)) as (number | null)[][];
	const stored = await page.evaluate(
		(id) =>
			new Promise<Record<string, number[]>>((resolve, reject) => {
				const open = indexedDB.open('tessera');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('experiments').objectStore('experiments').get(id);
					get.onsuccess = () => resolve(get.result.curves);
					get.onerror = () => reject(get.error);
				};
			}),
		id
	);
	const names = Object.keys(stored).filter((k) => stored[k].length > 0);
	expect(names.length).toBeGreaterThan(0);
	expect(header).toEqual(['step', ...names]);
	const longest = Math.max(...names.map((k) => stored[k].length));
	expect(body).toHaveLength(longest);
	names.forEach((k, j) =>
		expect(body.map((r) => r[j])).toEqual(Array.from({ length: longest }, (_, i) => (Number.isFinite(stored[k][i]) ? stored[k][i] : null)))
	);
});
