/**
 * Guided lessons in the studio: the shipped lessons (static/lessons, precached so they work
 * offline) or an educator's own file, the step the learner is on, and the run facts the
 * checks read. Progress is never stored: each step's state is worked out from the live
 * document and results, so undoing an edit un-does its step too.
 */
import { createDocument } from '$lib/core/doc';
import {
	checkPasses,
	metricTypes,
	nodesOfType,
	parseLesson,
	planShowMe,
	type Lesson,
	type LessonStep,
	type RunFacts
} from '$lib/core/lessons';
import { createProject } from '$lib/persistence/projects';
import { runPipeline } from './actions';
import type { Studio } from './context';
import { registry } from './registry';
import type { RunState } from './run.svelte';

export const LESSONS_DIR = '/lessons/';

export interface LessonEntry {
	readonly file: string;
	readonly lesson: Lesson;
}

async function fetchText(path: string): Promise<string> {
	const response = await fetch(new URL(path, location.origin));
	if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
	return response.text();
}

/** The shipped lessons, in the order of static/lessons/index.json. */
export async function loadShippedLessons(): Promise<LessonEntry[]> {
	const index = JSON.parse(await fetchText(`${LESSONS_DIR}index.json`)) as { lessons?: unknown };
	const files = Array.isArray(index.lessons)
		? index.lessons.filter((f): f is string => typeof f === 'string' && /^[a-z0-9-]+\.json$/.test(f))
		: [];
	const out: LessonEntry[] = [];
	for (const file of files) {
		const r = parseLesson(await fetchText(`${LESSONS_DIR}${file}`), registry);
		if (!r.ok) throw new Error(`${file}: ${r.errors.join('; ')}`);
		out.push({ file, lesson: r.lesson });
	}
	return out;
}

/**
 * The entry point for other pages (the first-visit welcome): makes a new empty project named
 * after the lesson and returns the studio address that opens it with the lesson panel on
 * the lesson's first step. `lessonId` is a shipped lesson's id, e.g. "first-pipeline".
 */
export async function startLesson(lessonId: string): Promise<string> {
	const entry = (await loadShippedLessons()).find((e) => e.lesson.id === lessonId);
	if (!entry) throw new Error(`there is no lesson "${lessonId}"`);
	const record = await createProject(createDocument(entry.lesson.title));
	return lessonHref(record.id, lessonId);
}

/** The studio address of a project with a shipped lesson open beside it. */
export function lessonHref(projectId: string, lessonId: string): string {
	return `/studio?project=${encodeURIComponent(projectId)}&lesson=${encodeURIComponent(lessonId)}`;
}

export class LessonState {
	open = $state(false);
	lesson = $state.raw<Lesson | null>(null);
	catalog = $state.raw<readonly LessonEntry[]>([]);
	error = $state<string | null>(null);
	/** Test-set metrics of the nodes the lesson's checks read, refreshed after each run. */
	metrics = $state.raw<ReadonlyMap<string, Readonly<Record<string, number>>>>(new Map());

	async loadCatalog(): Promise<void> {
		if (this.catalog.length > 0) return;
		try {
			this.catalog = await loadShippedLessons();
		} catch (e) {
			this.error = `The lessons could not be loaded: ${e instanceof Error ? e.message : String(e)}`;
		}
	}

	async start(id: string): Promise<void> {
		this.open = true;
		await this.loadCatalog();
		const entry = this.catalog.find((e) => e.lesson.id === id);
		if (entry) {
			this.lesson = entry.lesson;
			this.error = null;
		} else this.error = `There is no lesson "${id}".`;
	}

	/** An educator's own lesson file; an invalid one is refused with every problem named. */
	async loadFile(file: File): Promise<void> {
		const r = parseLesson(await file.text(), registry);
		if (!r.ok) {
			this.error = `${file.name} is not a lesson this app can follow: ${r.errors.slice(0, 5).join('; ')}${r.errors.length > 5 ? ` (and ${r.errors.length - 5} more)` : ''}`;
			return;
		}
		this.error = null;
		this.lesson = r.lesson;
		this.open = true;
	}

	close(): void {
		this.lesson = null;
	}

	facts(run: RunState): RunFacts {
		return {
			done: (id) => {
				const s = run.status(id);
				return (s.status === 'done' || s.status === 'cached') && !s.stale;
			},
			metric: (id, name) => this.metrics.get(id)?.[name] ?? null
		};
	}

	/** Reads the metrics the checks need from the nodes' results (after a run). */
	async refreshMetrics(studio: Studio): Promise<void> {
		const doc = studio.project.doc;
		if (!this.lesson || !doc) return;
		const next = new Map<string, Record<string, number>>();
		for (const type of metricTypes(this.lesson))
			for (const node of nodesOfType(doc, type)) {
				const result = await studio.run.result(node.id);
				for (const port of Object.values(result?.ports ?? {}))
					if (port.kind === 'metrics' && port.metrics.test) {
						const numbers = Object.entries(port.metrics.test).filter((e): e is [string, number] => typeof e[1] === 'number');
						next.set(node.id, Object.fromEntries(numbers));
					}
			}
		this.metrics = next;
	}

	stepDone(step: LessonStep, studio: Studio): boolean {
		const doc = studio.project.doc;
		return !!doc && checkPasses(step.check, doc, this.facts(studio.run));
	}

	/** "Show me": the step's edits as one Undo step, then a run if the step asks for one. */
	async showMe(step: LessonStep, studio: Studio): Promise<void> {
		const doc = studio.project.doc;
		if (!doc) return;
		const plan = planShowMe(doc, registry, step.show);
		if (!plan.ok) return studio.messages.say(`Show me could not do this step: ${plan.error}`, 'error');
		studio.project.edit(() => ({ ok: true, doc: plan.doc }), `show me: ${step.title}`);
		if (plan.run) {
			await runPipeline(studio);
			await this.refreshMetrics(studio);
		}
	}
}

/** One per page: the header's Lessons button and the panel share it. */
export const lessons = new LessonState();
