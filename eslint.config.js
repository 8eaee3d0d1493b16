// ESLint 9 flat config.
//
// Besides the usual recommended sets, this file enforces the direction of imports
// described in DESIGN.md §1 ("nothing imports upward") with `no-restricted-imports`.
// scripts/layering.test.ts proves the rules fire.
//
// Note on flat config: when several config objects set the same rule for one file, the
// last one wins wholesale (options are not merged). The layer folders below are disjoint,
// except core/ml, which is deliberately listed after core to replace core's list.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

// ---------------------------------------------------------------------------------------
// Import restrictions, built from small named pieces so each layer reads like DESIGN.md.
// ---------------------------------------------------------------------------------------

/** A restriction on an import path of this project (alias `$lib/...`, `$workers` or relative). */
function internal(folder, message) {
	// Matches `$lib/ui`, `$lib/ui/x`, `../ui/x`, `../../lib/ui`, `$workers/x`, `../../workers/x`.
	const re =
		folder === 'workers'
			? String.raw`^(\$workers(/|$)|(\.{1,2}/)+(.*/)?workers(/|$)|workers/)`
			: String.raw`^(\$lib|\.{1,2})(/.*)?/${folder}(/|$)`;
	return { regex: re, message };
}

/** A restriction on npm packages (gitignore-style patterns). */
function pkg(group, message) {
	return { group, message };
}

