import type { PipelineDocument } from '../../lib/core/doc/types';
import type { Registry } from '../../lib/core/nodes/registry';

/** The Split upstream of a model node: the rows its recipe starts from. */
export function splitAbove(doc: PipelineDocument, node: string): string | null {
	const seen = new Set<string>();
	let frontier = [node];
	while (frontier.length) {
		const next: string[] = [];
		for (const id of frontier) {
			for (const e of doc.edges.filter((e) => e.to.node === id)) {
				if (seen.has(e.from.node)) continue;
				seen.add(e.from.node);
				if (doc.nodes.find((n) => n.id === e.from.node)?.type === 'split.train-test') return e.from.node;
				next.push(e.from.node);
			}
		}
		frontier = next;
	}
	return null;
}

/** Supervised model nodes that train after a Split, with that Split: what cv and tune act on. */
export function modelsAfterSplit(doc: PipelineDocument, registry: Registry): { model: string; split: string }[] {
	return doc.nodes.flatMap((n) => {
		if (!n.type.startsWith('model.') || !registry.get(n.type)?.outputs.model) return [];
		const split = splitAbove(doc, n.id);
		return split ? [{ model: n.id, split }] : [];
	});
}
