/**
 * A guided lesson: a versioned JSON file of steps, each checked against the live document and
 * its run results, with a hint and a "show me" that does the step. Checks and actions are
 * declarative data, never code, so a lesson file from anyone is as safe to open as a
 * pipeline file. The format is documented in docs/lessons.md.
 */
import type { ParamValue } from '../nodes/params';

export const LESSON_FORMAT = 'tessera-lesson';
export const LESSON_VERSION = 1;

/** A node is named by its type: the first node of that type in the document (lessons build one of each). */
export interface TypedPort {
	readonly type: string;
	readonly port: string;
}

/** What makes a step done. */
export type LessonCheck =
	| { readonly kind: 'node-exists'; readonly type: string }
	| { readonly kind: 'edge'; readonly from: TypedPort; readonly to: TypedPort }
	| { readonly kind: 'param'; readonly type: string; readonly param: string; readonly equals: ParamValue }
	/** A node of this type has a current (not stale) result. */
	| { readonly kind: 'node-done'; readonly type: string }
	/** A node of this type reports a test-set metric (accuracy, f1Macro, r2, …) of at least `value`. */
	| { readonly kind: 'metric-at-least'; readonly type: string; readonly metric: string; readonly value: number }
	| { readonly kind: 'note-exists' }
	| { readonly kind: 'frame-exists' }
	| { readonly kind: 'all'; readonly checks: readonly LessonCheck[] };

/** What "Show me" does: a document edit through the ordinary commands, or a run. */
export type LessonAction =
	/** Adds a node unless one of the type exists; `after` places it to the right of a node of that type. */
	| {
			readonly kind: 'add-node';
			readonly type: string;
			readonly params?: Readonly<Record<string, ParamValue>>;
			readonly after?: string;
	  }
	| { readonly kind: 'connect'; readonly from: TypedPort; readonly to: TypedPort }
	| { readonly kind: 'set-param'; readonly type: string; readonly param: string; readonly value: ParamValue }
	| { readonly kind: 'add-note'; readonly text: string; readonly near?: string }
	| { readonly kind: 'frame-all'; readonly title: string }
	| { readonly kind: 'run' };

export interface LessonStep {
	readonly title: string;
	/** Markdown, rendered safely (core/doc/markdown.ts). */
	readonly text: string;
	readonly hint: string;
	readonly check: LessonCheck;
	readonly show: readonly LessonAction[];
}

export interface Lesson {
	readonly format: typeof LESSON_FORMAT;
	readonly version: typeof LESSON_VERSION;
	readonly id: string;
	readonly title: string;
	readonly summary: string;
	readonly steps: readonly LessonStep[];
}

/** What a check may ask of the run, answered by the studio's run state or a test's run result. */
export interface RunFacts {
	/** The node has a current result (done or from the cache, not out of date). */
	done(nodeId: string): boolean;
	/** A test-set metric the node reported, or null. */
	metric(nodeId: string, name: string): number | null;
}

export const NO_RUN: RunFacts = { done: () => false, metric: () => null };
