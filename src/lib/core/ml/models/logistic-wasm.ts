import { LOGISTIC_WASM_BASE64 } from './logistic-wasm-bytes';
import { simdModule } from '../simd-module';

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
	validation(x: number, y: number, w: number, out: number, rows: number, p: number, b: number): void;
}

interface Instance {
	readonly memory: WebAssembly.Memory;
	readonly wasm: Exports;
	heap: Float64Array;
	/** What the memory holds: rows [from, to) of `X` for `owner` (a job's thread-local scratch). */
	resident: { owner: object; X: Float64Array; from: number; to: number; p: number } | null;
}

let instance: Instance | null = null;

/** The kernel module, compiled once per thread (null: no WebAssembly SIMD here; see simd-module.ts). */
const logisticModule = simdModule(LOGISTIC_WASM_BASE64);

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

/**
 * Layout in doubles: w (stride), out (stride + 2), a window of WINDOW_ROWS rows and labels
 * (staged rows), then the rows kept resident and their labels.
 */
function layout(p: number, rows: number) {
	const s = strideOf(p);
	const w = 0;
	const out = s;
	const winX = out + s + 2 + ((s + 2) & 1); // 16-byte aligned
	const winY = winX + WINDOW_ROWS * s;
	const x = winY + WINDOW_ROWS;
	const y = x + rows * s;
	return { s, w, out, winX, winY, x, y, end: y + rows };
}

/** Copies rows [from, to) of X (p features each) and their labels to `x` and `y` of the heap. */
function copyRows(
	heap: Float64Array,
	X: Float64Array,
	labels: Float64Array,
	p: number,
	from: number,
	to: number,
	s: number,
	x: number,
	y: number
): void {
	if (s === p) heap.set(X.subarray(from * p, to * p), x);
	else {
		for (let i = from; i < to; i++) {
			const o = x + (i - from) * s;
			heap.set(X.subarray(i * p, (i + 1) * p), o);
			heap[o + p] = 0;
		}
	}
	heap.set(labels.subarray(from, to), y);
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
	const r = inst.resident;
	let at: ReturnType<typeof layout>;
	let base = -1; // first row of the resident copy; -1: stage the rows through the window
	if (r && r.owner === owner && r.X === X && r.p === p && r.from <= from && to <= r.to) {
		at = layout(p, r.to - r.from);
		base = r.from;
	} else {
		at = layout(p, range.to - range.from);
		if (range.from <= from && to <= range.to && reserve(inst, at.end * 8)) {
			copyRows(inst.heap, X, y, p, range.from, range.to, at.s, at.x, at.y);
			inst.resident = { owner, X, from: range.from, to: range.to, p };
			base = range.from;
		} else {
			inst.resident = null;
			at = layout(p, 0);
			if (!reserve(inst, at.end * 8)) return null;
		}
	}
	return runWindows(inst, 'binary', X, y, p, w, from, to, out, at, base);
}

/**
 * Validation rows [from, to) of X (NaN where missing; labels −1 where unknown): out = [Σ
 * logloss, rows counted] over blocks of four, staged through the window; the rest left to
 * the caller (their count is returned); null when WebAssembly is unavailable.
 */
export function wasmValidationRows(
	X: Float64Array,
	y: Float64Array,
	p: number,
	w: Float64Array,
	from: number,
	to: number,
	out: Float64Array
): number | null {
	const inst = ensureInstance();
	if (!inst) return null;
	// The window lies before the resident rows of the same feature count; another count moves it.
	if (inst.resident && inst.resident.p !== p) inst.resident = null;
	const at = layout(p, 0);
	if (!reserve(inst, at.end * 8)) return null;
	return runWindows(inst, 'validation', X, y, p, w, from, to, out, at, -1);
}

/**
 * Runs `pass` over rows [from, from + four) in windows of WINDOW_ROWS rows (from the resident
 * copy at `base`, or copied into the window when base is −1), their outputs added in order:
 * resident or staged, the same bits.
 */
function runWindows(
	inst: Instance,
	pass: 'binary' | 'validation',
	X: Float64Array,
	y: Float64Array,
	p: number,
	w: Float64Array,
	from: number,
	to: number,
	out: Float64Array,
	at: ReturnType<typeof layout>,
	base: number
): number {
	const four = (to - from) & ~3;
	const heap = inst.heap;
	for (let j = 0; j < p; j++) heap[at.w + j] = w[j];
	heap[at.w + p] = 0;
	out.fill(0);
	for (let i = from; i < from + four; i += WINDOW_ROWS) {
		const rows = Math.min(WINDOW_ROWS, from + four - i);
		let x = at.winX;
		let yAt = at.winY;
		if (base < 0) copyRows(heap, X, y, p, i, i + rows, at.s, x, yAt);
		else {
			x = at.x + (i - base) * at.s;
			yAt = at.y + (i - base);
		}
		inst.wasm[pass](x * 8, yAt * 8, at.w * 8, at.out * 8, rows, at.s, w[p]);
		if (pass === 'binary') {
			for (let j = 0; j < p; j++) out[j] += heap[at.out + j];
			out[p] += heap[at.out + at.s];
			out[p + 1] += heap[at.out + at.s + 1];
		} else {
			out[0] += heap[at.out];
			out[1] += heap[at.out + 1];
		}
	}
	return to - from - four;
}
