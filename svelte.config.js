import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './scripts/csp.mjs';

const buildDir = process.env.TESSERA_BUILD_DIR || 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// TESSERA_BUILD_DIR: another output folder than build/ (e2e/upgrade.spec.ts's second build).
		adapter: adapter({ pages: buildDir, assets: buildDir, fallback: 'index.html', strict: true }),
		alias: { $workers: 'workers' },
		serviceWorker: { register: true },
		// Hashes of SvelteKit's inline bootstrap go into each page's <meta> policy (scripts/csp.mjs says why each source is there).
		csp: { mode: 'hash', directives: CSP_DIRECTIVES },
		// A tab learns of a new deployment from _app/version.json (the service worker fetches it from
		// the network): once a minute, and the banner offers Reload (src/lib/client/update.ts).
		// TESSERA_VERSION names a build (default: its build time); e2e/upgrade.spec.ts builds a second one.
		version: { pollInterval: 60_000, ...(process.env.TESSERA_VERSION ? { name: process.env.TESSERA_VERSION } : {}) }
	}
};

export default config;
