import type { HistLayout, HistSource } from './hist-histogram';
import { HIST_WASM_BASE64 } from './hist-wasm-bytes';
import { simdModule } from '../simd-module';

interface HistExports {
	hist_idx4(
		o0: number,
		o1: number,
		o2: number,
		o3: number,
		c0: number,
		c1: number,
		c2: number,
		c3: number,
		idx: number,
		ogh: number,
		m: number
	): void;
	hist_idx1(o: number, c: number, idx: number, ogh: number, m: number): void;
	hist_rows4(
		o0: number,
		o1: number,
		o2: number,
		o3: number,
		c0: number,
		c1: number,
		c2: number,
		c3: number,
		first: number,
		ogh: number,
		m: number
	): void;
	hist_rows1(o: number, c: number, first: number, ogh: number, m: number): void;
	gather(idx: number, first: number, g: number, h: number, ogh: number, m: number): void;
	partition(idx: number, m: number, col: number, goes: number, right: number): number;
}

/**
 * The WebAssembly kernels (hist.wat) over this thread's copy of a fit's bin codes: histograms
 * with the same numbers, to the bit, as buildHistogram and buildRootHistogram, and the
 * partition of a node's rows in the same order as hist-grower's.
 */
export interface WasmTreeKernels {
	/**
	 * Fills the slots of `features` in `out` from rows idx[start..end), or every row 0..n-1 when
	 * `idx` is null. `tree` names the gradients in `src`: this thread copies them into its memory
	 * when it changes (once per tree), and gathers a node's (g, h) pairs there.
	 */
	build(out: Float64Array, src: HistSource, features: Int32Array, idx: Uint32Array | null, start: number, end: number, tree: number): void;
	/** `partition` of hist-grower.ts (the same rows in the same order) on feature `feature`'s codes; returns where the right side starts. */
	partition(idx: Uint32Array, start: number, end: number, feature: number, goesLeft: Uint8Array): number;
}

/** Past this the copy is not worth a second home for the bins: the JavaScript loops run instead. */
const MAX_BYTES = 1 << 30;

/** The kernel module, compiled once per thread (null: no WebAssembly SIMD here; see simd-module.ts). */
const histModule = simdModule(HIST_WASM_BASE64);

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * An instance whose memory holds a copy of `bins` (p features × n rows, feature-major), taken
 * once here: the kernel reads bin codes at random rows, so they must sit in its memory, and
 * the whole matrix once per fit (20 MB at 1M × 20) costs less than gathering a node's codes
 * for every node. Per call only the node's rows and their (g, h) pairs go in, and the
 * features' slots come out. null where WebAssembly SIMD is missing or the copy would be too big.
 */
export function createWasmTreeKernels(bins: Uint8Array, n: number, layout: HistLayout): WasmTreeKernels | null {
	const module = histModule();
	if (!module) return null;
	const oghAt = align16(bins.length);
	const idxAt = oghAt + n * 16;
	const gAt = align16(idxAt + n * 4);
	const hAt = align16(gAt + n * 4);
	const histAt = align16(hAt + n * 4);
	const goesAt = align16(histAt + layout.slots * 24);
	const bytes = goesAt + 256;
	if (bytes > MAX_BYTES) return null;
	let memory: WebAssembly.Memory;
	try {
		memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
	} catch {
		return null;
	}
	const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as HistExports;
	new Uint8Array(memory.buffer, 0, bins.length).set(bins);
	const rows = new Uint32Array(memory.buffer, idxAt, n);
	const g = new Float32Array(memory.buffer, gAt, n);
	const h = new Float32Array(memory.buffer, hAt, n);
	const hist = new Float64Array(memory.buffer, histAt, layout.slots * 3);
	const offsets = layout.offsets;
	const slotEnd = (f: number) => (f + 1 < offsets.length ? offsets[f + 1] : layout.slots);
	const slotAt = (f: number) => histAt + offsets[f] * 24;
	const goes = new Uint8Array(memory.buffer, goesAt, 256);
	let gradientsOf = Number.NaN;

	return {
		build(out, src, features, idx, start, end, tree) {
			if (tree !== gradientsOf) {
				g.set(src.gradients);
				if (src.hessians) h.set(src.hessians);
				gradientsOf = tree;
			}
			const m = end - start;
			if (idx) rows.set(idx.subarray(start, end));
			// The (g, h) pairs in node order, as f64 (exact from f32); a unit hessian is 1, whose sums are the counts.
			wasm.gather(idx ? idxAt : -1, start, gAt, src.hessians ? hAt : -1, oghAt, m);
			for (let k = 0; k < features.length; k++) hist.fill(0, offsets[features[k]] * 3, slotEnd(features[k]) * 3);
			const col = (f: number) => f * src.n;
			let k = 0;
			for (; k + 3 < features.length; k += 4) {
				const [f0, f1, f2, f3] = [features[k], features[k + 1], features[k + 2], features[k + 3]];
				if (idx) wasm.hist_idx4(slotAt(f0), slotAt(f1), slotAt(f2), slotAt(f3), col(f0), col(f1), col(f2), col(f3), idxAt, oghAt, m);
				else wasm.hist_rows4(slotAt(f0), slotAt(f1), slotAt(f2), slotAt(f3), col(f0), col(f1), col(f2), col(f3), start, oghAt, m);
			}
			for (; k < features.length; k++) {
				const f = features[k];
				if (idx) wasm.hist_idx1(slotAt(f), col(f), idxAt, oghAt, m);
				else wasm.hist_rows1(slotAt(f), col(f), start, oghAt, m);
			}
			for (k = 0; k < features.length; k++) {
				const from = offsets[features[k]] * 3;
				const to = slotEnd(features[k]) * 3;
				out.set(hist.subarray(from, to), from);
			}
		},
		partition(idx, start, end, feature, goesLeft) {
			const m = end - start;
			rows.set(idx.subarray(start, end));
			goes.set(goesLeft.subarray(0, 256));
			// The (g, h) pairs' room is free between builds: the right side's scratch.
			const left = wasm.partition(idxAt, m, feature * n, goesAt, oghAt);
			idx.set(rows.subarray(0, m), start);
			return start + left;
		}
	};
}

/**
 * This thread's instance for the fit whose bins these are, kept in a kernel's `local` scratch
 * (so it lives as long as the job); null: use the JavaScript loops.
 */
export function wasmTreeKernelsFor(
	local: Record<string, unknown>,
	bins: Uint8Array,
	n: number,
	layout: HistLayout
): WasmTreeKernels | null {
	const kept = local.wasmHist as { bins: Uint8Array; made: WasmTreeKernels | null } | undefined;
	if (kept?.bins === bins) return kept.made;
	const made = createWasmTreeKernels(bins, n, layout);
	local.wasmHist = { bins, made };
	return made;
}
