import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../doc/commands';
import type { PipelineDocument } from '../doc/types';
import { schemaOf } from '../frame/frame';
import type { FrameSchema } from '../frame/types';
import { readCsv } from '../readers/csv';
import type { ParamValue } from '../nodes/params';
import type { DatasetValue } from '../nodes/ports';
import { emptyDoc, registry, run, sampleText } from '../nodes/test-kit';
import { missingColumns, propagateSchemas, sourceRefs, type SourceSchemas } from './schemas';

/** A sample's schema as the studio knows it before a run: read from the file (the stored dataset's metadata in a browser). */
const sampleSchemas: SourceSchemas = (ref) => (ref.kind === 'sample' ? schemaOf(readCsv(sampleText(ref.name))) : null);

type Params = Readonly<Record<string, ParamValue>>;

/** A chain from a sample: dataset → steps… → the node under test (all on their "data" ports). */
function chain(sample: string, steps: readonly (readonly [string, Params])[]): { doc: PipelineDocument; ids: string[] } {
	let doc = emptyDoc();
	const ids: string[] = [];
	const first = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'sample', sample });
	doc = first.doc;
	ids.push(first.id);
	for (const [type, params] of steps) {
		const added = addNode(doc, registry, type, { x: 0, y: 0 }, params);
		const c = connect(added.doc, registry, { node: ids.at(-1)!, port: 'data' }, { node: added.id, port: 'data' });
		if (!c.ok) throw new Error(c.reason);
		doc = c.doc;
		ids.push(added.id);
	}
	return { doc, ids };
}

const shape = (s: FrameSchema) => s.map((c) => `${c.name}:${c.kind}`);

const split = (target: string) => ['split.train-test', { target }] as const;

/**
 * One case per declared node (and per interesting param): a real sample through real
 * upstream nodes, so the declared schema is compared with what the node's run outputs.
 */
