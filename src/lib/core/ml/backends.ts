import * as tf from '@tensorflow/tfjs-core';
import { wasmPaths } from './wasm-paths';

export type BackendName = 'webgpu' | 'wasm' | 'webgl' | 'cpu';

export interface DetectedBackend {
	name: BackendName;
	available: boolean;
	/** Shown to the user next to the choice: why it is (not) usable or how it ranks. */
	note: string;
	/** Set on a WebGPU adapter that is a software rasteriser: usable, but slower than WASM. */
	softwareFallback?: boolean;
}

/** Preference when everything works: real GPU, then SIMD CPU kernels, then GL, then plain JS. */
const RANKING: readonly BackendName[] = ['webgpu', 'wasm', 'webgl', 'cpu'];

// Minimal structural view of WebGPU, so core needs no DOM-typings package.
interface GpuAdapterLike {
	isFallbackAdapter?: boolean;
	info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}
interface GpuLike {
	requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null>;
}

/** Probes what this runtime (page, worker or Node) can run; never throws. */
export async function detectBackends(): Promise<DetectedBackend[]> {
	const out: DetectedBackend[] = [await detectWebGpu(), detectWasm(), detectWebGl()];
	out.push({ name: 'cpu', available: true, note: 'plain JavaScript kernels (slowest, always available)' });
	return rank(out);
}

async function detectWebGpu(): Promise<DetectedBackend> {
	const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
	if (!gpu) return { name: 'webgpu', available: false, note: 'WebGPU is not supported here' };
	try {
		const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
		if (!adapter) return { name: 'webgpu', available: false, note: 'no WebGPU adapter' };
		// Chrome moved the flag from the adapter to adapter.info; read both.
		if (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter) {
			return { name: 'webgpu', available: true, softwareFallback: true, note: 'software fallback (SwiftShader)' };
		}
		const desc = [adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' ');
		return { name: 'webgpu', available: true, note: desc ? `GPU: ${desc}` : 'hardware GPU' };
	} catch (e) {
		return { name: 'webgpu', available: false, note: `WebGPU adapter request failed: ${message(e)}` };
	}
}

// The smallest module that uses a SIMD instruction (i8x16.splat), as wasm-feature-detect does.
const SIMD_PROBE = new Uint8Array([
	0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11
]);

function detectWasm(): DetectedBackend {
	if (typeof WebAssembly !== 'object') return { name: 'wasm', available: false, note: 'WebAssembly is not supported here' };
	let simd = false;
	try {
		simd = WebAssembly.validate(SIMD_PROBE);
	} catch {
		simd = false;
	}
	return {
		name: 'wasm',
		available: true,
		note: simd ? 'WebAssembly with SIMD (single thread)' : 'WebAssembly without SIMD (single thread)'
	};
}

function detectWebGl(): DetectedBackend {
	try {
		const g = globalThis as {
			OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown };
			document?: { createElement(tag: 'canvas'): { getContext(kind: string): unknown } };
		};
		const canvas = g.OffscreenCanvas ? new g.OffscreenCanvas(1, 1) : g.document?.createElement('canvas');
		if (!canvas) return { name: 'webgl', available: false, note: 'no canvas in this runtime' };
		if (canvas.getContext('webgl2')) return { name: 'webgl', available: true, note: 'WebGL 2' };
		if (canvas.getContext('webgl')) return { name: 'webgl', available: true, note: 'WebGL 1' };
		return { name: 'webgl', available: false, note: 'WebGL context unavailable' };
	} catch (e) {
		return { name: 'webgl', available: false, note: `WebGL probe failed: ${message(e)}` };
	}
}

/**
 * Orders by preference. A software WebGPU adapter is 5–25× slower than WASM (DESIGN.md §7),
 * and a machine without a real GPU for WebGPU rarely has one for WebGL, so it goes just above CPU.
 */
function rank(list: DetectedBackend[]): DetectedBackend[] {
	const score = (b: DetectedBackend): number =>
		b.name === 'webgpu' && b.softwareFallback ? RANKING.indexOf('webgl') + 0.5 : RANKING.indexOf(b.name);
	return [...list].sort((a, b) => score(a) - score(b));
}

/** 'auto' takes the best available; an explicit choice is honoured when available, else auto. */
export function chooseBackend(choice: 'auto' | BackendName, detected: readonly DetectedBackend[]): BackendName {
	if (choice !== 'auto' && detected.some((d) => d.name === choice && d.available)) return choice;
	return rank([...detected]).find((d) => d.available)?.name ?? 'cpu';
}

export interface ActivateOptions {
	/** Where the tfjs-backend-wasm .wasm files are served: a folder prefix or a per-file map.
	 * Defaults to what configureWasm() set, then (in Node) the package's own dist folder. */
	wasmPaths?: string | Record<string, string>;
	/** Order to fall back through after `name` fails; defaults to the static ranking below `name`. */
	fallbacks?: readonly BackendName[];
}

/**
 * Imports the backend package on first use (so a page never downloads a backend it does not
 * run), makes it active and returns the backend that actually became active, falling back
 * down the ranking when one fails to initialise.
 */
export async function activateBackend(name: BackendName, opts: ActivateOptions = {}): Promise<BackendName> {
	const order = [name, ...(opts.fallbacks ?? RANKING.slice(RANKING.indexOf(name) + 1))];
	if (!order.includes('cpu')) order.push('cpu');
	const errors: string[] = [];
	for (const candidate of order) {
		try {
			await register(candidate, opts);
			if (await tf.setBackend(candidate)) {
				await tf.ready();
				return candidate;
			}
			errors.push(`${candidate}: initialisation failed`);
		} catch (e) {
			errors.push(`${candidate}: ${message(e)}`);
		}
	}
	throw new Error(`No tfjs backend could be activated (${errors.join('; ')})`);
}

/** The backend tfjs is using now, or null before any was activated. */
export function activeBackend(): BackendName | null {
	const b = tf.getBackend();
	return (RANKING as readonly string[]).includes(b) ? (b as BackendName) : null;
}

async function register(name: BackendName, opts: ActivateOptions): Promise<void> {
	switch (name) {
		case 'cpu':
			await import('@tensorflow/tfjs-backend-cpu');
			return;
		case 'webgl':
			await import('@tensorflow/tfjs-backend-webgl');
			return;
		case 'webgpu':
			await import('@tensorflow/tfjs-backend-webgpu');
			return;
		case 'wasm': {
			const wasm = await import('@tensorflow/tfjs-backend-wasm');
			// The threaded build spawns pthread workers that never start inside a Vite module
			// worker, and tf.setBackend then hangs forever; the flag exists only once the package is loaded.
			tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
			const paths = opts.wasmPaths ?? wasmPaths() ?? (await nodeWasmDir());
			if (paths !== undefined) wasm.setWasmPaths(paths);
			return;
		}
	}
}

/**
 * In Node the .wasm files sit next to the package's entry point. Resolving them explicitly
 * (rather than relying on the bundle's __dirname) keeps working when the code is bundled, as
 * the CLI is. Returns undefined in a browser, where the app passes served URLs instead.
 */
async function nodeWasmDir(): Promise<string | undefined> {
	const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
	if (!proc?.versions?.node) return undefined;
	try {
		// A variable specifier keeps bundlers from trying to pull Node built-ins into the browser build.
		const spec = 'node:module';
		const { createRequire } = (await import(/* @vite-ignore */ spec)) as typeof import('node:module');
		const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
		return entry.slice(0, Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\')) + 1);
	} catch {
		return undefined;
	}
}

function message(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
