import { builtinNodes } from '$lib/core/nodes/catalog';
import { createRegistry, type Registry } from '$lib/core/nodes/registry';
import type { NodeCategory } from '$lib/core/nodes/define';

/** The one registry the page uses: the built-in catalog, listed explicitly. */
export const registry: Registry = createRegistry(builtinNodes);

export const CATEGORY_ORDER: readonly NodeCategory[] = [
	'io',
	'explore',
	'clean',
	'features',
	'split',
	'model',
	'evaluate',
	'deploy',
	'monitor'
];

export const CATEGORY_TITLES: Readonly<Record<NodeCategory, string>> = {
	io: 'Data',
	explore: 'Explore',
	clean: 'Clean',
	features: 'Features',
	split: 'Split',
	model: 'Model',
	evaluate: 'Evaluate',
	deploy: 'Deploy',
	monitor: 'Monitor'
};