const CASES: readonly { readonly name: string; readonly sample: string; readonly steps: readonly (readonly [string, Params])[] }[] = [
	{ name: 'split names the target', sample: 'penguins', steps: [split('Species')] },
	{ name: 'explore.table passes through', sample: 'iris', steps: [['explore.table', {}]] },
	{
		name: 'clean.columns keep/drop/rename',
		sample: 'penguins',
		steps: [['clean.columns', { keep: ['Sex', 'Species', 'Island'], drop: ['Island'], rename: 'Sex => sex' }]]
	},
	{ name: 'clean.columns drop', sample: 'penguins', steps: [['clean.columns', { drop: ['Island'] }]] },
	{ name: 'clean.missing fill', sample: 'penguins', steps: [split('Species'), ['clean.missing', { strategy: 'median' }]] },
	{ name: 'features.pca replace', sample: 'wine', steps: [split('cultivar'), ['features.pca', { components: 3 }]] },
	{
		name: 'features.pca append, chosen columns',
		sample: 'iris',
		steps: [['features.pca', { components: 5, output: 'append', columns: ['sepal_length', 'petal_width'] }]]
	},
	{ name: 'features.frequency', sample: 'penguins', steps: [split('Species'), ['features.frequency', {}]] },
	{ name: 'features.ordinal', sample: 'penguins', steps: [split('Body Mass (g)'), ['features.ordinal', {}]] },
	{ name: 'features.one-hot all but the target', sample: 'penguins', steps: [split('Sex'), ['features.one-hot', {}]] },
	{
		name: 'features.one-hot other + drop first',
		sample: 'penguins',
		steps: [['features.one-hot', { columns: ['Island'], otherBucket: true, dropFirst: true }]]
	},
	{
		name: 'features.date-parts',
		sample: 'seattle-weather',
		steps: [['features.date-parts', { column: 'date', quarter: true, cyclical: true, dropOriginal: true }]]
	},
	{ name: 'clean.scale', sample: 'iris', steps: [split('species'), ['clean.scale', {}]] },
	{ name: 'clean.duplicates', sample: 'penguins', steps: [['clean.duplicates', {}]] },
	{ name: 'clean.outliers drop', sample: 'diabetes', steps: [['clean.outliers', { action: 'drop' }]] },
	{ name: 'clean.text', sample: 'reviews', steps: [['clean.text', {}]] },
	{ name: 'clean.sample', sample: 'penguins', steps: [['clean.sample', { rows: 50 }]] },
	{ name: 'clean.filter', sample: 'penguins', steps: [['clean.filter', { expression: '`Body Mass (g)` > 4000' }]] },
	{ name: 'features.power', sample: 'diabetes', steps: [split('progression'), ['features.power', {}]] },
	{
		name: 'io.schema kinds, identifier, ignore',
		sample: 'penguins',
		steps: [['io.schema', { overrides: 'Island: text; Sex: identifier; Body Mass (g): category; Species: ignore' }]]
	},
	{ name: 'clean.convert', sample: 'diabetes', steps: [['clean.convert', { columns: ['sex', 'age'], to: 'category' }]] },
	{
		name: 'features.derive new text column',
		sample: 'penguins',
		steps: [['features.derive', { name: 'size', expression: "if(`Flipper Length (mm)` > 200, 'long', 'short')" }]]
	},
	{
		name: 'features.derive replaces a column',
		sample: 'penguins',
		steps: [['features.derive', { name: 'Body Mass (g)', expression: '`Body Mass (g)` / 1000' }]]
	},
	{ name: 'features.bin category', sample: 'diabetes', steps: [split('progression'), ['features.bin', {}]] },
	{ name: 'features.bin ordinal', sample: 'iris', steps: [['features.bin', { output: 'ordinal', columns: ['sepal_width'] }]] },
	{ name: 'model.kmeans', sample: 'iris', steps: [['model.kmeans', { k: 3, distance: true, features: ['sepal_length', 'petal_length'] }]] },
	{
		name: 'features.lag with rolling stats',
		sample: 'seattle-weather',
		steps: [['features.lag', { orderBy: 'date', lag: 2, window: 3, max: true }]]
	},
	{
		name: 'features.lag grouped, no lag column',
		sample: 'penguins',
		steps: [['features.lag', { columns: ['Body Mass (g)'], groupBy: 'Island', lag: 0, window: 2 }]]
	},
	{ name: 'features.polynomial', sample: 'iris', steps: [split('species'), ['features.polynomial', { degree: 3 }]] },
	{
		name: 'features.polynomial interactions',
		sample: 'iris',
		steps: [['features.polynomial', { columns: ['sepal_length', 'petal_width', 'sepal_width'], interactionOnly: true }]]
	},
	{
		name: 'features.group-aggregate',
		sample: 'penguins',
		steps: [['features.group-aggregate', { groupBy: ['Island', 'Sex'], value: 'Body Mass (g)', count: true, distinct: true }]]
	},
	{
		name: 'features.text-sequence',
		sample: 'reviews',
		steps: [split('sentiment'), ['features.text-sequence', { column: 'text', maxTokens: 12, keepText: true }]]
	},
	{ name: 'features.target-encode binary', sample: 'penguins', steps: [split('Sex'), ['features.target-encode', { columns: ['Island'] }]] },
	{ name: 'features.target-encode multiclass', sample: 'penguins', steps: [split('Species'), ['features.target-encode', {}]] },
	{ name: 'features.target-encode number target', sample: 'penguins', steps: [split('Body Mass (g)'), ['features.target-encode', {}]] },
	{
		name: 'model.isolation-forest',
		sample: 'iris',
		steps: [['model.isolation-forest', { trees: 20, features: ['sepal_length', 'petal_length'] }]]
	}
];

