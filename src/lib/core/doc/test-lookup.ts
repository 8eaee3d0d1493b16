/**
 * A small node catalog for this module's tests, independent of the real one. It mirrors
 * the shapes that matter to documents: a source, a step with a version-2 migration
 * (v1 called `strategy` `method`), a split, a model and an evaluator with two inputs.
 */
import type { NodeTypeInfo, NodeTypeLookup } from '../nodes/define';
import { p } from '../nodes/params';
import { port } from '../nodes/ports';

const types: readonly NodeTypeInfo[] = [
	{
		type: 'io.dataset',
		version: 1,
		inputs: {},
		outputs: { data: port.dataset() },
		params: { source: p.string({ default: '' }), target: p.column() }
	},
	{
		type: 'clean.impute',
		version: 2,
		inputs: { data: port.dataset() },
		outputs: { data: port.dataset() },
		params: {
			strategy: p.choice(['mean', 'median', 'mode', 'constant'], { default: 'median' }),
			columns: p.columns({ kinds: ['number'] })
		},
		migrations: [
			// v1 → v2: `method` was renamed `strategy`.
			(params) => {
				const { method, ...rest } = params;
				return method === undefined ? rest : { ...rest, strategy: method };
			}
		]
	},
	{
		type: 'split.train-test',
		version: 1,
		inputs: { data: port.dataset() },
		outputs: { data: port.dataset() },
		params: {
			testFraction: p.number({ default: 0.2, min: 0.05, max: 0.95 }),
			stratify: p.boolean({ default: true }),
			seed: p.seed()
		}
	},
	{
		type: 'model.linear',
		version: 1,
		inputs: { data: port.dataset() },
		outputs: { model: port.model() },
		params: { l2: p.number({ default: 0, min: 0 }), maxIter: p.int({ default: 100, min: 1 }) }
	},
	{
		type: 'evaluate.metrics',
		version: 1,
		inputs: { model: port.model(), data: port.dataset() },
		outputs: { metrics: port.metrics() },
		params: {}
	}
];

export function testLookup(extra: readonly NodeTypeInfo[] = []): NodeTypeLookup {
	const map = new Map<string, NodeTypeInfo>([...types, ...extra].map((t) => [t.type, t]));
	return { get: (type) => map.get(type) };
}
