import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../readers/csv';
import { readTableBytes } from '../readers/readers';
import type { Task } from '../nodes/ports';
import { emptyDoc, registry, SAMPLES, sampleText } from '../nodes/test-kit';
import { quickModel } from '../nodes/templates/quick-model';
import { quickRecipe } from '../nodes/templates/quick-recipe';
import { addNode, connect } from './commands';
import { estimatedSize, portAnchor, tidyLayout, tidyPositions } from './layout';
import type { PipelineDocument, Position } from './types';

interface Box {
	readonly id: string;
	readonly x: number;
	readonly y: number;
	readonly w: number;
	readonly h: number;
}

function boxes(doc: PipelineDocument): Box[] {
	return doc.nodes.map((n) => {
		const s = estimatedSize(n, registry);
		return { id: n.id, x: n.position.x, y: n.position.y, w: s.width, h: s.height };
	});
}

/** Liang–Barsky: whether the segment a→b passes through the inside of the box. */
function segmentCrossesBox(a: Position, b: Position, box: Box): boolean {
	let t0 = 0;
	let t1 = 1;
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const clips: [number, number][] = [
		[-dx, a.x - box.x],
		[dx, box.x + box.w - a.x],
		[-dy, a.y - box.y],
		[dy, box.y + box.h - a.y]
	];
	for (const [p, q] of clips) {
		if (p === 0) {
			if (q <= 0) return false;
			continue;
		}
		const t = q / p;
		if (p < 0) t0 = Math.max(t0, t);
		else t1 = Math.min(t1, t);
		if (t0 >= t1) return false;
	}
	return true;
}

function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Every way a laid-out graph can be untidy, as readable lines (empty when tidy). */
function untidiness(doc: PipelineDocument): string[] {
	const problems: string[] = [];
	const all = boxes(doc);
	const byId = new Map(all.map((b) => [b.id, b]));
	for (let i = 0; i < all.length; i++)
		for (let j = i + 1; j < all.length; j++) if (overlaps(all[i], all[j])) problems.push(`${all[i].id} overlaps ${all[j].id}`);
	for (const e of doc.edges) {
		const from = doc.nodes.find((n) => n.id === e.from.node)!;
		const to = doc.nodes.find((n) => n.id === e.to.node)!;
		const a = portAnchor(from, registry, 'output', e.from.port);
		const b = portAnchor(to, registry, 'input', e.to.port);
		if (b.x <= a.x) problems.push(`${e.from.node} → ${e.to.node} points leftwards (${a.x} → ${b.x})`);
		for (const box of all)
			if (box.id !== from.id && box.id !== to.id && segmentCrossesBox(a, b, box))
				problems.push(`${e.from.node} → ${e.to.node} passes under ${box.id}`);
		void byId;
	}
	return problems;
}

async function digitsFrame() {
	return readTableBytes(new Uint8Array(readFileSync(join(SAMPLES, 'digits.zip'))), { fileName: 'digits.zip' });
}

