import { expect, test } from '@playwright/test';
import { join } from 'node:path';

// The Monitoring page on a capture made by the real server (scripts/make-capture-fixture.mjs):
// 8 hours of penguins requests, "Beak Length (mm)" shifted by +10 mm in the last 3.
const FIX = 'e2e/fixtures/monitoring';
const SHOTS = 'e2e/.output/screens';
const SHIFTED = 'Beak Length (mm)';

test('a capture, its model and late labels: drift flagged on the shifted column, metrics per window, alerts', async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto('/');
	await page.getByTestId('nav-monitoring').click();
	await expect(page.getByTestId('monitoring-page')).toBeVisible();

	// Two rotated files, given out of order: one stream in time order.
	await page.getByTestId('capture-input').setInputFiles([join(FIX, 'capture-2.ndjson'), join(FIX, 'capture-1.ndjson')]);
	await expect(page.getByTestId('capture-summary')).toContainText('512 in 207 requests');
	await expect(page.getByTestId('report-summary')).toContainText('8 windows of an hour');
	// No model yet: no drift, and the page says why.
	await expect(page.getByTestId('report-summary')).toContainText('open the model file to test drift');

	await page.getByTestId('model-input').setInputFiles('e2e/fixtures/penguins-gbdt.v1.tessera-model');
	await expect(page.getByTestId('model-summary')).toContainText('classification, 6 input columns, test accuracy 0.980');
	await expect(page.getByTestId('drift-strip')).toBeVisible();

	// The shifted column drifts in the last three hours, not before.
	const drifted = async (column: string) =>
		page
			.locator(`[data-testid="drift-cell"][data-column="${column}"]`)
			.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-drifted') === 'true'));
	expect(await drifted(SHIFTED)).toEqual([false, false, false, false, false, true, true, true]);

	// Labels joined by the row_id column the client sent beside the model's inputs.
	await page.getByTestId('labels-input').setInputFiles(join(FIX, 'labels.csv'));
	await expect(page.getByTestId('labels-summary')).toContainText('410 of 512 rows labelled');
	const accuracy = page.locator('[data-testid="metric-point"][data-metric="accuracy"]');
	await expect(accuracy).toHaveCount(8);
	const values = (await accuracy.evaluateAll((ps) => ps.map((p) => Number(p.getAttribute('data-value'))))) as number[];
	expect(values.slice(0, 5)).toEqual([1, 1, 1, 1, 1]);
	for (const v of values.slice(5)) expect(v).toBeLessThan(0.8);

	// Default rules: latency p95 > 100 ms, any column drifted, accuracy < test − 0.05 (0.93).
	const alerts = page.getByTestId('alert');
	for (const w of ['5', '6', '7']) {
		const alert = page.locator(`[data-testid="alert"][data-window="${w}"]`);
		await expect(alert).toContainText(`drift in "${SHIFTED}"`);
		await expect(alert.locator('[data-rule="accuracy < 0.93"]')).toHaveCount(1);
	}
	// The earlier hours raise no accuracy alert and no alert on the shifted column.
	for (const w of ['0', '1', '2', '3', '4']) {
		const alert = page.locator(`[data-testid="alert"][data-window="${w}"]`);
		if (await alert.count()) {
			await expect(alert).not.toContainText(SHIFTED);
			await expect(alert.locator('[data-rule="accuracy < 0.93"]')).toHaveCount(0);
		}
	}
	// Flagged windows are highlighted in the charts too.
	await expect(page.locator('[data-testid="chart-volume"] [data-testid="flag-band"][data-window="6"]')).toHaveCount(1);
	await page.screenshot({ path: join(SHOTS, 'monitoring-flagged.png') });

	// Keyboard: an alert opens its window's details.
	await alerts.filter({ hasText: 'drift in' }).last().focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('window-detail')).toContainText('ks');
	await page.getByTestId('window-detail').scrollIntoViewIfNeeded();
	await page.screenshot({ path: join(SHOTS, 'monitoring-window.png'), fullPage: true });

	// A rule removed is no longer shown; a rule added is.
	await page.getByRole('button', { name: 'Remove rule any column drifted' }).click();
	await expect(page.locator('[data-testid="alert"][data-window="5"]')).not.toContainText('drift in');
	await page.getByTestId('rules-editor').getByLabel('Kind of rule to add').selectOption('drift');
	await page.getByTestId('add-rule').click();
	await page.getByTestId('rules-editor').getByLabel('Column', { exact: true }).last().selectOption(SHIFTED);
	await expect(page.locator('[data-testid="alert"][data-window="5"]')).toContainText(`drift in "${SHIFTED}"`);
	await expect(page.locator('[data-testid="alert"][data-window="0"]')).toHaveCount(0);
});

