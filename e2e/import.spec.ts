import { expect, test, type Locator, type Page } from '@playwright/test';
import { createProject, dragHandle, fitView, flowNode, handle } from './studio-kit';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/** Runs the selected node and waits for it to finish. */
async function runSelected(page: Page, type: string) {
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, type).locator('[data-status]')).toHaveAttribute('data-status', /done|cached/, { timeout: 30_000 });
}

/** Text of a cell in the results table: row index, column index (0 is the row number). */
function cell(page: Page, row: number, col: number): Locator {
	return page.getByTestId('data-table').locator(`.row[data-row="${row}"] .cell`).nth(col);
}

const SEMICOLON_CSV = 'name;price;qty\nbolt;1,5;2\nnut;0,25;3\nwasher;12,75;2\n';

test('a pasted table becomes a Dataset node with its rows', async ({ page }) => {
	await createProject(page, 'Paste');
	await page.getByTestId('paste-table').click();
	await page.getByTestId('paste-text').fill('fruit\tweight\tripe\napple\t150\ttrue\npear\t170\tfalse\nplum\t45\ttrue\nfig\t50\tfalse\n\n');
	await expect(page.getByTestId('paste-summary')).toContainText('4 rows × 3 columns, tab-separated');
	await expect(page.getByTestId('paste-preview').locator('th').nth(1)).toContainText('number');
	await page.screenshot({ path: join(SHOTS, 'import-paste.png') });
	await page.getByTestId('paste-import').click();
	await expect(page.getByTestId('status-line')).toContainText(/Imported pasted-.*: 4 rows × 3 columns/, { timeout: 30_000 });
	await expect(page.getByTestId('paste-dialog')).not.toBeVisible();
	await expect(flowNode(page, 'io.dataset')).toHaveCount(1);
	await runSelected(page, 'io.dataset');
	await expect(page.getByTestId('dataset-rows')).toHaveText('4');
	await expect(cell(page, 3, 1)).toHaveText('fig');
});

test('a Latin-1 CSV keeps its accents; a semicolon file reads decimal commas; the import options reach the reader', async ({ page }) => {
	await createProject(page, 'Encodings');
	const status = page.getByTestId('status-line');
	await page
		.getByTestId('upload-input')
		.setInputFiles({ name: 'latin.csv', mimeType: 'text/csv', buffer: Buffer.from('name,city\nRené,Zürich\nGroß,Köln\n', 'latin1') });
	await expect(status).toContainText('Imported latin.csv: 2 rows × 2 columns.', { timeout: 30_000 });
	await runSelected(page, 'io.dataset');
	await expect(cell(page, 0, 1)).toHaveText('René');
	await expect(cell(page, 0, 2)).toHaveText('Zürich');
	await expect(cell(page, 1, 1)).toHaveText('Groß');

	// The Dataset node stays selected, so the next upload goes into it.
	await page
		.getByTestId('upload-input')
		.setInputFiles({ name: 'parts.csv', mimeType: 'text/csv', buffer: Buffer.from(SEMICOLON_CSV, 'utf8') });
	await expect(status).toContainText('Imported parts.csv: 3 rows × 3 columns.', { timeout: 30_000 });
	await runSelected(page, 'io.dataset');
	await expect(cell(page, 0, 2)).toHaveText('1.5');
	await expect(cell(page, 2, 2)).toHaveText('12.75');

	// Forcing "." as the decimal separator leaves "1,5" as it was written (not a number).
	await page.getByTestId('import-options').click();
	await page.getByTestId('import-decimal').selectOption('.');
	await page.screenshot({ path: join(SHOTS, 'import-options.png') });
	await page.getByRole('button', { name: 'Close', exact: true }).last().click();
	await page
		.getByTestId('upload-input')
		.setInputFiles({ name: 'parts-point.csv', mimeType: 'text/csv', buffer: Buffer.from(SEMICOLON_CSV, 'utf8') });
	await expect(status).toContainText('Imported parts-point.csv', { timeout: 30_000 });
	await runSelected(page, 'io.dataset');
	await expect(cell(page, 0, 2)).toHaveText('1,5');
	await page.getByTestId('import-options').click();
	await expect(page.getByTestId('import-decimal')).toHaveValue('.');
	await page.getByTestId('import-decimal').selectOption('auto');
	await page.getByRole('button', { name: 'Close', exact: true }).last().click();
});

test('the schema step makes a column a category, and the Column profile downstream shows it', async ({ page }) => {
	await createProject(page, 'Kinds');
	await page
		.getByTestId('upload-input')
		.setInputFiles({ name: 'parts.csv', mimeType: 'text/csv', buffer: Buffer.from(SEMICOLON_CSV, 'utf8') });
	await expect(page.getByTestId('status-line')).toContainText('Imported parts.csv', { timeout: 30_000 });

	await page.getByTestId('review-kinds').click();
	const dialog = page.getByTestId('schema-dialog');
	const qty = dialog.locator('[data-testid="schema-row"][data-column="qty"]');
	await expect(qty).toContainText('number');
	await qty.getByTestId('schema-kind').selectOption('category');
	await page.screenshot({ path: join(SHOTS, 'import-kinds.png') });
	await dialog.getByTestId('schema-apply').click();
	await expect(flowNode(page, 'io.schema')).toHaveCount(1);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);

	// The Schema node's inspector shows the same editor, with the choice made.
	const editor = page.getByTestId('inspector').getByTestId('schema-editor');
	await expect(editor.locator('[data-column="qty"]').getByTestId('schema-kind')).toHaveValue('category');
	await expect(editor.getByTestId('schema-text')).toHaveValue('qty: category');
	await page.screenshot({ path: join(SHOTS, 'import-schema-inspector.png') });

	await page.getByTestId('palette-search').fill('profile');
	await page.getByTestId('palette-item-explore.profile').click();
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'io.schema'), 'source', 'data'),
		handle(flowNode(page, 'explore.profile'), 'target', 'data')
	);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);
	await flowNode(page, 'explore.profile').locator('.head').click();
	await runSelected(page, 'explore.profile');
	const card = page.getByTestId('profile-card').filter({ has: page.locator('h4', { hasText: /^qty$/ }) });
	await expect(card.locator('.kind')).toHaveText('category');
	await expect(
		page
			.getByTestId('profile-card')
			.filter({ has: page.locator('h4', { hasText: /^price$/ }) })
			.locator('.kind')
	).toHaveText('number');
});
