import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { predictorRuntimePlugin } from './src/lib/predictor/runtime-bundle';

// Cross-origin isolation lets tfjs use SharedArrayBuffer where it can.
const isolation = {
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Embedder-Policy': 'require-corp'
};

export default defineConfig({
	// The predictor page's runtime script as a module of text (see src/lib/predictor/runtime-bundle.ts).
	plugins: [sveltekit(), predictorRuntimePlugin()],
	server: { headers: isolation, fs: { allow: ['workers'] } },
	preview: { headers: isolation, port: 4173 },
	worker: { format: 'es' },
	optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
	test: {
		include: ['src/**/*.test.ts', 'workers/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000
	}
});
