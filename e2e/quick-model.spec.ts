import { expect, test } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, flowNode } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

/**
 * A churn table as an analyst uploads it: a customer id, a signup date, a city with many
 * levels, two numbers and a 0/1 target. Deterministic, so the reason text is fixed.
 */
function churnCsv(): string {
	const lines = ['customer_id,signup,city,tenure,monthly,churn'];
	for (let i = 0; i < 240; i++) {
		const tenure = (i * 37) % 60;
		const monthly = 20 + ((i * 13) % 80);
		const churn = tenure < 12 && monthly > 50 ? 1 : (i * 7) % 11 === 0 ? 1 : 0;
		const day = String((i % 28) + 1).padStart(2, '0');
		const month = String((i % 12) + 1).padStart(2, '0');
		lines.push(`C${1000 + i},2023-${month}-${day},city${(i * 17) % 30},${tenure},${monthly}.5,${churn}`);
	}
	return lines.join('\n') + '\n';
}

test('Quick model on a CSV with a 0/1 target infers classification, says why and what it does with each column', async ({ page }) => {
	await createProject(page, 'Churn');
	await page
		.getByTestId('upload-input')
		.setInputFiles({ name: 'churn.csv', mimeType: 'text/csv', buffer: Buffer.from(churnCsv(), 'utf8') });
	await expect(page.getByTestId('status-line')).toContainText('Imported churn.csv: 240 rows × 6 columns.', { timeout: 30_000 });

	await page.getByTestId('quick-model').click();
	const dialog = page.getByTestId('quick-model-dialog');
	const dataset = page.getByTestId('quick-dataset');
	// The uploaded file, not the bundled churn sample of the same name.
	const uploaded = await dataset.locator('option[value^="stored:"]', { hasText: 'churn' }).getAttribute('value');
	await dataset.selectOption(uploaded!);
	await expect(page.getByTestId('quick-target').locator('option', { hasText: 'churn' })).not.toHaveCount(0);
	await page.getByTestId('quick-target').selectOption('churn');

	await expect(page.getByTestId('quick-task-reason')).toHaveText('Inferred: 2 distinct whole numbers → classification');
	await expect(dialog.getByLabel('Classification')).toBeChecked();
	const recipe = page.getByTestId('quick-recipe');
	await expect(recipe).toContainText('customer_id: left out');
	await expect(recipe).toContainText('signup: a date → year, month, day and weekday (Date parts)');
	await expect(recipe).toContainText('city: 30 levels → frequency encoding');
	// Classifiers only: a 0/1 flag is no number to regress on unless the user says so.
	await expect(page.getByTestId('quick-family').locator('option', { hasText: 'Naive Bayes' })).toHaveCount(1);
	await dialog.screenshot({ path: join(SHOTS, 'quick-model-dialog-churn.png') });

	// Switching the task is the user's call, and the dialog says it was chosen.
	await dialog.getByLabel('Regression').check();
	await expect(page.getByTestId('quick-task-reason')).toHaveText('Chosen — inferred: 2 distinct whole numbers → classification');
	await expect(page.getByTestId('quick-family').locator('option', { hasText: 'Naive Bayes' })).toHaveCount(0);
	await dialog.getByLabel('Classification').check();
	await expect(page.getByTestId('quick-task-reason')).toHaveText('Inferred: 2 distinct whole numbers → classification');

	await page.getByTestId('quick-go').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	// The recipe's nodes are ordinary nodes, labelled with what they do.
	await expect(flowNode(page, 'clean.columns')).toContainText('Leave out: customer_id (id-like)');
	await expect(flowNode(page, 'features.date-parts')).toContainText('Date parts: signup');
	await expect(flowNode(page, 'features.frequency')).toContainText('Frequency encode: city (30 levels)');
	await expect(flowNode(page, 'model.gbdt')).toBeVisible();
	await page.screenshot({ path: join(SHOTS, 'quick-model-churn-pipeline.png') });
});

test('Quick model builds the text pipeline for the reviews and the CNN for the digits', async ({ page }) => {
	await createProject(page, 'Samples');
	await page.getByTestId('quick-model').click();
	await page.getByTestId('quick-dataset').selectOption('sample:reviews');
	await page.getByTestId('quick-target').selectOption('sentiment');
	await expect(page.getByTestId('quick-recipe')).toContainText('text to classify: TF-IDF weights, then a logistic regression');
	// The text network is offered for a single text column; the CNN is not (no images).
	await expect(page.getByTestId('quick-family')).toContainText('Text classifier (network)');
	await expect(page.getByTestId('quick-family')).not.toContainText('Image classifier');
	await page.getByTestId('quick-go').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await expect(flowNode(page, 'features.text')).toContainText('TF-IDF: text');

	await page.getByTestId('quick-model').click();
	await page.getByTestId('quick-dataset').selectOption('sample:digits');
	await page.getByTestId('quick-target').selectOption('label');
	await expect(page.getByTestId('quick-recipe')).toContainText('images: 8×8, grayscale (64 pixel columns)');
	await expect(page.getByTestId('quick-family').locator('option').first()).toContainText('CNN');
	await page.getByTestId('quick-model-dialog').screenshot({ path: join(SHOTS, 'quick-model-dialog-digits.png') });
});
