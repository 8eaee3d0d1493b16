import type { PipelineDocument, Position } from '$lib/core/doc/types';
import type { Registry } from '$lib/core/nodes/registry';
import { quickModel, type QuickModelOptions } from '$lib/core/nodes/templates/quick-model';

const CELL_W = 280;
const CELL_H = 140;

function occupied(doc: PipelineDocument, at: Position): boolean {
	return doc.nodes.some((n) => Math.abs(n.position.x - at.x) < CELL_W * 0.8 && Math.abs(n.position.y - at.y) < CELL_H * 0.8);
}

/**
 * A free place for a new node: to the right of `near` when given (the selected node), else
 * at `around` (the middle of the visible canvas) or the nearest free place below or beside it,
 * else the first free cell of a grid read left to right, top to bottom.
 */
export function freeSpot(doc: PipelineDocument, near?: Position | null, around?: Position | null): Position {
	if (near) {
		for (let i = 0; i < 50; i++) {
			const at = { x: near.x + CELL_W, y: near.y + i * CELL_H };
			if (!occupied(doc, at)) return at;
		}
	}
	if (around) {
		// Rings of cells around the point, nearest first: the node lands where the person is looking.
		for (let r = 0; r < 12; r++)
			for (let dy = -r; dy <= r; dy++)
				for (let dx = -r; dx <= r; dx++) {
					if (Math.max(Math.abs(dx), Math.abs(dy)) !== r) continue;
					const at = { x: around.x + dx * CELL_W, y: around.y + dy * CELL_H };
					if (!occupied(doc, at)) return at;
				}
	}
	for (let row = 0; row < 200; row++)
		for (let col = 0; col < 5; col++) {
			const at = { x: 40 + col * CELL_W, y: 40 + row * CELL_H };
			if (!occupied(doc, at)) return at;
		}
	return { x: 40, y: 40 + doc.nodes.length * CELL_H };
}

/** The document with the Quick-model pipeline added below whatever is already on the canvas. */
export function quickModelBelow(doc: PipelineDocument, registry: Registry, options: QuickModelOptions): PipelineDocument {
	const bottom = doc.nodes.reduce((m, n) => Math.max(m, n.position.y), -Infinity);
	const origin = options.origin ?? (Number.isFinite(bottom) ? { x: 0, y: bottom + 220 } : undefined);
	return quickModel(doc, registry, { ...options, ...(origin ? { origin } : {}) });
}
