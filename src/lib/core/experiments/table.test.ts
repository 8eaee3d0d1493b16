import { describe, expect, it } from 'vitest';
import { emptyDoc } from '../nodes/test-kit';
import { compareExperiments, parallelCoordinates } from './compare';
import type { Experiment } from './records';
import { experimentsTable, toCsv, toJsonExport } from './table';

/** Two hand-made experiments whose figures are easy to check by eye. */
function exp(id: string, params: Experiment['params'], metrics: Record<string, number>, extra: Partial<Experiment> = {}): Experiment {
	return {
		id,
		run: 'r',
		project: 'p',
		projectName: 'Churn',
		node: 'n1',
		nodeType: 'model.tree',
		title: 'Decision tree',
		kind: 'model',
		family: 'tree',
		task: 'classification',
		started: '2026-11-27T06:00:00.000Z',
		ms: 120,
		backend: 'typed-arrays',
		status: 'done',
		doc: emptyDoc(),
		docHash: 'h',
		datasets: ['d'],
		params,
		metrics,
		curves: {},
		...extra
	};
}

describe('experimentsTable and CSV', () => {
	const a = exp('a', { depth: 3, criterion: 'gini', features: ['x', 'y'] }, { 'test accuracy': 0.9 });
	const b = exp(
		'b',
		{ depth: 5, criterion: 'gini' },
		{ 'test accuracy': 0.95, 'test rocAuc': 0.97 },
		{ title: '=HYPERLINK("x")', projectName: 'Churn, "v2"' }
	);

	it('has base columns, every metric and every param present, in name order', () => {
		const t = experimentsTable([a, b]);
		expect(t.columns.map((c) => c.key)).toEqual([
			'id',
			'started',
			'project',
			'title',
			'kind',
			'family',
			'status',
			'backend',
			'duration',
			'test accuracy',
			'test rocAuc',
			'param.criterion',
			'param.depth',
			'param.features'
		]);
		expect(t.columns.filter((c) => c.numeric).map((c) => c.key)).toEqual(['duration', 'test accuracy', 'test rocAuc', 'param.depth']);
		expect(t.rows[0]).toMatchObject({ project: 'Churn', duration: 120, 'test rocAuc': null, 'param.features': 'x, y' });
		expect(t.rows[1]).toMatchObject({ 'test rocAuc': 0.97, 'param.features': null });
		expect(experimentsTable([a], ['title', 'param.depth', 'nope']).columns.map((c) => c.key)).toEqual(['title', 'param.depth']);
		expect(experimentsTable([{ ...a, notes: 'n', tags: ['x', 'y'], starred: true }], ['starred', 'tags', 'notes']).rows).toEqual([
			{ starred: true, tags: 'x, y', notes: 'n' }
		]);
	});

	it('writes RFC 4180 CSV with a formula guard on text cells only', () => {
		const t = experimentsTable(
			[a, b, exp('c', { depth: -2 }, { 'test accuracy': -0.5 }, { title: '@SUM(A1)', projectName: '+1', family: '-x' })],
			['title', 'project', 'family', 'test accuracy', 'param.depth']
		);
		expect(toCsv(t)).toBe(
			'title,project,family,test accuracy,param.depth\r\n' +
				'Decision tree,Churn,tree,0.9,3\r\n' +
				'"\'=HYPERLINK(""x"")","Churn, ""v2""",tree,0.95,5\r\n' +
				'"\'@SUM(A1)","\'+1","\'-x",-0.5,-2\r\n'
		);
	});

	it('exports whole records as JSON', () => {
		const json = JSON.parse(toJsonExport([a], new Date('2026-11-27T07:00:00Z')));
		expect(json).toMatchObject({ format: 'tessera/experiments', version: 1, exported: '2026-11-27T07:00:00.000Z' });
		expect(json.experiments[0]).toMatchObject({ id: 'a', params: { depth: 3 }, metrics: { 'test accuracy': 0.9 } });
		expect(json.experiments[0].doc.format).toBe('tessera/pipeline');
	});
});

describe('compareExperiments and parallelCoordinates', () => {
	const a = exp('a', { depth: 3, criterion: 'gini', minLeaf: 1 }, { 'test accuracy': 0.9 });
	const b = exp('b', { depth: 5, criterion: 'entropy', minLeaf: 1 }, { 'test accuracy': 0.95 });
	const c = exp('c', { depth: 8, criterion: 'gini', minLeaf: 1, extra: 2 }, { 'test accuracy': 0.85, 'test rocAuc': 0.9 });

	it('flags the params that differ and lines up the metrics', () => {
		const cmp = compareExperiments([a, b, c]);
		expect(cmp.ids).toEqual(['a', 'b', 'c']);
		expect(cmp.params.map((p) => [p.name, p.differs, p.numeric])).toEqual([
			['criterion', true, false],
			['depth', true, true],
			['extra', true, true],
			['minLeaf', false, true]
		]);
		expect(cmp.params[1].values).toEqual([3, 5, 8]);
		expect(cmp.metrics).toEqual([
			{ name: 'test accuracy', values: [0.9, 0.95, 0.85] },
			{ name: 'test rocAuc', values: [null, null, 0.9] }
		]);
	});

	it('has an axis per numeric param that differs, then the metric, with their ranges', () => {
		const plot = parallelCoordinates([a, b, c], 'test accuracy');
		expect(plot.axes).toEqual([
			{ name: 'depth', kind: 'param', min: 3, max: 8 },
			{ name: 'extra', kind: 'param', min: 2, max: 2 },
			{ name: 'test accuracy', kind: 'metric', min: 0.85, max: 0.95 }
		]);
		expect(plot.lines).toEqual([
			{ id: 'a', values: [3, null, 0.9], metric: 0.9 },
			{ id: 'b', values: [5, null, 0.95], metric: 0.95 },
			{ id: 'c', values: [8, 2, 0.85], metric: 0.85 }
		]);
	});
});
