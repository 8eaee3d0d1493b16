import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Issue 15: a registered version's model card from the Models page — the limitations typed in
 * are kept with the version (they are there again after a reload) and the card downloads as
 * Markdown with every section, the limitations among them.
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, '.output');
const MODEL = readFileSync(join(HERE, 'fixtures', 'penguins-gbdt.v1.tessera-model'));

test('Model card: limitations kept with the version, card downloaded as Markdown', async ({ page }, testInfo) => {
	await page.goto('/models');
	await expect(page.getByTestId('registry-empty')).toBeVisible();
	await page
		.getByTestId('import-model-input')
		.setInputFiles({ name: 'penguins-gbdt.tessera-model', mimeType: 'application/octet-stream', buffer: MODEL });
	await page.getByTestId('import-name').fill('penguins');
	await page.getByTestId('import-save').click();
	await expect(page.getByTestId('version-row')).toHaveCount(1);

	await page.getByTestId('model-card-version').click();
	const form = page.getByTestId('model-card-form');
	await expect(form).toBeVisible();
	await page.getByTestId('model-card-limitations').fill('Three islands of the Palmer Archipelago only.\nNot for chicks.');
	await page.screenshot({ path: join(SHOTS, 'model-card-form.png') });

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('model-card-download').click()]);
	expect(download.suggestedFilename()).toBe('penguins-1.card.md');
	const saved = testInfo.outputPath('penguins-1.card.md');
	await download.saveAs(saved);
	const card = readFileSync(saved, 'utf8');
	expect(card.startsWith('# Model card: penguins — version 1\n')).toBe(true);
	expect([...card.matchAll(/^## (.+)$/gm)].map((m) => m[1])).toEqual([
		'Intended use',
		'Training data',
		'Features',
		'Metrics',
		'Drift reference',
		'Limitations',
		'Version history'
	]);
	expect(card).toContain('## Limitations\n\nThree islands of the Palmer Archipelago only.\nNot for chicks.\n');
	expect(card).toMatch(/\| Island \| category \| yes \| 3 levels: /);
	expect(card).toMatch(/\| registered \| 1 \| Imported from penguins-gbdt\.tessera-model \|/);
	expect(card).toMatch(/\| in use \| 1 \| the version a Registered model node loads \|/);
	await expect(page.getByTestId('registry-error')).toHaveCount(0);

	// Kept with the version: after a reload the form opens with them.
	await page.reload();
	await page.getByTestId('model-card-version').click();
	await expect(page.getByTestId('model-card-limitations')).toHaveValue('Three islands of the Palmer Archipelago only.\nNot for chicks.');
});
