import { expect, test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitForAutosave } from './studio-kit';

/**
 * Fingerprints in the studio (issue 18): a pipeline made by the previous Tessera names its
 * dataset by the older 16-digit checksum (fixture written by that version's own CLI). The
 * banner says the checksum is the older kind; a different file is refused with both values;
 * the right file is accepted with a note, the pipeline re-pointed at its SHA-256 fingerprint,
 * and the experiment the run records shows SHA-256 fingerprints.
 */
const here = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(here, '.output');
const LEGACY_PIPELINE = join(here, 'fixtures', 'integrity', 'penguins-legacy-hash.tessera.json');
const PENGUINS = readFileSync(join(here, '..', 'static', 'samples', 'penguins.csv'));
const LEGACY_HASH = '9a15badbd5e78a83';
const sha256 = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function openPipelineFile(page: Page, file: string) {
	await page.goto('/');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('open-pipeline-file').click()]);
	await chooser.setFiles(file);
	await page.waitForURL(/\/studio/);
}

test('a pipeline with the older checksum: refused file shows both, the right one is re-pointed at its SHA-256 fingerprint', async ({
	page
}) => {
	test.setTimeout(180_000);
	await openPipelineFile(page, LEGACY_PIPELINE);
	const banner = page.getByTestId('missing-data');
	await expect(banner.getByTestId('missing-dataset')).toContainText(`hash ${LEGACY_HASH.slice(0, 12)} (older checksum)`);
	await page.screenshot({ path: join(SHOTS, 'integrity-missing-banner.png') });

	// Two rows short: another file. Refused, with the recorded checksum and the file's SHA-256.
	const lines = PENGUINS.toString('utf8').split('\n');
	const shorter = Buffer.from(lines.slice(0, -3).join('\n') + '\n');
	const [chooser] = await Promise.all([page.waitForEvent('filechooser'), banner.getByTestId('missing-upload').click()]);
	await chooser.setFiles({ name: 'penguins.csv', mimeType: 'text/csv', buffer: shorter });
	const dialog = page.getByTestId('different-file');
	await expect(dialog.getByTestId('expected-hash')).toHaveText(LEGACY_HASH);
	await expect(dialog.getByTestId('actual-hash')).toHaveText(sha256(shorter));
	await page.screenshot({ path: join(SHOTS, 'integrity-different-file.png') });
	await dialog.getByTestId('different-cancel').click();
	await expect(dialog).toBeHidden();

	// The file it was made with: accepted by the older checksum, said so, and re-pointed.
	const fingerprint = sha256(PENGUINS);
	const [again] = await Promise.all([page.waitForEvent('filechooser'), banner.getByTestId('missing-upload').click()]);
	await again.setFiles({ name: 'penguins.csv', mimeType: 'text/csv', buffer: PENGUINS });
	const status = page.getByTestId('status-line');
	await expect(status).toContainText(`checked with its older 64-bit checksum (${LEGACY_HASH})`);
	await expect(status).toContainText(`SHA-256 fingerprint, ${fingerprint.slice(0, 'sha256:'.length + 12)}`);
	await expect(banner).toBeHidden();
	await page.screenshot({ path: join(SHOTS, 'integrity-accepted.png') });
	await waitForAutosave(page, (doc) => doc.nodes.some((n) => n.type === 'io.dataset' && n.params.hash === fingerprint));

	// The run's experiment names the pipeline and the data by SHA-256 fingerprints.
	await page.getByTestId('run-all').click();
	await expect(status).toContainText(/Run finished/, { timeout: 90_000 });
	await page.getByTestId('open-experiments').click();
	await page.waitForURL(/\/experiments/);
	await page.getByTestId('experiment-row').first().getByTestId('open-experiment').click();
	const prints = page.getByTestId('experiment-fingerprints');
	await expect(prints).toContainText(/^Pipeline sha256:[0-9a-f]{64} · data /);
	await expect(prints).toContainText(fingerprint);
	await page.screenshot({ path: join(SHOTS, 'integrity-experiment.png'), fullPage: true });
});
