import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle } from './studio-kit';

/**
 * Hostile strings everywhere a user's data is shown. Every payload that could run sets
 * `window.__pwned`; a view passes when that flag stays unset, no dialog opened, the page is no
 * wider than the window (long names are cut with a tooltip, not allowed to push the layout),
 * the header is still on screen, and the hostile text appears literally, as text.
 */
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

const IMG = '<img src=x onerror="window.__pwned=1">';
const SVG = '<svg onload="window.__pwned=2"></svg>';
const JS = 'javascript:window.__pwned=3';
const RTL = '\u202Eexe.txt 🦄';
const ZERO_WIDTH = 'zero\u200Bwidth\u200D\uFEFFjoin';
const LONG_WORD = 'Unbroken'.repeat(40); // 320 characters without a break
const HUGE = 'H'.repeat(100_000);

const PROJECT = `${IMG} ${RTL} ${'P'.repeat(120)}`;
const FILE = `${IMG.replace(/"/g, '')} ${RTL}.csv`;
const LABEL = `${SVG} ${JS} 👩‍👩‍👧‍👦`;
const TAG = `${IMG}tag`;
const NOTE = `${IMG} ${JS} ${LONG_WORD} ${RTL}`;
const MODEL = `${SVG}${RTL}`.slice(0, 80);

/** Column names and class labels: each payload once. */
const NUMBER_COLUMNS = [IMG, JS, RTL, LONG_WORD];
const CLASSES = [SVG, JS, RTL, ZERO_WIDTH, LONG_WORD.slice(0, 200)];

function quote(cell: string): string {
	return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** 60 rows: four number columns named with payloads, a class of payloads, a text column whose first cell is 100,000 characters. */
function hostileCsv(): string {
	const lines = [[...NUMBER_COLUMNS, 'class', `notes ${IMG}`].map(quote).join(',')];
	for (let i = 0; i < 60; i++) {
		const nums = [i % 7, (i * 3) % 11, ((i * 5) % 13) + (i % 5), i % 5 === 0 ? 1 : (i * 7) % 17];
		const text = i === 0 ? HUGE : [IMG, JS, RTL, ZERO_WIDTH, LONG_WORD][i % 5];
		lines.push([...nums.map(String), CLASSES[i % 5], text].map(quote).join(','));
	}
	return lines.join('\n') + '\n';
}

/** Dialogs opened (alert/confirm/prompt): any is a payload that ran. */
const dialogs: string[] = [];

async function assertSafe(page: Page, view: string, literal?: string) {
	expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), `${view}: a payload ran`).toBeUndefined();
	expect(dialogs, `${view}: a dialog opened`).toEqual([]);
	const { scroll, inner } = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
	expect(scroll, `${view}: the page is wider than the window`).toBeLessThanOrEqual(inner + 2);
	const header = page.locator('header.bar').first();
	await expect(header, `${view}: the header`).toBeInViewport();
	// No element the payloads would have made.
	expect(await page.locator('img[src="x"], svg[onload]').count(), `${view}: a payload became an element`).toBe(0);
	if (literal) await expect(page.getByText(literal, { exact: false }).first(), `${view}: the text shown literally`).toBeAttached();
	await page.screenshot({ path: join(SHOTS, `hostile-${view}.png`) });
}

/** Connect the Dataset node to a node of `type` and select it. */
async function wire(page: Page, type: string) {
	const target = flowNode(page, type).last();
	await fitView(page);
	const edges = await page.locator('.svelte-flow__edge').count();
	await dragHandle(page, handle(flowNode(page, 'io.dataset').first(), 'source', 'data'), handle(target, 'target', 'data'));
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(edges + 1);
	await target.locator('.head').click();
}

async function runTo(page: Page, type: string) {
	await flowNode(page, type).last().locator('.head').click();
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, type).last().locator('[data-status]')).toHaveAttribute('data-status', /done|cached/, { timeout: 60_000 });
}

async function wireAndRun(page: Page, type: string) {
	await wire(page, type);
	await runTo(page, type);
}

