import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument, serialiseDocument } from './serialise';
import { testLookup } from './test-lookup';
import type { PipelineDocument } from './types';

const fixture = (name: string): string => readFileSync(new URL(`../../../../e2e/fixtures/${name}`, import.meta.url), 'utf8');

/** Written by hand from the v0 file, not by the code under test. */
const expectedFromV0: PipelineDocument = {
	format: 'tessera/pipeline',
	schema: {
		sequences: {
			doc: 3,
			'node:clean.impute': 2,
			'node:evaluate.metrics': 1,
			'node:io.dataset': 1,
			'node:model.linear': 1,
			'node:split.train-test': 1
		}
	},
	meta: { name: 'Titanic survival', created: '2025-03-02T09:15:00.000Z', modified: '2025-03-04T17:40:12.000Z' },
	nodes: [
		{ id: 'n1', type: 'io.dataset', position: { x: 40, y: 120 }, params: { source: 'titanic.csv', target: 'Survived' } },
		{
			id: 'n2',
			type: 'clean.impute',
			label: 'Fill ages',
			position: { x: 280, y: 120 },
			// v1 `method` became v2 `strategy` through the node type's own migration
			params: { strategy: 'mean', columns: ['Age', 'Fare'] }
		},
		// no seed in the file: it ran with the split's old default, 42, which format 2 writes in
		// (the document seed, 7, would give other rows)
		{ id: 'n3', type: 'split.train-test', position: { x: 520, y: 120 }, params: { testFraction: 0.25, stratify: true, seed: 42 } },
		{ id: 'n4', type: 'model.linear', position: { x: 760, y: 60 }, params: { l2: 0.5, maxIter: 100 } },
		{ id: 'n5', type: 'evaluate.metrics', position: { x: 1000, y: 120 }, params: {} }
	],
	edges: [
		{ id: 'e1', from: { node: 'n1', port: 'data' }, to: { node: 'n2', port: 'data' } },
		{ id: 'e2', from: { node: 'n2', port: 'data' }, to: { node: 'n3', port: 'data' } },
		{ id: 'e3', from: { node: 'n3', port: 'data' }, to: { node: 'n4', port: 'data' } },
		{ id: 'e4', from: { node: 'n4', port: 'model' }, to: { node: 'n5', port: 'model' } },
		{ id: 'e5', from: { node: 'n3', port: 'data' }, to: { node: 'n5', port: 'data' } }
	],
	seeds: { global: 7 },
	data: [{ name: 'titanic.csv', hash: '9f2c4e1a7b3d5f60', rows: 891 }],
	// Format 3 added frames and notes; older files have none.
	frames: [],
	notes: []
};

describe('released format fixtures (e2e/fixtures)', () => {
	it('format 0 opens and migrates to exactly the expected current document', () => {
		const r = parseDocument(fixture('pipeline-v0.json'), testLookup());
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.warnings).toEqual([]);
		expect(r.readOnly).toBe(false);
		expect(r.doc).toEqual(expectedFromV0);
	});

	it('format 1 opens and migrates to the same document: node seeds it left out keep their old defaults', () => {
		const r = parseDocument(fixture('pipeline-v1.json'), testLookup());
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.warnings).toEqual([]);
		expect(r.doc).toEqual(expectedFromV0);
	});

	it('format 2 opens as the same pipeline: only the format number and the empty frame and note lists are new', () => {
		const r = parseDocument(fixture('pipeline-v2.json'), testLookup());
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.warnings).toEqual([]);
		expect(r.doc).toEqual(expectedFromV0);
		const saved = JSON.parse(serialiseDocument(r.doc));
		const v2 = JSON.parse(fixture('pipeline-v2.json'));
		expect(saved).toEqual({ ...v2, schema: { sequences: { ...v2.schema.sequences, doc: 3 } }, frames: [], notes: [] });
	});

	it('the v0, v1 and v2 pipelines, migrated and saved, give the same bytes', () => {
		const saved = ['pipeline-v0.json', 'pipeline-v1.json', 'pipeline-v2.json'].map((name) => {
			const r = parseDocument(fixture(name), testLookup());
			if (!r.ok) throw new Error(r.errors.join('\n'));
			return serialiseDocument(r.doc);
		});
		expect(new Set(saved).size).toBe(1);
	});

	it('format 3 (frames and notes) opens to exactly the expected document and round-trips byte for byte', () => {
		const text = fixture('pipeline-v3.json');
		const r = parseDocument(text, testLookup());
		if (!r.ok) throw new Error(r.errors.join('\n'));
		expect(r.warnings).toEqual([]);
		expect(r.doc).toEqual({
			...expectedFromV0,
			frames: [
				{
					id: 'frame-1',
					title: 'Prepare the data',
					colour: 'blue',
					position: { x: 20, y: 60 },
					size: { width: 520, height: 200 },
					collapsed: false
				},
				{
					id: 'frame-2',
					title: 'Model and score',
					colour: 'green',
					position: { x: 740, y: 20 },
					size: { width: 480, height: 260 },
					collapsed: true
				}
			],
			notes: [
				{
					id: 'note-1',
					text: '## Why impute?\n\nAge is missing for 177 passengers; the **mean** keeps every row.\nSee [the data dictionary](https://www.kaggle.com/c/titanic/data).',
					position: { x: 40, y: 300 },
					size: { width: 260, height: 160 }
				}
			]
		});
		expect(serialiseDocument(r.doc)).toBe(text);
	});
});
