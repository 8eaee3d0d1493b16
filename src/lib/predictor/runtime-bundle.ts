/**
 * Node only (esbuild): bundles page.ts into the predictor page's one classic script. Two
 * consumers share this one configuration, so the studio and the CLI publish the same runtime:
 * - the CLI (`tessera predictor`) calls `bundlePredictorRuntime` at run time; esbuild is a
 *   dependency in package.json, so a fresh clone with `npm ci` can publish;
 * - the studio imports `virtual:tessera-predictor-runtime` (index.ts), a module that
 *   `predictorRuntimePlugin` (vite.config.ts) fills with the script's text. Vite then treats
 *   it as an ordinary lazily loaded JS chunk: `vite dev` bundles on request and again after
 *   a file of the runtime changes, `vite build` emits it among the app's chunks,
 *   and scripts/precache.mjs lists every chunk, so Publish works offline too. A `?url` asset
 *   or an iife worker build would need a second build pass or a fetch; a JS string does not.
 */
import { build, type Plugin as EsbuildPlugin } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const ENTRY = fileURLToPath(new URL('./page.ts', import.meta.url));

/**
 * Keeps TensorFlow.js out of the runtime. The families that need it (CNN, text network, MLPs
 * with other activations than relu/tanh) load it through dynamic imports of these three
 * modules, which a one-file bundle would otherwise inline (megabytes); the page builder
 * refuses those models (score.ts, predictorIssue), so the stubs only ever say why.
 */
const withoutTfjs: EsbuildPlugin = {
	name: 'tessera-predictor-without-tfjs',
	setup(b) {
		b.onResolve({ filter: /\/ml\/models\/(mlp|cnn|text-nn)$/ }, (args) => ({ path: args.path, namespace: 'tfjs-stub' }));
		b.onLoad({ filter: /.*/, namespace: 'tfjs-stub' }, () => ({
			contents: `const refuse = () => { throw new Error('this model needs TensorFlow.js, which the predictor page does not carry'); };
export const predictMlp = refuse, predictCnn = refuse, predictTextNn = refuse;`,
			loader: 'js'
		}));
		b.onResolve({ filter: /^@tensorflow\// }, (args) => ({
			errors: [{ text: `${args.importer} imports ${args.path}: TensorFlow.js must not reach the predictor runtime` }]
		}));
	}
};

export interface PredictorRuntime {
	/** The script's text (one IIFE, minified). */
	readonly code: string;
	/** Absolute paths of the source files it was built from. */
	readonly inputs: readonly string[];
}

export async function bundlePredictorRuntime(): Promise<PredictorRuntime> {
	const result = await build({
		entryPoints: [ENTRY],
		bundle: true,
		write: false,
		format: 'iife',
		platform: 'browser',
		// What the page needs anyway (WebAssembly SIMD, File.stream, CSS grid): browsers of 2021 on.
		target: ['chrome100', 'firefox100', 'safari15'],
		minify: true,
		legalComments: 'eof',
		metafile: true,
		logLevel: 'silent',
		plugins: [withoutTfjs]
	});
	const code = result.outputFiles[0].text;
	const cwd = process.cwd();
	const inputs = Object.keys(result.metafile.inputs)
		.filter((p) => !p.includes(':'))
		.map((p) => path.resolve(cwd, p));
	return { code, inputs };
}

export const PREDICTOR_RUNTIME_MODULE = 'virtual:tessera-predictor-runtime';

/** The Vite side (see the header): `import runtime from 'virtual:tessera-predictor-runtime'` is the script's text. */
export function predictorRuntimePlugin(): Plugin {
	const resolved = `\0${PREDICTOR_RUNTIME_MODULE}`;
	// The runtime's source files as of its last bundle. esbuild reads them, not Vite, so Vite's
	// module graph does not know the text depends on them: `vite dev` would keep serving a stale
	// runtime after an edit unless the module is invalidated by hand (configureServer below;
	// a page that already imported it picks the new text up on reload).
	let sources = new Set<string>();
	return {
		name: 'tessera-predictor-runtime',
		resolveId: (id) => (id === PREDICTOR_RUNTIME_MODULE ? resolved : undefined),
		async load(id) {
			if (id !== resolved) return undefined;
			const { code, inputs } = await bundlePredictorRuntime();
			sources = new Set(inputs);
			// Build watch mode (`vite build --watch`) rebuilds on these.
			for (const file of inputs) this.addWatchFile(file);
			return `export default ${JSON.stringify(code)};`;
		},
		configureServer(server) {
			server.watcher.on('change', (file) => {
				if (!sources.has(path.resolve(file))) return;
				for (const environment of Object.values(server.environments)) {
					const mod = environment.moduleGraph.getModuleById(resolved);
					if (mod) environment.moduleGraph.invalidateModule(mod);
				}
			});
		}
	};
}