test('hostile names, labels, cells, notes and tags are shown as text in every view, and nothing runs', async ({ page }) => {
	test.setTimeout(300_000);
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});

	await createProject(page, PROJECT);
	await assertSafe(page, 'studio-empty', IMG);
	await expect(page.getByTestId('project-name')).toHaveAttribute('title', `${PROJECT} (click to rename)`);

	await page.getByTestId('upload-input').setInputFiles({ name: FILE, mimeType: 'text/csv', buffer: Buffer.from(hostileCsv(), 'utf8') });
	await expect(page.getByTestId('status-line')).toContainText('rows × 6 columns', { timeout: 45_000 });
	await assertSafe(page, 'imported');

	// Quick model on the upload, a tree, so a model is trained and an experiment recorded.
	await page.getByTestId('quick-model').click();
	const dataset = page.getByTestId('quick-dataset');
	await dataset.selectOption((await dataset.locator('option[value^="stored:"]').first().getAttribute('value'))!);
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'class' })).not.toHaveCount(0);
	await page.getByTestId('quick-target').selectOption('class');
	await page.getByTestId('quick-family').selectOption('tree');
	await assertSafe(page, 'quick-model-dialog', IMG);
	await page.getByTestId('quick-go').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });

	// The dataset's own view: the table with the hostile cells and column names.
	await flowNode(page, 'io.dataset').first().locator('.head').click();
	await expect(page.getByTestId('data-table')).toBeVisible({ timeout: 30_000 });
	await assertSafe(page, 'table', IMG);

	// A hostile node label, on the canvas and in the inspector.
	await flowNode(page, 'model.tree').locator('.head').click();
	await page.getByTestId('node-label').fill(LABEL);
	await page.getByTestId('node-label').press('Enter');
	await expect(flowNode(page, 'model.tree')).toContainText(SVG);
	await assertSafe(page, 'node-label-inspector', SVG);

	// Explore nodes: profile, correlations heatmap, class-balance and distributions charts.
	// Quick model made a Column profile and a Table view of the dataset.
	await flowNode(page, 'explore.table').locator('.head').click();
	await expect(page.getByTestId('data-table')).toBeVisible();
	await assertSafe(page, 'table-view', IMG);
	await flowNode(page, 'explore.profile').locator('.head').click();
	await expect(page.getByTestId('profile-view')).toBeVisible();
	await assertSafe(page, 'profile', IMG);

	await addFromPalette(page, 'correlations', 'explore.correlations', true);
	await wireAndRun(page, 'explore.correlations');
	await expect(page.getByTestId('heatmap')).toBeVisible();
	await page.getByTestId('heatmap-cell').first().hover();
	await expect(page.getByTestId('heatmap').locator('title', { hasText: IMG }).first()).toBeAttached();
	await assertSafe(page, 'heatmap');

	await addFromPalette(page, 'distributions', 'explore.distributions', true);
	await wire(page, 'explore.distributions');
	await page.locator('#param-input-value').selectOption(IMG);
	await page.locator('#param-input-group').selectOption('class');
	await runTo(page, 'explore.distributions');
	await expect(page.getByTestId('distributions-view')).toBeVisible();
	await page.getByTestId('distribution-group').first().hover();
	await assertSafe(page, 'distributions', IMG);

	await addFromPalette(page, 'class balance', 'explore.class-balance', true);
	await wire(page, 'explore.class-balance');
	await page.locator('#param-input-column').selectOption('class');
	await runTo(page, 'explore.class-balance');
	const balance = page.getByTestId('class-balance-view');
	await expect(balance).toBeVisible();
	await balance.locator('svg text').first().hover();
	for (const c of CLASSES) await expect(balance.locator('title').filter({ hasText: c }).first()).toBeAttached();
	await assertSafe(page, 'class-balance');

	// The model's result: metrics and a confusion matrix of hostile class labels.
	await flowNode(page, 'evaluate.metrics').locator('.head').click();
	const matrix = page.getByTestId('confusion-matrix').first();
	await matrix.scrollIntoViewIfNeeded();
	for (const c of CLASSES) await expect(matrix.locator('title').filter({ hasText: c }).first()).toBeAttached();
	await assertSafe(page, 'metrics');

	// Register the tree under a hostile name.
	await flowNode(page, 'model.tree').locator('.head').click();
	await page.getByTestId('save-to-registry').click();
	await page.getByTestId('register-name').fill(MODEL);
	await page.getByTestId('register-notes').fill(NOTE);
	await assertSafe(page, 'register-dialog');
	await page.getByTestId('register-save').click();
	await expect(page.getByTestId('register-model-dialog')).toBeHidden();

	// Experiments: a hostile tag and note.
	await page.getByTestId('open-experiments').click();
	await page.waitForURL(/\/experiments/);
	const row = page.getByTestId('experiment-row').first();
	await expect(row).toBeVisible();
	// The project's name is cut to one line (whole in its tooltip), not a column as wide as the name.
	const projectCell = row.locator('td[data-col="project"]');
	expect((await projectCell.boundingBox())!.width).toBeLessThan(300);
	await expect(projectCell.locator('[title]')).toHaveAttribute('title', PROJECT);
	await assertSafe(page, 'experiments', IMG);
	await row.getByTestId('open-experiment').click();
	await page.getByTestId('tag-input').fill(TAG);
	await page.getByTestId('tag-input').press('Enter');
	await page.getByTestId('experiment-notes').fill(NOTE);
	await page.getByTestId('experiment-notes').blur();
	await expect(row.getByTestId('tag-chip')).toHaveText(TAG);
	await assertSafe(page, 'experiment-detail', TAG);

	// Models: the registered name and notes.
	await page.getByTestId('nav-models').click();
	await page.waitForURL(/\/models/);
	await expect(page.getByText(SVG).first()).toBeAttached();
	await assertSafe(page, 'models', SVG);

	// The projects page lists the hostile project name.
	await page.goto('/');
	await expect(page.getByText(IMG).first()).toBeAttached();
	// The name wraps in its column: the row's other cells and actions stay on screen.
	await expect(page.getByTestId('project-row').first().locator('.ops')).toBeInViewport({ ratio: 1 });
	await assertSafe(page, 'projects', IMG);
});
