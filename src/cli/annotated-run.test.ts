/** A pipeline file with frames and notes (format 3) opens and runs in the CLI exactly as without them. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNote, frameAround, serialiseDocument } from '$lib/core/doc';
import { parseLesson, planShowMe } from '$lib/core/lessons';
import { emptyDoc, registry } from '$lib/core/nodes/test-kit';
import { main } from './main';

async function cli(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(
		argv,
		(s) => (stdout += s + '\n'),
		(s) => (stderr += s + '\n')
	);
	return { code, stdout, stderr };
}

describe('tessera run on an annotated pipeline', () => {
	it('runs the lesson-1 pipeline with a frame and a Markdown note, and gives the same metrics as without them', async () => {
		const lesson = parseLesson(readFileSync(join(__dirname, '..', '..', 'static', 'lessons', 'first-pipeline.json'), 'utf8'), registry);
		if (!lesson.ok) throw new Error(lesson.errors.join('; '));
		let doc = emptyDoc();
		for (const step of lesson.lesson.steps) {
			const plan = planShowMe(doc, registry, step.show);
			if (!plan.ok) throw new Error(plan.error);
			doc = plan.doc;
		}
		const framed = frameAround(
			doc,
			doc.nodes.map((n) => n.id),
			'Iris'
		);
		if (!framed.ok) throw new Error(framed.error);
		const noted = addNote(
			framed.doc,
			{ x: 0, y: 400 },
			'# Iris\n\n<script>alert(1)</script> [wiki](https://en.wikipedia.org/wiki/Iris_flower_data_set)'
		);
		if (!noted.ok) throw new Error(noted.error);

		const dir = mkdtempSync(join(tmpdir(), 'tessera-annotated-'));
		const plainFile = join(dir, 'plain.tessera.json');
		const annotatedFile = join(dir, 'annotated.tessera.json');
		writeFileSync(plainFile, serialiseDocument(doc));
		writeFileSync(annotatedFile, serialiseDocument(noted.doc));
		expect(JSON.parse(readFileSync(annotatedFile, 'utf8')).notes).toHaveLength(1);

		const plain = await cli('run', plainFile, '--json');
		const annotated = await cli('run', annotatedFile, '--json');
		expect(annotated.stderr).toBe('');
		expect(annotated.code).toBe(0);
		const a = JSON.parse(annotated.stdout);
		expect(a.evaluations).toHaveLength(1);
		expect(a.evaluations[0].test.accuracy).toBeGreaterThanOrEqual(0.8);
		expect(a.evaluations).toEqual(JSON.parse(plain.stdout).evaluations);
	});
});
