import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, dragHandle, fitView, flowNode, handle, buildQuickModel } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

async function quickModel(page: Page, sample: string, target: string, family: string) {
	await buildQuickModel(page, sample, target, family);
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 90_000 });
}

async function selectParam(page: Page, name: string, value: string) {
	// A column param is a text box until the inspector has read the input's columns, then a list.
	const input = page.locator(`select#param-input-${name}`);
	await expect(input.locator('option', { hasText: value })).not.toHaveCount(0);
	await input.selectOption(value);
	await expect(input).toHaveValue(value);
}

test('gradient-boosted trees on wine: accuracy, per-round curves and feature importances; k-means shows its elbow', async ({ page }) => {
	test.setTimeout(180_000);
	await createProject(page, 'Wine zoo');
	await quickModel(page, 'wine', 'cultivar', 'gbdt');
	await flowNode(page, 'evaluate.metrics').click();
	const accuracy = Number(await page.getByTestId('metric-test-accuracy').textContent());
	expect(accuracy).toBeGreaterThanOrEqual(0.85);

	await flowNode(page, 'model.gbdt').click();
	const curves = page.getByTestId('training-curves');
	await expect(curves).toBeVisible();
	await expect(curves).toContainText('boosting round');
	await expect(curves).toContainText('val_loss');
	await page.screenshot({ path: join(SHOTS, 'models-gbdt-curves.png') });
	await page.getByTestId('result-tab-report').click();
	// The wine classes are told apart by a few chemistry columns; they lead the importance table.
	await expect(page.getByTestId('report-view')).toContainText(/proline|flavanoids|color_intensity/);

	await addFromPalette(page, 'k-means', 'model.kmeans');
	await fitView(page);
	await dragHandle(page, handle(flowNode(page, 'clean.scale'), 'source', 'data'), handle(flowNode(page, 'model.kmeans'), 'target', 'data'));
	await flowNode(page, 'model.kmeans').click();
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'model.kmeans').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await page.getByTestId('result-tab-report').click();
	await expect(page.getByTestId('elbow-chart')).toBeVisible();
	await page.screenshot({ path: join(SHOTS, 'models-kmeans-elbow.png') });
});

test('a random forest on diabetes regresses; the digits images train a small CNN', async ({ page }) => {
	test.setTimeout(240_000);
	await createProject(page, 'Forest and CNN');
	await quickModel(page, 'diabetes', 'progression', 'forest');
	await flowNode(page, 'evaluate.metrics').click();
	await expect(page.getByTestId('metric-test-r2')).toHaveText(/^0\.[2-9]\d*/);

	// Images: Dataset (digits) → Split (label) → Image classifier → Evaluate, wired by hand.
	await createProject(page, 'Digits');
	await addFromPalette(page, 'dataset', 'io.dataset', true);
	await page.locator('#dataset-source-select').selectOption('sample:digits');
	await expect(flowNode(page, 'io.dataset')).toContainText('digits');
	await addFromPalette(page, 'split', 'split.train-test', true);
	await addFromPalette(page, 'image', 'model.cnn', true);
	await addFromPalette(page, 'evaluate', 'evaluate.metrics', true);
	await fitView(page);
	await dragHandle(
		page,
		handle(flowNode(page, 'io.dataset'), 'source', 'data'),
		handle(flowNode(page, 'split.train-test'), 'target', 'data')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'split.train-test'), 'source', 'data'),
		handle(flowNode(page, 'model.cnn'), 'target', 'data')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'model.cnn'), 'source', 'model'),
		handle(flowNode(page, 'evaluate.metrics'), 'target', 'model')
	);
	await dragHandle(
		page,
		handle(flowNode(page, 'split.train-test'), 'source', 'data'),
		handle(flowNode(page, 'evaluate.metrics'), 'target', 'data')
	);
	// Run the data first, so the Split lists its columns.
	await flowNode(page, 'io.dataset').click();
	await page.getByTestId('run-to-here').click();
	await expect(flowNode(page, 'io.dataset').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await page.screenshot({ path: join(SHOTS, 'models-digits-table.png') });
	await flowNode(page, 'split.train-test').click();
	await selectParam(page, 'target', 'label');
	await flowNode(page, 'model.cnn').click();
	const epochs = page.locator('#param-input-epochs');
	await epochs.fill('4');
	await epochs.blur();
	await page.getByTestId('run-all').click();
	await expect(flowNode(page, 'evaluate.metrics').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
	await flowNode(page, 'model.cnn').click();
	await expect(page.getByTestId('training-curves')).toContainText('val_accuracy');
	await page.screenshot({ path: join(SHOTS, 'models-cnn.png') });
	await flowNode(page, 'evaluate.metrics').click();
	expect(Number(await page.getByTestId('metric-test-accuracy').textContent())).toBeGreaterThanOrEqual(0.8);
	// Kernels on Auto: the CNN trained on our own kernels in the engine worker, not on tfjs.
	await expect(page.getByTestId('backend-note')).toContainText("Tessera's own SIMD kernels");
	await page.screenshot({ path: join(SHOTS, 'models-cnn-metrics.png') });
});

test('a folder of images with one sub-folder per class uploads as an image dataset', async ({ page }) => {
	// Three classes of the digits sample, 20 images each, laid out as a user's folder.
	const root = mkdtempSync(join(tmpdir(), 'tessera-images-'));
	const folder = join(root, 'my-digits');
	const entries = unzipSync(
		new Uint8Array(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'static', 'samples', 'digits.zip')))
	);
	const counts = new Map<string, number>();
	for (const [path, bytes] of Object.entries(entries)) {
		const [label, file] = path.split('/');
		if (!['3', '5', '8'].includes(label) || !file?.endsWith('.png') || (counts.get(label) ?? 0) >= 20) continue;
		counts.set(label, (counts.get(label) ?? 0) + 1);
		mkdirSync(join(folder, label), { recursive: true });
		writeFileSync(join(folder, label, file), bytes);
	}
	try {
		await createProject(page, 'Folder');
		// The import options (▾ next to Upload) offer "Choose image folder…".
		await page.getByTestId('import-options').click();
		await expect(page.getByTestId('import-choose-folder')).toBeVisible();
		await page.screenshot({ path: join(SHOTS, 'models-import-options.png') });
		const chooser = page.waitForEvent('filechooser');
		await page.getByTestId('import-choose-folder').click();
		await (await chooser).setFiles(folder);
		await expect(page.getByTestId('status-line')).toContainText('Imported my-digits.zip: 60 rows × 66 columns.', { timeout: 30_000 });
		await page.getByTestId('run-to-here').click();
		await expect(flowNode(page, 'io.dataset').locator('[data-status]')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
		await expect(page.getByTestId('dataset-rows')).toHaveText('60');
		await page.screenshot({ path: join(SHOTS, 'models-folder-upload.png') });
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
});
