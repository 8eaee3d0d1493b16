import { describe, expect, it } from 'vitest';
import { parseDocument, serialiseDocument } from '../doc/serialise';
import { quickModel } from '../nodes/templates/quick-model';
import { emptyDoc, registry, run } from '../nodes/test-kit';

/** Hostile files opened with the real catalog, then run: nothing unknown executes, nothing pollutes. */
describe('a hostile pipeline file', () => {
	const good = quickModel(emptyDoc(), registry, { source: { kind: 'sample', name: 'iris' }, target: 'species', task: 'classification' });
	const raw = JSON.parse(serialiseDocument(good));

	it('keeps an unknown node type inert and never runs it, while the rest runs', async () => {
		raw.nodes.push({ id: 'evil', type: 'code.eval', params: { source: 'process.exit(1)' }, position: { x: 0, y: 0 } });
		raw.edges.push({ id: 'e-evil', from: { node: raw.nodes[0].id, port: 'data' }, to: { node: 'evil', port: 'data' } });
		const parsed = parseDocument(JSON.stringify(raw), registry);
		if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
		const evil = parsed.doc.nodes.find((n) => n.id === 'evil')!;
		expect(evil.inert?.reason).toMatch(/unknown node type "code.eval"/);
		expect(parsed.warnings.join('\n')).toMatch(/code\.eval/);
		const res = await run(parsed.doc);
		expect(res.outputs.has('evil')).toBe(false);
		expect(res.errors.get('evil')).toMatch(/not run: unknown node type/);
		const evaluate = parsed.doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id;
		expect(res.outputs.has(evaluate)).toBe(true);
	});

	it('drops edges to missing nodes with a warning that names them', () => {
		const copy = JSON.parse(serialiseDocument(good));
		copy.edges.push({ id: 'dangling', from: { node: 'ghost', port: 'data' }, to: { node: copy.nodes[1].id, port: 'data' } });
		const parsed = parseDocument(JSON.stringify(copy), registry);
		if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
		expect(parsed.doc.edges.some((e) => e.id === 'dangling')).toBe(false);
		expect(parsed.warnings.join('\n')).toMatch(/dangling/);
	});

	it('pollutes nothing through __proto__ keys and refuses oversized files', () => {
		const text = serialiseDocument(good).replace('"params": {', '"params": { "__proto__": { "polluted": true },');
		const parsed = parseDocument(text, registry);
		expect(parsed.ok).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		const huge = parseDocument(' '.repeat(21 * 1024 * 1024), registry);
		expect(huge.ok).toBe(false);
		if (!huge.ok) expect(huge.errors[0]).toMatch(/MB/);
	});
});