const R = {
	svelte: pkg(['svelte', 'svelte/*'], 'This layer must not depend on Svelte (DESIGN.md §1).'),
	app: pkg(['$app', '$app/*'], 'This layer must not depend on SvelteKit ($app/*) (DESIGN.md §1).'),
	dexie: pkg(['dexie', 'dexie/*'], 'Only src/lib/persistence talks to Dexie (DESIGN.md §1).'),
	comlink: pkg(['comlink', 'comlink/*'], 'Only client/ and workers/ use comlink (DESIGN.md §1).'),
	xyflow: pkg(['@xyflow/*'], 'xyflow belongs to src/lib/ui (DESIGN.md §1).'),
	d3: pkg(['d3', 'd3/*', 'd3-*'], 'd3 belongs to src/lib/ui; core computes bins as plain data (DESIGN.md §1).'),
	tfjs: pkg(['@tensorflow/*'], 'Only src/lib/core/ml imports @tensorflow/* (DESIGN.md §1).'),
	node: pkg(
		['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'net', 'os', 'child_process', 'cluster', 'worker_threads'],
		'core/serving is pure protocol logic: the Node server around it lives in src/cli/serve.'
	),
	server: pkg(
		['fastify', 'fastify/*', '@fastify/*', 'prom-client'],
		'The HTTP framework and metrics client belong to src/cli/serve, not core.'
	),
	ui: internal('ui', 'Nothing imports src/lib/ui except routes and ui itself (DESIGN.md §1).'),
	state: internal('state', 'Only ui/ and routes/ import src/lib/state (DESIGN.md §1).'),
	client: internal('client', 'Only state/ (and ui/routes) import src/lib/client (DESIGN.md §1).'),
	persistence: internal('persistence', 'The page reaches persistence through state/client; core never touches it (DESIGN.md §1).'),
	workers: internal('workers', 'The page reaches workers only through src/lib/client (DESIGN.md §1).')
};

/** One `no-restricted-imports` rule entry from a list of restrictions. */
function restrict(...items) {
	return { 'no-restricted-imports': ['error', { patterns: items }] };
}

const coreRestrictions = [R.svelte, R.app, R.dexie, R.comlink, R.xyflow, R.d3, R.ui, R.state, R.client, R.persistence, R.workers];

/** Layer rules, exported so the layering test and humans can read them. */
export const layers = [
	{ name: 'layers/core', files: ['src/lib/core/**'], rules: restrict(...coreRestrictions, R.tfjs) },
	// core/ml: same as core, but may import @tensorflow/*.
	{ name: 'layers/core-ml', files: ['src/lib/core/ml/**'], rules: restrict(...coreRestrictions) },
	// core/serving: core, and no Node APIs or server libraries either (tests may read files).
	{
		name: 'layers/core-serving',
		files: ['src/lib/core/serving/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(...coreRestrictions, R.tfjs, R.node, R.server)
	},
	// core/monitor and the monitor nodes: core, and no Node APIs (the Data drift node runs in the
	// studio's worker; the CLI reads the files and hands frames in).
	{
		name: 'layers/core-monitor',
		files: ['src/lib/core/monitor/**', 'src/lib/core/nodes/catalog/monitor/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(...coreRestrictions, R.tfjs, R.node)
	},
	// core/lifecycle: the registry index, promotion gate, rollback rules and model cards, pure too:
	// the registry folder's files are written by src/cli/registry-dir.ts.
	{
		name: 'layers/core-lifecycle',
		files: ['src/lib/core/lifecycle/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(
			...coreRestrictions,
			R.tfjs,
			{ ...R.node, message: 'core/lifecycle is pure: src/cli/registry-dir.ts reads and writes the registry folder.' },
			R.server
		)
	},
	// core/bundle: the share bundle is packed and opened in the studio's worker as in the CLI, so
	// no Node APIs: the CLI reads and writes the zip's bytes (tests may read files).
	{
		name: 'layers/core-bundle',
		files: ['src/lib/core/bundle/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(...coreRestrictions, R.tfjs, {
			...R.node,
			message: 'core/bundle is pure: src/cli reads and writes bundle files; the studio hands bytes in.'
		})
	},
	// core/backup: workspace backups are written and opened in the page, so no Node APIs: the
	// page hands archive bytes in and stores what comes out (persistence/backup.ts).
	{
		name: 'layers/core-backup',
		files: ['src/lib/core/backup/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(...coreRestrictions, R.tfjs, {
			...R.node,
			message: 'core/backup is pure: persistence/backup.ts reads and writes the stored records; the page hands bytes in.'
		})
	},
	// core/lessons: lesson files, their checks and "show me" plans, pure: the studio fetches the files.
	{
		name: 'layers/core-lessons',
		files: ['src/lib/core/lessons/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(...coreRestrictions, R.tfjs, R.node)
	},
	// core/compute: the pool's logic and kernels run in a browser worker as in a Node thread, so no
	// Node APIs: src/cli/compute-threads.ts and workers/compute-thread.ts start the threads.
	{
		name: 'layers/core-compute',
		files: ['src/lib/core/compute/**'],
		ignores: ['**/*.test.ts'],
		rules: restrict(...coreRestrictions, R.tfjs, {
			...R.node,
			message: 'core/compute is pure: src/cli/compute-threads.ts and workers/compute-thread.ts start its threads.'
		})
	},
	// The predictor page's runtime and builder: core plus DOM APIs, nothing of the studio (the
	// page runs alone from a file), and no tfjs (the page carries only JS/WebAssembly predictors).
	{ name: 'layers/predictor', files: ['src/lib/predictor/**'], rules: restrict(...coreRestrictions, R.tfjs) },
	{
		name: 'layers/persistence',
		files: ['src/lib/persistence/**'],
		rules: restrict(R.ui, R.state, R.client, R.workers, R.svelte, R.app)
	},
	{ name: 'layers/client', files: ['src/lib/client/**'], rules: restrict(R.ui, R.state) },
	{
		name: 'layers/state',
		files: ['src/lib/state/**'],
		rules: restrict(R.ui, R.dexie, R.tfjs)
	},
	{
		name: 'layers/ui-and-routes',
		files: ['src/lib/ui/**', 'src/routes/**'],
		rules: restrict(R.dexie, R.comlink, R.tfjs, R.workers, R.persistence)
	},
	{
		name: 'layers/workers',
		files: ['workers/**'],
		rules: restrict(R.ui, R.state, R.client, R.svelte, R.app)
	},
	{
		name: 'layers/cli',
		files: ['src/cli/**'],
		rules: restrict(R.ui, R.state, R.client, R.persistence, R.svelte, R.app, R.dexie, R.comlink)
	}
];

export default ts.config(
	{
		name: 'ignores',
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'e2e/.output/',
			'bench/results/',
			'coverage/',
			'.vite/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		name: 'globals',
		languageOptions: {
			ecmaVersion: 2022,
			sourceType: 'module',
			globals: { ...globals.browser, ...globals.node }
		}
	},
	{
		name: 'globals/workers',
		files: ['workers/**', 'src/service-worker.ts'],
		languageOptions: { globals: { ...globals.worker, ...globals.serviceworker } }
	},
	{
		name: 'svelte/typescript',
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				parser: ts.parser,
				extraFileExtensions: ['.svelte'],
				svelteConfig
			}
		}
	},
	{
		name: 'project/rules',
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrorsIgnorePattern: '^_',
					destructuredArrayIgnorePattern: '^_',
					ignoreRestSiblings: true
				}
			],
			// Flags every `new Set()`/`new Map()` in a .svelte(.ts) file, including local,
			// never-reactive ones in pure helpers (e.g. a graph walk in state/run.svelte.ts).
			// Reactive collections (SvelteSet/SvelteMap or $state) are a review matter.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	{
		// TypeScript itself reports undefined names (and knows about types and ambient globals).
		name: 'project/typescript',
		files: ['**/*.ts', '**/*.svelte'],
		rules: { 'no-undef': 'off' }
	},
	...layers
);
