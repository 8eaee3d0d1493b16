import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildQuickModel } from './studio-kit';

/** Create a project from the projects page; the studio opens; come back to the list. */
async function createProject(page: Page, name: string) {
	await page.goto('/');
	await page.getByTestId('new-project').click();
	await page.getByTestId('project-name-input').fill(name);
	await page.getByTestId('project-name-input').press('Enter');
	await page.waitForURL(/\/studio/);
	await expect(page.getByTestId('project-name')).toHaveText(name);
}

function row(page: Page, name: string) {
	return page.getByTestId('project-row').filter({ has: page.getByTestId('open-project').getByText(name, { exact: true }) });
}

async function names(page: Page): Promise<string[]> {
	return (await page.getByTestId('open-project').allTextContents()).map((s) => s.trim()).sort();
}

test('a user creates, renames, duplicates and deletes projects, and the list survives a reload', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByText('No projects yet')).toBeVisible();

	await createProject(page, 'Alpha');
	await createProject(page, 'Beta');
	await page.goto('/');
	await expect(page.getByTestId('project-row')).toHaveCount(2);
	expect(await names(page)).toEqual(['Alpha', 'Beta']);

	// Rename Alpha to Gamma: Enter commits.
	await row(page, 'Alpha').getByTestId('rename-project').click();
	const input = page.getByTestId('rename-input');
	await expect(input).toHaveValue('Alpha');
	await input.fill('Gamma');
	await input.press('Enter');
	await expect(page.getByTestId('rename-input')).toHaveCount(0);
	await expect(row(page, 'Gamma')).toHaveCount(1);
	expect(await names(page)).toEqual(['Beta', 'Gamma']);

	// Escape abandons a rename.
	await row(page, 'Beta').getByTestId('rename-project').click();
	await page.getByTestId('rename-input').fill('Never');
	await page.getByTestId('rename-input').press('Escape');
	await expect(page.getByTestId('rename-input')).toHaveCount(0);
	expect(await names(page)).toEqual(['Beta', 'Gamma']);

	// Duplicate Beta: a copy appears.
	await row(page, 'Beta').getByTestId('duplicate-project').click();
	await expect(page.getByTestId('project-row')).toHaveCount(3);
	expect(await names(page)).toEqual(['Beta', 'Beta (copy)', 'Gamma']);

	// Delete Gamma, but cancel: it stays.
	const dialog = page.getByTestId('confirm-dialog');
	await row(page, 'Gamma').getByTestId('delete-project').click();
	await expect(dialog).toBeVisible();
	await expect(dialog).toContainText('Gamma');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	expect(await names(page)).toEqual(['Beta', 'Beta (copy)', 'Gamma']);

	// Escape closes the dialog too, without deleting.
	await row(page, 'Gamma').getByTestId('delete-project').click();
	await expect(dialog).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	expect(await names(page)).toEqual(['Beta', 'Beta (copy)', 'Gamma']);

	// Delete Beta for real.
	await row(page, 'Beta').getByTestId('delete-project').click();
	await expect(dialog).toContainText('Beta');
	await page.getByTestId('confirm-delete').click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('project-row')).toHaveCount(2);
	expect(await names(page)).toEqual(['Beta (copy)', 'Gamma']);

	// Reload: the list is as we left it.
	await page.reload();
	await expect(page.getByTestId('project-row')).toHaveCount(2);
	expect(await names(page)).toEqual(['Beta (copy)', 'Gamma']);

	// The renamed project opens with its new name.
	await row(page, 'Gamma').getByTestId('open-project').click();
	await page.waitForURL(/\/studio/);
	await expect(page.getByTestId('project-name')).toHaveText('Gamma');
});

test('a pipeline file exported from the studio opens as a new project; a hostile file is refused', async ({ page }) => {
	test.setTimeout(90_000);
	const dir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));

	// Build a Quick model on the penguins sample and export it.
	await createProject(page, 'Penguins');
	await buildQuickModel(page, 'penguins', 'Species');
	await expect(page.locator('.svelte-flow__node [data-type]')).toHaveCount(9);
	const types = (
		await page.locator('.svelte-flow__node [data-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))
	).sort();
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pipeline').click()]);
	expect(download.suggestedFilename()).toBe('Penguins.tessera.json');
	const file = join(dir, 'penguins-shared.tessera.json');
	await download.saveAs(file);
	const doc = JSON.parse(readFileSync(file, 'utf8'));
	expect(doc.format).toBe('tessera/pipeline');
	expect(doc.nodes).toHaveLength(9);

	// Back on the projects page, open the file: a new project with the same nine nodes.
	await page.getByTestId('back-to-projects').click();
	await page.waitForURL((u) => !u.pathname.includes('studio'));
	await expect(page.getByTestId('project-row')).toHaveCount(1);
	await expect(page.getByTestId('open-pipeline-file')).toBeVisible();
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open-pipeline-file').click()]);
	await chooser.setFiles(file);
	await page.waitForURL(/\/studio/);
	const openedId = new URL(page.url()).searchParams.get('project');
	await expect(page.locator('.svelte-flow__node [data-type]')).toHaveCount(9);
	const reopened = (
		await page.locator('.svelte-flow__node [data-type]').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')))
	).sort();
	expect(reopened).toEqual(types);
	await expect(page.getByTestId('status-line')).toContainText('9 nodes');
	await page.getByTestId('back-to-projects').click();
	await expect(page.getByTestId('project-row')).toHaveCount(2);
	await expect(page.locator(`[data-testid="project-row"][data-project-id="${openedId}"]`)).toContainText('9');

	// A hostile file: an error names the file, and no project is created.
	const hostile = join(dir, 'hostile.json');
	writeFileSync(hostile, '{"format":"nope"}');
	await page.getByTestId('open-file-input').setInputFiles(hostile);
	const notes = page.getByTestId('import-notes');
	await expect(notes).toBeVisible();
	await expect(notes).toContainText('Could not open hostile.json');
	await expect(notes.locator('li').first()).toHaveText('this is not a Tessera pipeline file');
	await notes.getByRole('button', { name: 'OK' }).click();
	await expect(notes).toBeHidden();
	expect(page.url()).not.toContain('/studio');
	await expect(page.getByTestId('project-row')).toHaveCount(2);

	// Not JSON at all: refused the same way.
	const garbage = join(dir, 'garbage.json');
	writeFileSync(garbage, 'this is { not json');
	await page.getByTestId('open-file-input').setInputFiles(garbage);
	await expect(notes).toContainText('Could not open garbage.json');
	await notes.getByRole('button', { name: 'OK' }).click();
	await page.reload();
	await expect(page.getByTestId('project-row')).toHaveCount(2);
});
