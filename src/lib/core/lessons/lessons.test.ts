/**
 * The shipped lessons (static/lessons), followed by a script: from an empty project, each
 * step's "Show me" is applied through the same commands the studio uses, a run happens on
 * the engine with the real samples where the step asks for one, and the step must then be
 * done — and not before. A final run of the finished pipeline must leave every step done.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../doc/types';
import type { RunResult } from '../engine/run';
import { emptyDoc, registry, run } from '../nodes/test-kit';
import { checkPasses, lessonProgress, NO_RUN, parseLesson, planShowMe, type Lesson, type RunFacts } from './index';

const DIR = join(__dirname, '..', '..', '..', '..', 'static', 'lessons');
const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');

function factsOf(result: RunResult): RunFacts {
	return {
		done: (id) => result.outputs.has(id) && !result.errors.has(id),
		metric: (id, name) => {
			const m = result.outputs.get(id)?.metrics;
			if (m?.kind !== 'metrics' || !m.test) return null;
			const v = (m.test as unknown as Record<string, unknown>)[name];
			return typeof v === 'number' ? v : null;
		}
	};
}

const index = JSON.parse(read('index.json')) as { format: string; version: number; lessons: string[] };

describe('the shipped lessons', () => {
	it('the index lists at least four lessons, each a valid lesson file whose id is its file name', () => {
		expect(index.format).toBe('tessera-lesson-index');
		expect(index.lessons.length).toBeGreaterThanOrEqual(4);
		for (const file of index.lessons) {
			const r = parseLesson(read(file), registry);
			if (!r.ok) throw new Error(`${file}: ${r.errors.join('; ')}`);
			expect(`${r.lesson.id}.json`).toBe(file);
		}
	});

	for (const file of index.lessons) {
		it(`${file}: following every "Show me" from an empty project completes every step`, { timeout: 240_000 }, async () => {
			const parsed = parseLesson(read(file), registry);
			if (!parsed.ok) throw new Error(parsed.errors.join('; '));
			const lesson: Lesson = parsed.lesson;
			let doc: PipelineDocument = emptyDoc();
			let facts: RunFacts = NO_RUN;
			expect(lessonProgress(lesson, doc, NO_RUN).some(Boolean)).toBe(false);
			for (const [i, step] of lesson.steps.entries()) {
				expect(checkPasses(step.check, doc, facts), `step ${i + 1} "${step.title}" done before Show me`).toBe(false);
				const plan = planShowMe(doc, registry, step.show);
				if (!plan.ok) throw new Error(`step ${i + 1} "${step.title}": ${plan.error}`);
				doc = plan.doc;
				if (plan.run) {
					const result = await run(doc);
					expect([...result.errors], `step ${i + 1} run errors`).toEqual([]);
					facts = factsOf(result);
				}
				expect(checkPasses(step.check, doc, facts), `step ${i + 1} "${step.title}" done after Show me`).toBe(true);
			}
			const final = factsOf(await run(doc));
			expect(lessonProgress(lesson, doc, final)).toEqual(lesson.steps.map(() => true));
		});
	}
});
