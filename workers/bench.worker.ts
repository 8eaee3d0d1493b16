/// <reference lib="webworker" />
import { expose } from 'comlink';
import { configureWasm } from '../src/lib/core/ml/wasm-paths';
import { createBenchApi } from './bench-api';
import { browserComputePool } from './compute-thread';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

configureWasm({
	'tfjs-backend-wasm.wasm': wasmPlain,
	'tfjs-backend-wasm-simd.wasm': wasmSimd,
	'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded
});

expose(createBenchApi({ computePool: browserComputePool() }));
