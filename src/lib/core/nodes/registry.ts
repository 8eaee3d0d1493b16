import type { NodeCategory, NodeDefinition, NodeTypeLookup } from './define';

export interface Registry extends NodeTypeLookup {
	get(type: string): NodeDefinition | undefined;
	readonly all: readonly NodeDefinition[];
	byCategory(category: NodeCategory): NodeDefinition[];
}

/** An explicit list in, a lookup out; nothing registers itself at import time. */
export function createRegistry(definitions: readonly NodeDefinition[]): Registry {
	const map = new Map<string, NodeDefinition>();
	for (const def of definitions) {
		if (map.has(def.type)) throw new Error(`node type ${def.type} is defined twice`);
		map.set(def.type, def);
	}
	return {
		get: (type) => map.get(type),
		all: [...definitions],
		byCategory: (category) => definitions.filter((d) => d.category === category)
	};
}
