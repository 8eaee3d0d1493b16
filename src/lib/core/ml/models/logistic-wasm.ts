import { LOGISTIC_WASM_BASE64 } from './logistic-wasm-bytes';

/**
 * The binary logistic pass (logistic.wat) on this thread's WebAssembly instance. The rows a
 * thread reads are copied once into its instance's memory (its part of the design matrix, an
 * even row stride), then every objective evaluation of the fit reads them there: a WebAssembly
 * instance cannot see the pool's SharedArrayBuffer, and copying once per fit instead of once
 * per call saves a pass over the rows per evaluation (measured: docs/ARCHITECTURE.md). Where
 * the memory cannot grow that far, each chunk is staged through a small window instead: the
 * same code on the same numbers, so the same bits, only slower.
 */

interface Exports {
	binary(x: number, y: number, w: number, out: number, rows: number, p: number, b: number): void;
}

interface Instance {
	readonly memory: WebAssembly.Memory;
	readonly wasm: Exports;
	heap: Float64Array;
	/** What the memory holds: rows [from, to) of `X` for `owner` (a job's thread-local scratch). */
	resident: { owner: object; X: Float64Array; from: number; to: number; p: number } | null;
}

let compiled: WebAssembly.Module | null | undefined;
let instance: Instance | null = null;

/** The module, once per thread; null where WebAssembly or its SIMD proposal is missing (validating f64x2 code is the probe). */
function logisticModule(): WebAssembly.Module | null {
	if (compiled !== undefined) return compiled;
	compiled = null;
	if (typeof WebAssembly !== 'object') return compiled;
	const bytes = Uint8Array.from(atob(LOGISTIC_WASM_BASE64), (ch) => ch.charCodeAt(0));
	if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
	return compiled;
}

/** Whether the WebAssembly pass runs here (the same answer on every thread of one machine). */
export function logisticWasmAvailable(): boolean {
	return logisticModule() !== null;
}

const PAGE = 65536;
/** Rows staged at a time when a thread's rows do not fit its memory. */
const WINDOW_ROWS = 2048;

function ensureInstance(): Instance | null {
	if (instance) return instance;
	const module = logisticModule();
	if (!module) return null;
	const memory = new WebAssembly.Memory({ initial: 1 });
	const wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
	instance = { memory, wasm, heap: new Float64Array(memory.buffer), resident: null };
	return instance;
}

/** Grows the memory to `bytes`; false when it cannot (the 4 GiB limit, or no memory left). */
function reserve(inst: Instance, bytes: number): boolean {
	const have = inst.memory.buffer.byteLength;
	if (bytes <= have) return true;
	try {
		inst.memory.grow(Math.ceil((bytes - have) / PAGE));
	} catch {
		return false;
	}
	inst.heap = new Float64Array(inst.memory.buffer);
	return true;
}

/** Even stride: the kernel reads two features at a time. */
const strideOf = (p: number) => p + (p & 1);

/** Layout in doubles: w (stride), out (stride + 2), then the rows and their labels. */
function layout(p: number, rows: number) {
	const s = strideOf(p);
	const w = 0;
	const out = s;
	const x = out + s + 2 + ((s + 2) & 1); // 16-byte aligned
	const y = x + rows * s;
	return { s, w, out, x, y, end: y + rows };
}

/** Copies rows [from, to) of X (p features each) and their labels to the layout's x and y. */
function copyRows(
	heap: Float64Array,
	X: Float64Array,
	y: Float64Array,
	p: number,
	from: number,
	to: number,
	at: ReturnType<typeof layout>
): void {
	if (at.s === p) heap.set(X.subarray(from * p, to * p), at.x);
	else {
		for (let i = from; i < to; i++) {
			const o = at.x + (i - from) * at.s;
			heap.set(X.subarray(i * p, (i + 1) * p), o);
			heap[o + p] = 0;
		}
	}
	heap.set(y.subarray(from, to), at.y);
}

/**
 * A binary pass over rows [from, to) of X (labels y, p features, weights w = [w_0..w_{p-1}, b]):
 * out = [Σ (σ(z) − y)·x (p), Σ (σ(z) − y), Σ logloss] over the rows in blocks of four, the last
 * (to − from) mod 4 rows left for the caller (their count is returned). Rows [range.from,
 * range.to) are the ones this thread reads during the job `owner` (copied on first use);
 * null when WebAssembly is unavailable.
 */
export function wasmBinaryRows(
	owner: object,
	X: Float64Array,
	y: Float64Array,
	p: number,
	range: { readonly from: number; readonly to: number },
	w: Float64Array,
	from: number,
	to: number,
	out: Float64Array
): number | null {
	const inst = ensureInstance();
	if (!inst) return null;
	const four = (to - from) & ~3;
	const r = inst.resident;
	let at: ReturnType<typeof layout>;
	let base: number;
	if (r && r.owner === owner && r.X === X && r.p === p && r.from <= from && to <= r.to) {
		at = layout(p, r.to - r.from);
		base = r.from;
	} else {
		const whole = layout(p, range.to - range.from);
		if (range.from <= from && to <= range.to && reserve(inst, whole.end * 8)) {
			copyRows(inst.heap, X, y, p, range.from, range.to, whole);
			inst.resident = { owner, X, from: range.from, to: range.to, p };
			at = whole;
			base = range.from;
		} else {
			// Staged: these rows only, through a window (same arithmetic, so the same bits).
			inst.resident = null;
			at = layout(p, Math.min(WINDOW_ROWS, four));
			if (!reserve(inst, at.end * 8)) return null;
			base = from;
		}
	}
	const heap = inst.heap;
	for (let j = 0; j < p; j++) heap[at.w + j] = w[j];
	heap[at.w + p] = 0;
	out.fill(0);
	const resident = inst.resident !== null;
	// Windows of the same size either way, partials added in order: resident or staged, the same bits.
	for (let i = from; i < from + four; i += WINDOW_ROWS) {
		const rows = Math.min(WINDOW_ROWS, from + four - i);
		let start = i - base;
		if (!resident) {
			copyRows(heap, X, y, p, i, i + rows, at);
			start = 0;
		}
		inst.wasm.binary((at.x + start * at.s) * 8, (at.y + start) * 8, at.w * 8, at.out * 8, rows, at.s, w[p]);
		for (let j = 0; j < p; j++) out[j] += heap[at.out + j];
		out[p] += heap[at.out + at.s];
		out[p + 1] += heap[at.out + at.s + 1];
	}
	return to - from - four;
}