describe('schema propagation', () => {
	it('every node type with a dataset output declares its schema rule (or is a source)', () => {
		const undeclared = registry.all
			.filter((d) => Object.values(d.outputs).some((p) => p.kind === 'dataset'))
			.filter((d) => !d.source && d.schema === undefined)
			.map((d) => d.type);
		expect(undeclared).toEqual([]);
	});

	it('every node type with a declared rule (not "unknown") has a case below', () => {
		const covered = new Set([...CASES.flatMap((c) => c.steps.map(([type]) => type)), 'monitor.drift']);
		const declared = registry.all.filter((d) => d.schema !== undefined && d.schema !== 'unknown').map((d) => d.type);
		expect(declared.filter((t) => !covered.has(t))).toEqual([]);
	});

	for (const c of CASES)
		it(`${c.name}: the declared schema is what the run outputs`, async () => {
			const { doc, ids } = chain(c.sample, c.steps);
			const result = await run(doc);
			expect([...result.errors]).toEqual([]);
			const schemas = propagateSchemas(doc, registry, sampleSchemas);
			for (const id of ids) {
				const ran = result.outputs.get(id)!.data as DatasetValue;
				const declared = schemas.get(id)?.data;
				expect(declared, `${id} is known`).toBeTruthy();
				expect(shape(declared!.columns), id).toEqual(shape(schemaOf(ran.frame)));
				expect(declared!.target, `${id} target`).toBe(ran.target);
			}
		});

	it('monitor.drift: its per-column table is declared whatever it compares, and is what the run outputs', async () => {
		const { doc: one, ids } = chain('penguins', []);
		const added = addNode(one, registry, 'monitor.drift', { x: 0, y: 0 });
		const c1 = connect(added.doc, registry, { node: ids[0], port: 'data' }, { node: added.id, port: 'current' });
		const c2 = c1.ok ? connect(c1.doc, registry, { node: ids[0], port: 'data' }, { node: added.id, port: 'reference' }) : c1;
		if (!c2.ok) throw new Error(c2.reason);
		const result = await run(c2.doc);
		expect([...result.errors]).toEqual([]);
		const ran = result.outputs.get(added.id)!.data as DatasetValue;
		const declared = propagateSchemas(c2.doc, registry, () => null).get(added.id)?.data;
		expect(shape(declared!.columns)).toEqual(shape(schemaOf(ran.frame)));
	});

	it('lists the sources of a document and leaves an unconfigured one out', () => {
		const { doc } = chain('iris', []);
		expect(sourceRefs(doc, registry)).toEqual([{ kind: 'sample', name: 'iris' }]);
		const stored = addNode(doc, registry, 'io.dataset', { x: 0, y: 0 }, { source: 'stored' });
		expect(sourceRefs(stored.doc, registry)).toEqual([{ kind: 'sample', name: 'iris' }]);
		expect(propagateSchemas(stored.doc, registry, sampleSchemas).get(stored.id)).toEqual({ data: null });
	});

	it('an unknown upstream leaves everything after it unknown', () => {
		const { doc, ids } = chain('reviews', [['features.text', {}], split('sentiment')]);
		const schemas = propagateSchemas(doc, registry, sampleSchemas);
		expect(schemas.get(ids[0])?.data?.columns.length).toBe(2);
		expect(schemas.get(ids[1])?.data ?? null).toBeNull();
		expect(schemas.get(ids[2])?.data ?? null).toBeNull();
	});

	it('flags a chosen column that is not in the input, before a run, and nothing where the input is unknown', () => {
		const { doc, ids } = chain('penguins', [split('species'), ['features.one-hot', { columns: ['Island', 'Colour'] }]]);
		const schemas = propagateSchemas(doc, registry, sampleSchemas);
		expect(missingColumns(doc, registry, schemas)).toEqual([
			{ node: ids[1], param: 'target', column: 'species', message: 'column "species" is not in the input' },
			{ node: ids[2], param: 'columns', column: 'Colour', message: 'column "Colour" is not in the input' }
		]);
		expect(
			missingColumns(
				doc,
				registry,
				propagateSchemas(doc, registry, () => null)
			)
		).toEqual([]);
	});
});
