/// <reference lib="webworker" />
import { expose } from 'comlink';
import { builtinNodes } from '../src/lib/core/nodes/catalog';
import { createRegistry } from '../src/lib/core/nodes/registry';
import { configureWasm } from '../src/lib/core/ml/wasm-paths';
import { createTrialWorkerApi } from '../src/lib/core/engine/trial-host';
import { registerDenseGpu } from './dense-gpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

configureWasm({
	'tfjs-backend-wasm.wasm': wasmPlain,
	'tfjs-backend-wasm-simd.wasm': wasmSimd,
	'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
});

registerDenseGpu();

expose(createTrialWorkerApi(createRegistry(builtinNodes)));
