/// <reference lib="webworker" />
import { expose } from 'comlink';
import { builtinNodes } from '../src/lib/core/nodes/catalog';
import { createRegistry } from '../src/lib/core/nodes/registry';
import { configureWasm } from '../src/lib/core/ml/wasm-paths';
import { createEngineApi } from './engine-api';
import { holdLifeLock } from './life-lock';
import { createTrialPool } from '../src/lib/core/engine/trial-pool';
import { browserTrialThread } from './trial-thread';
import { registerDenseGpu } from './dense-gpu';
import { browserComputePool } from './compute-thread';
import { sampleFileName } from '../src/lib/core/nodes/catalog/io/dataset';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

configureWasm({
	'tfjs-backend-wasm.wasm': wasmPlain,
	'tfjs-backend-wasm-simd.wasm': wasmSimd,
	'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
});

registerDenseGpu();

const api = createEngineApi({
	registry: createRegistry(builtinNodes),
	fetchSample: async (name) => {
		const response = await fetch(new URL(`/samples/${encodeURIComponent(sampleFileName(name))}`, self.location.origin));
		if (!response.ok) throw new Error(`sample "${name}" could not be loaded (HTTP ${response.status})`);
		return new Uint8Array(await response.arrayBuffer());
	},
	// Trials of a search train in parallel, one per core (at most 4), beside this worker which only waits for them.
	trialPool: (backend, seed) =>
		createTrialPool(browserTrialThread, Math.max(1, Math.min(4, self.navigator.hardwareConcurrency || 2)), backend, seed),
	// One fit's inner loops (histogram boosting) over every core, threads nested in this worker.
	computePool: browserComputePool()
});

holdLifeLock();
expose(api);
