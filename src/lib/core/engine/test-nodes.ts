import type { PipelineDocument } from '../doc/types';
import { defineNode } from '../nodes/define';
import { p } from '../nodes/params';
import { port, type ReportValue } from '../nodes/ports';
import type { EngineHost } from './run';

/**
 * Tiny node types for the engine's own tests, whose "values" are numbers wrapped in reports
 * so runs are easy to follow; `calls` lists what ran, in order.
 */
export const report = (n: number): ReportValue => ({ kind: 'report', report: n as unknown as ReportValue['report'] });
export const valueOf = (v: unknown) => (v as ReportValue).report as unknown as number;
export const calls: string[] = [];

export const constant = defineNode({
	type: 'test.constant',
	version: 1,
	category: 'io',
	title: 'Constant',
	description: '',
	inputs: {},
	outputs: { out: port.report() },
	params: { value: p.number({ default: 1 }) },
	run: (_i, params) => {
		calls.push(`constant=${params.value}`);
		return { out: report(params.value) };
	}
});

export const add = defineNode({
	type: 'test.add',
	version: 1,
	category: 'clean',
	title: 'Add',
	description: '',
	inputs: { a: port.report(), b: { kind: 'report', optional: true } },
	outputs: { out: port.report() },
	params: { plus: p.number({ default: 0 }) },
	run: (i, params) => {
		calls.push(`add+${params.plus}`);
		return { out: report(valueOf(i.a) + (i.b ? valueOf(i.b) : 0) + params.plus) };
	}
});

/** A host with no data sources: these nodes make their own values. */
export const sourcelessHost: EngineHost = {
	loadSource: () => Promise.reject(new Error('no sources here')),
	sourceHash: () => Promise.resolve('none')
};

/** A document of `nodes` ([id, type, params]) joined by `edges` ([from, fromPort, to, toPort]). */
export function testDoc(
	nodes: [string, string, Record<string, number | string>][],
	edges: [string, string, string, string][]
): PipelineDocument {
	return {
		format: 'tessera/pipeline',
		schema: { sequences: { doc: 1 } },
		meta: { name: 't', created: '', modified: '' },
		nodes: nodes.map(([id, type, params]) => ({ id, type, params, position: { x: 0, y: 0 } })),
		edges: edges.map(([from, fp, to, tp], i) => ({ id: `e${i}`, from: { node: from, port: fp }, to: { node: to, port: tp } })),
		seeds: { global: 42 },
		data: [],
		frames: [],
		notes: []
	};
}
