import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addFromPalette, createProject, fitView, flowNode, storedPipeline, waitForAutosave } from './studio-kit';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '.output');

interface Annotated {
	readonly nodes: readonly { id: string; type: string; position: { x: number; y: number } }[];
	readonly frames?: readonly { id: string; title: string; colour: string; position: { x: number; y: number } }[];
	readonly notes?: readonly { id: string; text: string }[];
}
const stored = async (page: Page) => (await storedPipeline(page)) as unknown as Annotated | null;

/** Shift-drag a selection box around everything on the canvas. */
async function boxSelectAll(page: Page) {
	const pane = await page.locator('.svelte-flow').boundingBox();
	if (!pane) throw new Error('no canvas');
	await page.keyboard.down('Shift');
	await page.mouse.move(pane.x + 8, pane.y + 8);
	await page.mouse.down();
	await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2, { steps: 6 });
	await page.mouse.move(pane.x + pane.width - 8, pane.y + pane.height - 8, { steps: 6 });
	await page.mouse.up();
	await page.keyboard.up('Shift');
}

test('a Markdown note and a frame around two nodes survive export and re-open; moving the frame moves its nodes', async ({ page }) => {
	await createProject(page, 'Annotated');
	await addFromPalette(page, 'dataset', 'io.dataset', true);
	await addFromPalette(page, 'split', 'split.train-test', true);
	await fitView(page);
	await boxSelectAll(page);
	await page.getByTestId('frame-selection').click();
	await expect(page.getByTestId('frame')).toHaveCount(1);

	await page.getByTestId('add-note').click();
	const note = page.getByTestId('note');
	await expect(note).toHaveCount(1);
	await note.dblclick();
	await page
		.getByTestId('note-editor')
		.fill('## Data notes\n\nRead [the docs](https://example.org/docs) first.\n\n<script>window.pwned = 1</script>');
	await page.getByTestId('note-editor').press('Control+Enter');
	await expect(note.locator('h2')).toHaveText('Data notes');
	const link = note.locator('a');
	await expect(link).toHaveAttribute('href', 'https://example.org/docs');
	await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
	await expect(note.locator('script')).toHaveCount(0);
	await expect(note).toContainText('<script>window.pwned = 1</script>');
	expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

	// Select the frame by its title bar and give it a colour from the palette.
	await fitView(page);
	const barBox = (await page.getByTestId('frame').locator('.bar').boundingBox())!;
	// Left of the canvas's top-right buttons, right of the title.
	await page.mouse.click(barBox.x + 120, barBox.y + barBox.height / 2);
	await page.getByRole('button', { name: 'Colour blue' }).click();
	await waitForAutosave(page, (d) => {
		const a = d as unknown as Annotated;
		return a.frames?.[0]?.colour === 'blue' && (a.notes?.[0]?.text ?? '').startsWith('## Data');
	});
	await fitView(page);
	await page.screenshot({ path: join(SHOTS, 'notes-framed-pipeline.png') });

	// Move the frame by its title bar: both nodes move by the same amount.
	const before = (await stored(page))!;
	const bar = page.getByTestId('frame').locator('.bar');
	const box = (await bar.boundingBox())!;
	// Past the title and the colour swatches (shown while the frame is selected).
	await page.mouse.move(box.x + 240, box.y + box.height / 2);
	await page.mouse.down();
	await page.mouse.move(box.x + 270, box.y + box.height / 2 + 30, { steps: 5 });
	await page.mouse.move(box.x + 340, box.y + box.height / 2 + 90, { steps: 5 });
	await page.mouse.up();
	await waitForAutosave(page, (d) => (d as unknown as Annotated).frames?.[0]?.position.x !== before.frames![0].position.x);
	const after = (await stored(page))!;
	const dx = after.frames![0].position.x - before.frames![0].position.x;
	const dy = after.frames![0].position.y - before.frames![0].position.y;
	expect(dx).toBeGreaterThan(20);
	expect(dy).toBeGreaterThan(20);
	for (const n of before.nodes) {
		const moved = after.nodes.find((m) => m.id === n.id)!;
		expect([moved.position.x - n.position.x, moved.position.y - n.position.y]).toEqual([dx, dy]);
	}

	// Export, then open the file as a new project: the frame and the note are still there.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pipeline').click()]);
	const text = readFileSync((await download.path())!, 'utf8');
	const file = JSON.parse(text);
	expect(file.schema.sequences.doc).toBe(3);
	expect(file.frames).toHaveLength(1);
	expect(file.notes[0].text).toContain('## Data notes');
	await page.goto('/');
	await page
		.getByTestId('open-file-input')
		.setInputFiles({ name: 'annotated.tessera.json', mimeType: 'application/json', buffer: Buffer.from(text) });
	await page.waitForURL(/\/studio/);
	await expect(page.getByTestId('frame')).toHaveCount(1);
	await expect(page.getByTestId('frame-title')).toHaveText('Group');
	await expect(page.getByTestId('note').locator('h2')).toHaveText('Data notes');
	await expect(flowNode(page, 'split.train-test')).toHaveCount(1);

	// Collapse: the members are hidden; expand: they are back.
	await page.getByTestId('frame-collapse').click();
	await expect(flowNode(page, 'split.train-test')).toBeHidden();
	await page.getByTestId('frame-collapse').click();
	await expect(flowNode(page, 'split.train-test')).toBeVisible();
});

test('lesson 1 completed through Show me: every step turns green', async ({ page }) => {
	await createProject(page, 'Lesson one');
	await page.getByTestId('lessons-toggle').click();
	await page.locator('[data-testid="lesson-pick"][data-lesson="first-pipeline"]').click();
	const steps = page.getByTestId('lesson-step');
	await expect(steps).toHaveCount(7);
	await expect(page.getByTestId('lesson-progress')).toHaveText('0 of 7 steps done');
	for (let i = 0; i < 7; i++) {
		await expect(steps.nth(i)).toHaveAttribute('data-done', 'false');
		await steps.nth(i).getByTestId('lesson-show-me').click();
		await expect(steps.nth(i)).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
		if (i === 3) {
			await fitView(page);
			await page.screenshot({ path: join(SHOTS, 'lesson-panel-midway.png') });
		}
	}
	await expect(page.getByTestId('lesson-progress')).toHaveText('7 of 7 steps done — lesson complete!');
	for (let i = 0; i < 7; i++) await expect(steps.nth(i)).toHaveAttribute('data-done', 'true');
	await page.screenshot({ path: join(SHOTS, 'lesson-panel-done.png') });

	// The address other pages use to start a lesson (lessonHref): the panel opens on it.
	const project = new URL(page.url()).searchParams.get('project')!;
	await page.goto(`/studio?project=${project}&lesson=explain-a-model`);
	await expect(page.getByTestId('lesson-panel').locator('h2')).toHaveText('Explaining a model');
	await expect(page.getByTestId('lesson-progress')).toHaveText('0 of 6 steps done');
});

test('an invalid lesson file is refused with a clear message', async ({ page }) => {
	await createProject(page, 'Own lesson');
	await page.getByTestId('lessons-toggle').click();
	await page.getByTestId('lesson-file').setInputFiles({
		name: 'broken.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			JSON.stringify({
				format: 'tessera-lesson',
				version: 1,
				id: 'x',
				title: 'X',
				summary: 'x',
				steps: [{ title: 'a', text: 'b', check: { kind: 'eval' } }]
			})
		)
	});
	await expect(page.getByTestId('lesson-error')).toContainText(
		'broken.json is not a lesson this app can follow: steps[0].check.kind: expected one of'
	);
});
