import type { PipelineDocument } from '../doc/types';
import type { NodeOutputs } from '../nodes/define';
import { flatMetrics } from '../nodes/validation';

/**
 * The test figures of a model node in a run: the metrics output of the evaluation nodes its
 * model feeds (Evaluate), as flat named figures such as `test accuracy`, `validation r2`.
 * Empty when nothing evaluated it.
 */
export function modelNodeMetrics(doc: PipelineDocument, outputs: ReadonlyMap<string, NodeOutputs>, node: string): Record<string, number> {
	for (const edge of doc.edges) {
		if (edge.from.node !== node) continue;
		const fromValue = outputs.get(node)?.[edge.from.port];
		if (fromValue?.kind !== 'model') continue;
		for (const value of Object.values(outputs.get(edge.to.node) ?? {})) {
			if (value.kind !== 'metrics') continue;
			const test = value.test ? prefixed('test', flatMetrics(value.test)) : {};
			const validation = value.validation ? prefixed('validation', flatMetrics(value.validation)) : {};
			return { ...validation, ...test };
		}
	}
	return {};
}

const prefixed = (prefix: string, m: Record<string, number>) =>
	Object.fromEntries(Object.entries(m).map(([k, v]) => [`${prefix} ${k}`, v]));