test('bad lines are counted by number, and a cut-off last line is told apart', async ({ page }) => {
	await page.goto('/monitoring');
	const good = (k: number) =>
		JSON.stringify({
			time: `2026-01-01T00:0${k}:00Z`,
			model: 'm',
			version: '1',
			endpoint: 'v2',
			id: null,
			latency_ms: 1,
			rows: 1,
			inputs: { x: ['1'] },
			outputs: { label: ['a'] }
		});
	const text = [good(0), 'not json', good(2), good(3)].join('\n').slice(0, -4);
	await page
		.getByTestId('capture-input')
		.setInputFiles({ name: 'broken.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
	await expect(page.getByTestId('capture-issues')).toContainText('broken.ndjson line 2: not JSON');
	await expect(page.getByTestId('capture-issues')).toContainText('Cut off mid-line at the end (left out): broken.ndjson');
	await expect(page.getByTestId('capture-summary')).toContainText('2 in 2 requests');
});

test('a registered model is a reference too', async ({ page }) => {
	// The model file imported into this browser's registry on the Models page.
	await page.goto('/models');
	await page.getByTestId('import-model-input').setInputFiles('e2e/fixtures/penguins-gbdt.v1.tessera-model');
	await page.getByTestId('import-name').fill('penguins');
	await page.getByTestId('import-save').click();
	await expect(page.getByTestId('version-row')).toHaveCount(1);

	await page.getByTestId('nav-monitoring').click();
	await page.getByTestId('capture-input').setInputFiles([join(FIX, 'capture-1.ndjson'), join(FIX, 'capture-2.ndjson')]);
	await expect(page.getByTestId('report-summary')).toContainText('8 windows of an hour');
	await page.getByLabel('Registered model').selectOption('penguins@1');
	await expect(page.getByTestId('model-summary')).toContainText('penguins@1: classification, 6 input columns');
	const cells = page.locator(`[data-testid="drift-cell"][data-column="${SHIFTED}"]`);
	await expect(cells).toHaveCount(8);
	expect(await cells.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-drifted') === 'true'))).toEqual([
		false,
		false,
		false,
		false,
		false,
		true,
		true,
		true
	]);
});

test('an NDJSON file of plain scored rows opens as a table: time and prediction picked', async ({ page }) => {
	await page.goto('/monitoring');
	const rows = [
		['2026-11-02T08:10:00Z', 'Torgersen', 39.1, 'Adelie'],
		['2026-11-02T08:40:00Z', 'Biscoe', 46.1, 'Gentoo'],
		['2026-11-02T09:05:00Z', 'Dream', 46.5, 'Chinstrap']
	].map(([at, island, beak, predicted]) => JSON.stringify({ at, Island: island, 'Beak Length (mm)': beak, predicted }));
	await page
		.getByTestId('capture-input')
		.setInputFiles({ name: 'scored.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(rows.join('\n') + '\n') });
	await expect(page.getByTestId('scored-columns')).toContainText('scored.ndjson: 3 rows');
	await page.getByTestId('scored-columns').getByLabel('Time').selectOption('at');
	await page.getByTestId('scored-columns').getByLabel('Prediction').selectOption('predicted');
	await page.getByTestId('use-scored').click();
	await expect(page.getByTestId('capture-summary')).toContainText('3 in 3 rows');
	await page.getByTestId('window-width').selectOption({ label: 'hour' });
	await expect(page.getByTestId('report-summary')).toContainText('3 rows, 2 windows of an hour');
	// No latency in a table of scored rows: no latency chart.
	await expect(page.getByTestId('chart-latency')).toHaveCount(0);
	await expect(page.getByTestId('chart-mix')).toBeVisible();
});