describe('tidy layout', () => {
	it('the geometry check itself catches a wire under a node and a wire pointing back', () => {
		// A hand-made untidy graph: data → split with the table in between on the same row,
		// and profile left of the dataset it reads.
		let d = emptyDoc();
		const add = (type: string, x: number, y: number) => {
			const r = addNode(d, registry, type, { x, y });
			d = r.doc;
			return r.id;
		};
		const data = add('io.dataset', 0, 0);
		add('explore.table', 260, 0);
		const split = add('split.train-test', 520, 0);
		const profile = add('explore.profile', -400, 300);
		for (const [to, port] of [
			[split, 'data'],
			[profile, 'data']
		] as const) {
			const r = connect(d, registry, { node: data, port: 'data' }, { node: to, port });
			if (!r.ok) throw new Error(r.reason);
			d = r.doc;
		}
		const found = untidiness(d);
		expect(found).toContain(`${data} → ${split} passes under table-1`);
		expect(found.some((p) => p.startsWith(`${data} → ${profile} points leftwards`))).toBe(true);
		expect(untidiness(tidyLayout(d, registry))).toEqual([]);
	});

	it('places unconnected nodes without overlap and keeps the top-left corner', () => {
		let d = emptyDoc();
		for (let i = 0; i < 5; i++) d = addNode(d, registry, 'explore.table', { x: 100 + i, y: 50 }).doc;
		const tidied = tidyLayout(d, registry);
		expect(untidiness(tidied)).toEqual([]);
		expect(Math.min(...tidied.nodes.map((n) => n.position.x))).toBe(100);
		expect(Math.min(...tidied.nodes.map((n) => n.position.y))).toBe(50);
	});

	it('is deterministic and moves only the nodes asked for', () => {
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'sample', name: 'penguins' },
			target: 'Species',
			task: 'classification'
		});
		const lone = addNode(doc, registry, 'explore.table', { x: -999, y: -999 });
		const again = tidyLayout(lone.doc, registry, { only: new Set(doc.nodes.map((n) => n.id)), origin: { x: 0, y: 0 } });
		expect(again.nodes.find((n) => n.id === lone.id)!.position).toEqual({ x: -999, y: -999 });
		expect(again.nodes.filter((n) => n.id !== lone.id).map((n) => n.position)).toEqual(doc.nodes.map((n) => n.position));
	});

	it('tidyPositions ignores edges to nodes outside the set and self-loops', () => {
		const at = tidyPositions(
			[
				{ id: 'a', width: 100, height: 50 },
				{ id: 'b', width: 100, height: 50 }
			],
			[
				{ from: { node: 'a', port: 'x' }, to: { node: 'b', port: 'y' } },
				{ from: { node: 'b', port: 'x' }, to: { node: 'zzz', port: 'y' } },
				{ from: { node: 'a', port: 'x' }, to: { node: 'a', port: 'y' } }
			],
			{ origin: { x: 10, y: 20 } }
		);
		expect(at.get('a')).toEqual({ x: 10, y: 20 });
		expect(at.get('b')!.x).toBeGreaterThanOrEqual(10 + 100 + 70);
		expect(at.get('b')!.y).toBe(20);
	});

	describe('Quick-model graphs are tidy: no overlap, no wire leftwards, no wire under a node it does not touch', () => {
		const cases: [string, () => Promise<Parameters<typeof quickRecipe>[0]>, string, Task, string | undefined][] = [
			['penguins', async () => readCsv(sampleText('penguins')), 'Species', 'classification', undefined],
			['seattle-weather', async () => readCsv(sampleText('seattle-weather')), 'weather', 'classification', undefined],
			['seattle-weather (regression)', async () => readCsv(sampleText('seattle-weather')), 'temp_max', 'regression', undefined],
			['reviews', async () => readCsv(sampleText('reviews')), 'sentiment', 'classification', undefined],
			['reviews (text network)', async () => readCsv(sampleText('reviews')), 'sentiment', 'classification', 'text-nn'],
			['digits', digitsFrame, 'label', 'classification', undefined]
		];
		it.each(cases)('%s', async (name, frame, target, task, model) => {
			const recipe = quickRecipe(await frame(), target, task);
			const doc = quickModel(emptyDoc(), registry, {
				source: { kind: 'stored', name, hash: 'h' },
				target,
				task,
				recipe,
				...(model ? { model } : {})
			});
			expect(doc.nodes.length).toBeGreaterThanOrEqual(6);
			expect(untidiness(doc)).toEqual([]);
			// Laid out from the origin asked for.
			expect(Math.min(...doc.nodes.map((n) => n.position.x))).toBe(0);
			expect(Math.min(...doc.nodes.map((n) => n.position.y))).toBe(0);
		});

		it('a second Quick model below the first is tidy as a whole', () => {
			const opts = { source: { kind: 'sample', name: 'penguins' }, target: 'Species', task: 'classification' } as const;
			const first = quickModel(emptyDoc(), registry, opts);
			const bottom = Math.max(...first.nodes.map((n) => n.position.y + estimatedSize(n, registry).height));
			const both = quickModel(first, registry, { ...opts, origin: { x: 0, y: bottom + 60 } });
			expect(both.nodes.length).toBe(first.nodes.length * 2);
			expect(untidiness(both)).toEqual([]);
		});
	});
});
