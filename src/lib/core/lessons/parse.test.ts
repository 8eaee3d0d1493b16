/** Lesson files are untrusted: each mistake is refused with its path; checks read real documents. */
import { describe, expect, it } from 'vitest';
import { addNote } from '../doc/annotation-commands';
import { addNode, connect, setParam } from '../doc/commands';
import { emptyDoc, registry } from '../nodes/test-kit';
import { checkPasses, metricTypes, NO_RUN, parseLesson, type LessonCheck, type RunFacts } from './index';

const good = {
	format: 'tessera-lesson',
	version: 1,
	id: 'mine',
	title: 'Mine',
	summary: 'A lesson',
	steps: [
		{
			title: 'Add a Split',
			text: 'Add **Split**',
			hint: '',
			check: { kind: 'metric-at-least', type: 'evaluate.metrics', metric: 'accuracy', value: 0.5 },
			show: [{ kind: 'add-node', type: 'split.train-test', params: { target: 'species' } }]
		}
	]
};
const errorsOf = (v: unknown): string[] => {
	const r = parseLesson(typeof v === 'string' ? v : JSON.stringify(v), registry);
	return r.ok ? [] : r.errors;
};
const withStep = (step: Record<string, unknown>) => ({ ...good, steps: [{ ...good.steps[0], ...step }] });

describe('parseLesson', () => {
	it('reads a good file', () => {
		const r = parseLesson(JSON.stringify(good), registry);
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.lesson.steps[0].show).toEqual([{ kind: 'add-node', type: 'split.train-test', params: { target: 'species' } }]);
		expect(metricTypes(r.lesson)).toEqual(new Set(['evaluate.metrics']));
	});

	it('refuses each mistake, naming where it is', () => {
		expect(errorsOf('{"format":"tessera/pipeline"}')).toEqual(['this is not a Tessera lesson file (expected "format": "tessera-lesson")']);
		expect(errorsOf({ ...good, version: 2 })).toEqual(['made by a newer version of Tessera (lesson format 2; this app reads 1)']);
		expect(errorsOf({ ...good, id: '../../etc', steps: [] })).toEqual([
			'id: expected a short lowercase id (letters, digits, dashes), got "../../etc"',
			'steps: expected a list of 1 to 50 steps, got []'
		]);
		expect(errorsOf(withStep({ check: { kind: 'eval', code: 'alert(1)' } }))).toEqual([
			'steps[0].check.kind: expected one of node-exists, edge, param, node-done, metric-at-least, note-exists, frame-exists, all, got "eval"'
		]);
		expect(
			errorsOf(
				withStep({
					check: { kind: 'edge', from: { type: 'io.dataset', port: 'nope' }, to: { type: 'model.magic', port: 'data' } },
					show: [
						{ kind: 'set-param', type: 'split.train-test', param: 'colour', value: { a: 1 } },
						{ kind: 'run', now: true }
					]
				})
			)
		).toEqual([
			'steps[0].check.from.port: io.dataset has no output "nope"',
			'steps[0].check.to.type: unknown node type "model.magic"',
			'steps[0].show[0].param: split.train-test has no param "colour"',
			'steps[0].show[0].value: expected a param value (text, number, true/false, a list of text or null), got an object',
			'steps[0].show[1].now: unknown field'
		]);
		expect(errorsOf(withStep({ text: 'x'.repeat(4001) }))).toEqual(['steps[0].text: at most 4000 characters, got 4001']);
		expect(errorsOf('{"format":"tessera-lesson","__proto__":{"x":1},' + '"a":['.repeat(40))).toHaveLength(1);
	});
});

describe('checks on real documents', () => {
	function pipeline() {
		let doc = emptyDoc();
		const d = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { sample: 'iris' });
		const s = addNode(d.doc, registry, 'split.train-test', { x: 300, y: 0 });
		const c = connect(s.doc, registry, { node: d.id, port: 'data' }, { node: s.id, port: 'data' });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
		return { doc, split: s.id };
	}
	const check = (c: LessonCheck, doc = pipeline().doc, run: RunFacts = NO_RUN) => checkPasses(c, doc, run);

	it('node, edge and param checks follow the document', () => {
		const { doc, split } = pipeline();
		expect(check({ kind: 'node-exists', type: 'split.train-test' }, doc)).toBe(true);
		expect(check({ kind: 'node-exists', type: 'model.logistic' }, doc)).toBe(false);
		expect(check({ kind: 'edge', from: { type: 'io.dataset', port: 'data' }, to: { type: 'split.train-test', port: 'data' } }, doc)).toBe(
			true
		);
		expect(check({ kind: 'edge', from: { type: 'split.train-test', port: 'data' }, to: { type: 'io.dataset', port: 'data' } }, doc)).toBe(
			false
		);
		const target = { kind: 'param', type: 'split.train-test', param: 'target', equals: 'species' } as const;
		expect(check(target, doc)).toBe(false);
		const set = setParam(doc, registry, split, 'target', 'species');
		if (!set.ok) throw new Error(set.error);
		expect(check(target, set.doc)).toBe(true);
		expect(check({ kind: 'all', checks: [target, { kind: 'note-exists' }] }, set.doc)).toBe(false);
		const noted = addNote(set.doc, { x: 0, y: 0 }, 'hi');
		if (!noted.ok) throw new Error(noted.error);
		expect(check({ kind: 'all', checks: [target, { kind: 'note-exists' }] }, noted.doc)).toBe(true);
	});

	it('run checks read the facts: done, and a metric only from a current result', () => {
		const { doc, split } = pipeline();
		const facts = (done: boolean, acc: number | null): RunFacts => ({ done: (id) => done && id === split, metric: () => acc });
		expect(check({ kind: 'node-done', type: 'split.train-test' }, doc, facts(true, null))).toBe(true);
		expect(check({ kind: 'node-done', type: 'split.train-test' }, doc, facts(false, null))).toBe(false);
		const m = { kind: 'metric-at-least', type: 'split.train-test', metric: 'accuracy', value: 0.9 } as const;
		expect(check(m, doc, facts(true, 0.9))).toBe(true);
		expect(check(m, doc, facts(true, 0.89))).toBe(false);
		expect(check(m, doc, facts(false, 0.95))).toBe(false);
	});
});
