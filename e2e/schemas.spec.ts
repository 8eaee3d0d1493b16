import { expect, test, type Page } from '@playwright/test';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, storedPipeline, waitForAutosave } from './studio-kit';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

const CSV = 'height,weight,team,joined\n1.80,80,red,2020-01-02\n1.62,61,blue,2021-03-04\n1.75,72,red,2022-05-06\n1.68,66,blue,2023-07-08\n';

/** The options of Split's target picker, as the person reads them. */
async function targetOptions(page: Page): Promise<string[]> {
	const picker = page.getByTestId('param-target').locator('select');
	await expect(picker).toBeVisible({ timeout: 15_000 });
	return (await picker.locator('option').allTextContents()).map((t) => t.trim());
}

test('an uploaded CSV: Split lists its columns without running, after a reload too, and flags a missing column', async ({ page }) => {
	await createProject(page, 'Schemas');
	await page.getByTestId('upload-input').setInputFiles({ name: 'players.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
	await expect(page.getByTestId('status-line')).toContainText('Imported players.csv: 4 rows × 4 columns.', { timeout: 30_000 });

	await addFromPalette(page, 'split', 'split.train-test', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'io.dataset'), 'source', 'data'),
		handle(flowNode(page, 'split.train-test'), 'target', 'data')
	);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(1);
	await flowNode(page, 'split.train-test').click();

	// Nothing ran: the picker comes from the stored dataset's schema.
	await expect(flowNode(page, 'split.train-test').locator('[data-status]')).not.toHaveAttribute('data-status', /done|cached/);
	expect(await targetOptions(page)).toEqual(['— none —', 'height · number', 'weight · number', 'team · category', 'joined · date']);
	await page.getByTestId('param-target').locator('select').selectOption('team');
	await page.screenshot({ path: join(SHOTS, 'schemas-split-picker.png') });
	await waitForAutosave(page, (doc) => doc.nodes.some((n) => n.type === 'split.train-test' && n.params.target === 'team'));

	await page.reload();
	await flowNode(page, 'split.train-test').click();
	expect(await targetOptions(page)).toEqual(['— none —', 'height · number', 'weight · number', 'team · category', 'joined · date']);
	await expect(page.getByTestId('param-target').locator('select')).toHaveValue('team');
	await expect(page.getByTestId('absent-column')).toHaveCount(0);
	await page.screenshot({ path: join(SHOTS, 'schemas-split-after-reload.png') });

	// A Select columns step that drops the chosen target: the Split says so before any run.
	await addFromPalette(page, 'select columns', 'clean.columns', true);
	await fitView(page);
	await dragHandle(page, handle(flowNode(page, 'io.dataset'), 'source', 'data'), handle(flowNode(page, 'clean.columns'), 'target', 'data'));
	await dragHandle(
		page,
		handle(flowNode(page, 'clean.columns'), 'source', 'data'),
		handle(flowNode(page, 'split.train-test'), 'target', 'data')
	);
	await expect(page.locator('.svelte-flow__edge')).toHaveCount(2);
	await flowNode(page, 'clean.columns').click();
	await page.getByTestId('param-drop').getByRole('checkbox', { name: /^team/ }).check();
	await flowNode(page, 'split.train-test').click();
	expect(await targetOptions(page)).toEqual(['— none —', 'height · number', 'weight · number', 'joined · date', 'team (not in the input)']);
	await expect(page.getByTestId('absent-column')).toHaveText('column "team" is not in the input');
	await page.screenshot({ path: join(SHOTS, 'schemas-split-missing-column.png') });
	expect((await storedPipeline(page))?.nodes.find((n) => n.type === 'split.train-test')?.params.target).toBe('team');
});
