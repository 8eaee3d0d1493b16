import { schemaOf } from '../frame/frame';
import { roleCounts } from '../nodes/dataset';
import type { NodeOutputs } from '../nodes/define';
import type { PortValue } from '../nodes/ports';
import type { NodeResult, PortSummary } from './api';

/** The plain-data view of a port value that crosses to the page: never the rows themselves. */
export function summarisePort(value: PortValue): PortSummary {
	switch (value.kind) {
		case 'dataset':
			return {
				kind: 'dataset',
				rows: value.frame.rowCount,
				schema: schemaOf(value.frame),
				target: value.target,
				roles: value.roles ? roleCounts(value) : null,
				recipe: value.recipe.map((s) => s.type)
			};
		case 'model':
			return {
				kind: 'model',
				family: value.family,
				task: value.task,
				target: value.target,
				features: value.features,
				classes: value.classes,
				backend: value.backend,
				trainMs: value.trainMs,
				curves: value.curves,
				recipe: value.recipe.map((s) => s.type),
				stopped: value.stopped ?? null
			};
		case 'metrics':
			return { kind: 'metrics', metrics: value };
		case 'report':
			return { kind: 'report', report: value.report };
	}
}

export function summariseNode(node: string, outputs: NodeOutputs): NodeResult {
	const ports: Record<string, PortSummary> = {};
	for (const [port, value] of Object.entries(outputs)) ports[port] = summarisePort(value);
	return { node, ports };
}
