import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { CSP_DIRECTIVES } from './scripts/csp.mjs';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
		alias: { $workers: 'workers' },
		serviceWorker: { register: true },
		// Hashes of SvelteKit's inline bootstrap go into each page's <meta> policy (scripts/csp.mjs says why each source is there).
		csp: { mode: 'hash', directives: CSP_DIRECTIVES }
	}
};

export default config;
