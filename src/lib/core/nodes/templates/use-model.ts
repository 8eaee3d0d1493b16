import { addNode, connect } from '../../doc/commands';
import type { PipelineDocument, PortRef } from '../../doc/types';
import type { NodeTypeLookup } from '../define';
import type { ParamValue } from '../params';

/** What Use this model needs from a leaderboard: the row's node and settings, and the preparation it was compared with. */
export interface ComparedModel {
	readonly node: string;
	readonly params: Readonly<Record<string, ParamValue>>;
	/** Node types the comparison refitted before the model (LeaderboardReport.prepare), in order. */
	readonly prepare: readonly string[];
}

/**
 * "Use this model" on a leaderboard row: the family's model node, with the settings it was
 * compared with, after the same preparation nodes (missing values, one-hot, scale), fed by
 * the data the Compare models node reads (the Split output) and placed beside it — ready
 * to evaluate or tune. Seeds are left to follow the document seed, as the comparison's did.
 * Throws when the Compare models node has no data connected.
 */
export function useComparedModel(
	doc: PipelineDocument,
	lookup: NodeTypeLookup,
	compareNode: string,
	chosen: ComparedModel
): { doc: PipelineDocument; id: string } {
	const compare = doc.nodes.find((n) => n.id === compareNode);
	if (!compare) throw new Error(`there is no node "${compareNode}"`);
	const feed = doc.edges.find((e) => e.to.node === compareNode && e.to.port === 'data');
	if (!feed) throw new Error('connect data to Compare models first');
	const schema = lookup.get(chosen.node)?.params;
	if (!schema) throw new Error(`this app has no "${chosen.node}" node`);
	// Only the node's own settings; a seed that followed the document seed keeps following it.
	const params = Object.fromEntries(Object.entries(chosen.params).filter(([k]) => k in schema && schema[k].type !== 'seed'));
	// A new row below whatever sits right of the Compare models node.
	const x0 = compare.position.x + 260;
	const taken = doc.nodes.filter((n) => n.position.x >= x0 - 100).map((n) => n.position.y);
	const y = taken.length ? Math.max(compare.position.y, Math.max(...taken) + 140) : compare.position.y;

	let d = doc;
	let from: PortRef = feed.from;
	const chain = [...chosen.prepare, chosen.node];
	let id = '';
	chain.forEach((type, i) => {
		const added = addNode(d, lookup, type, { x: x0 + i * 220, y }, type === chosen.node ? params : {});
		const wired = connect(added.doc, lookup, from, { node: added.id, port: 'data' });
		if (!wired.ok) throw new Error(wired.reason);
		d = wired.doc;
		id = added.id;
		from = { node: added.id, port: 'data' };
	});
	return { doc: d, id };
}
