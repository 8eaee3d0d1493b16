import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import { builtinNodes } from './catalog';
import { quickModel } from './templates/quick-model';
import { asReport, REPORT_TYPES, type Report } from './reports';
import { emptyDoc, registry, run } from './test-kit';

/** Columns for the nodes that need one chosen, and small budgets for the slow ones. */
const PARAMS: Record<string, Record<string, string | number>> = {
	'explore.scatter': { x: 'Beak Length (mm)', y: 'Body Mass (g)' },
	'explore.distributions': { value: 'Body Mass (g)' },
	'explore.segments': { segment: 'Species' },
	'evaluate.segments': { column: 'Species' },
	'evaluate.fairness': { sensitive: 'Species' },
	'evaluate.tune': { budget: 3 },
	'evaluate.explain': { repeats: 1 }
};
/** Nodes whose optional inputs are fed too (Data drift needs a reference or a model besides its current rows). */
const FEED_OPTIONAL = new Set(['monitor.drift']);

/** Penguins → Split → logistic model, and every catalog node with a report output fed from them (defaults). */
function everyReportNode(): { doc: PipelineDocument; reporters: string[] } {
	let doc = quickModel(emptyDoc(), registry, {
		source: { kind: 'sample', name: 'penguins' },
		target: 'Species',
		task: 'classification',
		model: 'logistic',
		seed: 42
	});
	const id = (type: string) => doc.nodes.find((n) => n.type === type)!.id;
	// The data the model reads (missing values filled, categories encoded), and the model.
	const modelData = doc.edges.find((e) => e.to.node === id('model.logistic') && e.to.port === 'data')!.from;
	const feed = { dataset: modelData, model: { node: id('model.logistic'), port: 'model' } } as const;
	const reporters: string[] = [];
	for (const def of builtinNodes) {
		if (!Object.values(def.outputs).some((p) => p.kind === 'report')) continue;
		const inputs = Object.entries(def.inputs);
		if (inputs.some(([, p]) => p.kind !== 'dataset' && p.kind !== 'model')) continue;
		if (doc.nodes.some((n) => n.type === def.type)) {
			reporters.push(doc.nodes.find((n) => n.type === def.type)!.id);
			continue;
		}
		const added = addNode(doc, registry, def.type, { x: 0, y: 0 }, PARAMS[def.type] ?? {});
		doc = added.doc;
		for (const [name, p] of inputs) {
			if (p.optional && !FEED_OPTIONAL.has(def.type)) continue;
			const c = connect(doc, registry, feed[p.kind as 'dataset' | 'model'], { node: added.id, port: name });
			if (c.ok) doc = c.doc;
		}
		reporters.push(added.id);
	}
	return { doc, reporters };
}

describe('report kinds', () => {
	it('every report a catalog node puts out is one of the Report kinds (each has a view: ui/panels/report-views.ts)', async () => {
		const { doc, reporters } = everyReportNode();
		const result = await run(doc);
		const seen = new Map<string, string>();
		for (const node of reporters) {
			for (const value of Object.values(result.outputs.get(node) ?? {})) {
				if (value.kind !== 'report') continue;
				const type = (value.report as { type?: unknown }).type;
				expect(REPORT_TYPES, `${doc.nodes.find((n) => n.id === node)!.type} reports type ${String(type)}`).toContain(type);
				expect(asReport(value.report)).toBe(value.report);
				seen.set(String(type), node);
			}
		}
		// …and every kind is one some node puts out: none is left without a producer.
		expect([...seen.keys()].sort()).toEqual([...REPORT_TYPES].sort());
	});

	it('reads bodies kept by an older version as the kinds they are now, and nothing else', () => {
		expect(asReport({ profiles: [], rows: 3 })).toEqual({ type: 'profile', profiles: [], rows: 3 });
		expect(asReport({ type: 'table', explain: true, title: 't', columns: [], rows: [] })).toMatchObject({ type: 'explain', title: 't' });
		const table: Report = { type: 'table', title: 't', columns: [], rows: [] };
		expect(asReport(table)).toBe(table);
		expect(asReport({ type: 'nonsense' })).toBeNull();
		expect(asReport(3)).toBeNull();
		expect(asReport(null)).toBeNull();
		expect(new Set(REPORT_TYPES).size).toBe(REPORT_TYPES.length);
	});
});
