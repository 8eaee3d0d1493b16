import { addNode, connect } from '../../doc/commands';
import type { PipelineDocument } from '../../doc/types';
import type { NodeTypeLookup } from '../define';
import type { ParamValue } from '../params';

/**
 * "Use this model" on a leaderboard row: the family's model node, with the settings it was
 * compared with, fed by the data the Compare models node reads (the Split output), placed
 * beside it — ready to evaluate or tune. Seeds are left to follow the document seed, as the
 * comparison's did. Throws when the Compare models node has no data connected.
 */
export function useComparedModel(
	doc: PipelineDocument,
	lookup: NodeTypeLookup,
	compareNode: string,
	row: { readonly node: string; readonly params: Readonly<Record<string, ParamValue>> }
): { doc: PipelineDocument; id: string } {
	const compare = doc.nodes.find((n) => n.id === compareNode);
	if (!compare) throw new Error(`there is no node "${compareNode}"`);
	const feed = doc.edges.find((e) => e.to.node === compareNode && e.to.port === 'data');
	if (!feed) throw new Error('connect data to Compare models first');
	const schema = lookup.get(row.node)?.params;
	if (!schema) throw new Error(`this app has no "${row.node}" node`);
	// Only the node's own settings; a seed that followed the document seed keeps following it.
	const params = Object.fromEntries(Object.entries(row.params).filter(([k]) => k in schema && schema[k].type !== 'seed'));
	const below = doc.nodes.filter((n) => Math.abs(n.position.x - (compare.position.x + 260)) < 120).map((n) => n.position.y);
	const added = addNode(
		doc,
		lookup,
		row.node,
		{ x: compare.position.x + 260, y: below.length ? Math.max(compare.position.y, Math.max(...below) + 140) : compare.position.y },
		params
	);
	const wired = connect(added.doc, lookup, feed.from, { node: added.id, port: 'data' });
	if (!wired.ok) throw new Error(wired.reason);
	return { doc: wired.doc, id: added.id };
}
