/** Evaluating a step's check against a document and run facts: pure, so tests and the panel agree. */
import type { DocNode, PipelineDocument } from '../doc/types';
import type { ParamValue } from '../nodes/params';
import type { Lesson, LessonCheck, RunFacts } from './types';

export function nodesOfType(doc: PipelineDocument, type: string): DocNode[] {
	return doc.nodes.filter((n) => n.type === type);
}

function sameValue(a: ParamValue | undefined, b: ParamValue): boolean {
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
	return a === b;
}

export function checkPasses(check: LessonCheck, doc: PipelineDocument, run: RunFacts): boolean {
	switch (check.kind) {
		case 'node-exists':
			return nodesOfType(doc, check.type).length > 0;
		case 'edge': {
			const types = new Map(doc.nodes.map((n) => [n.id, n.type]));
			return doc.edges.some(
				(e) =>
					types.get(e.from.node) === check.from.type &&
					e.from.port === check.from.port &&
					types.get(e.to.node) === check.to.type &&
					e.to.port === check.to.port
			);
		}
		case 'param':
			return nodesOfType(doc, check.type).some((n) => sameValue(n.params[check.param], check.equals));
		case 'node-done':
			return nodesOfType(doc, check.type).some((n) => run.done(n.id));
		case 'metric-at-least':
			return nodesOfType(doc, check.type).some((n) => {
				const v = run.done(n.id) ? run.metric(n.id, check.metric) : null;
				return v !== null && v >= check.value;
			});
		case 'note-exists':
			return doc.notes.length > 0;
		case 'frame-exists':
			return doc.frames.length > 0;
		case 'all':
			return check.checks.every((c) => checkPasses(c, doc, run));
	}
}

/** Each step's state, in order. */
export function lessonProgress(lesson: Lesson, doc: PipelineDocument, run: RunFacts): boolean[] {
	return lesson.steps.map((s) => checkPasses(s.check, doc, run));
}

/** The metrics a lesson's checks read, by node type: what the panel fetches after a run. */
export function metricTypes(lesson: Lesson): Set<string> {
	const out = new Set<string>();
	const visit = (c: LessonCheck): void => {
		if (c.kind === 'metric-at-least') out.add(c.type);
		if (c.kind === 'all') c.checks.forEach(visit);
	};
	lesson.steps.forEach((s) => visit(s.check));
	return out;
}
