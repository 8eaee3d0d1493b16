import type { AdamSettings } from './adam';
import type { HiddenActivation, NetLayout, OutputActivation } from './network';
import { LINEAR_GROUP, RECORD_BYTES, RECORD_F32, RECORD_U32, TILE } from './wgsl';

/** The entry points of DENSE_WGSL. */
export type GpuKernel = 'gather' | 'gemm' | 'loss' | 'adam';

/** The uniform record of one dispatch: the fields of the WGSL struct `P`, unset ones 0. */
export interface GpuRecord {
	m?: number;
	n?: number;
	k?: number;
	mode?: number;
	a?: number;
	rsA?: number;
	csA?: number;
	b?: number;
	rsB?: number;
	csB?: number;
	c?: number;
	ldc?: number;
	aux?: number;
	act?: number;
	onesRow?: number;
	start?: number;
	rows?: number;
	cols?: number;
	classes?: number;
	stepIndex?: number;
	count?: number;
	f?: readonly number[];
}

export interface GpuDispatch {
	kernel: GpuKernel;
	/** Workgroups in x and y. */
	groups: [number, number];
	record: GpuRecord;
}

/** One training step on the GPU: the rows order[start .. start + rows) of the epoch's order. */
export interface GpuStepSpec {
	start: number;
	rows: number;
	/** Index of this step's loss in the epoch's stepLoss buffer (and the divergence flag). */
	stepIndex: number;
	/** Adam's t, counting from 1 over the whole fit. */
	t: number;
}

export interface GpuNetSpec {
	net: NetLayout;
	hidden: HiddenActivation;
	output: OutputActivation;
	/** scikit-learn's alpha: gradient += l2 · W / batch rows (0: none). */
	l2: number;
	adam: AdamSettings;
}

const U32_FIELDS = [
	'm',
	'n',
	'k',
	'mode',
	'a',
	'rsA',
	'csA',
	'b',
	'rsB',
	'csB',
	'c',
	'ldc',
	'aux',
	'act',
	'onesRow',
	'start',
	'rows',
	'cols',
	'classes',
	'stepIndex',
	'count'
] as const satisfies readonly (keyof GpuRecord)[];

const ACT: Record<HiddenActivation | OutputActivation, number> = { linear: 0, relu: 1, tanh: 2, softmax: 0 };
/** Workgroups of a grid-stride 1-D kernel: WebGPU allows 65,535 per dimension. */
const MAX_GROUPS = 65_535;

function linearGroups(count: number): [number, number] {
	return [Math.max(1, Math.min(MAX_GROUPS, Math.ceil(count / LINEAR_GROUP))), 1];
}

function gemmGroups(m: number, n: number): [number, number] {
	return [Math.ceil(n / TILE), Math.ceil(m / TILE)];
}

/** The largest batch one GEMM dispatch covers (rows of C per workgroup × groups). */
export const MAX_GPU_ROWS = MAX_GROUPS * TILE;

/**
 * The dispatches of a forward pass and the loss of `rows` rows, as forward() and the loss
 * functions run them on the CPU: gather, one fused GEMM + bias + activation per layer (the
 * output layer linear), then softmax/cross-entropy or squared error writing delta[0].
 */
export function forwardDispatches(spec: GpuNetSpec, step: GpuStepSpec): GpuDispatch[] {
	const { net } = spec;
	const p = net.sizes[0];
	const rows = step.rows;
	const out: GpuDispatch[] = [
		{ kernel: 'gather', groups: linearGroups(rows * p), record: { rows, cols: p, start: step.start, c: net.acts[0] } }
	];
	const layers = net.sizes.length - 1;
	for (let l = 0; l < layers; l++) {
		const inputs = net.sizes[l];
		const units = net.sizes[l + 1];
		const act = l + 1 < layers ? ACT[spec.hidden] : ACT.linear;
		out.push({
			kernel: 'gemm',
			groups: gemmGroups(rows, units),
			record: {
				m: rows,
				n: units,
				k: inputs,
				mode: 0,
				a: net.acts[l],
				rsA: inputs,
				csA: 1,
				b: net.params + net.kernel[l],
				rsB: units,
				csB: 1,
				c: net.acts[l + 1],
				ldc: units,
				aux: net.params + net.bias[l],
				act
			}
		});
	}
	const k = net.sizes[layers];
	out.push({
		kernel: 'loss',
		groups: [1, 1],
		record: {
			mode: spec.output === 'softmax' ? 0 : 1,
			rows,
			classes: k,
			start: step.start,
			a: net.acts[layers],
			c: net.delta[0],
			stepIndex: step.stepIndex
		}
	});
	return out;
}

/**
 * The dispatches of backward() for the forward pass just run: per layer from the output, one
 * GEMM for dW and the bias gradient together (Hᵀ with a row of ones, L2 in its epilogue), and
 * one for dX = dZ·Wᵀ with the activation's derivative fused in.
 */
export function backwardDispatches(spec: GpuNetSpec, rows: number, stepIndex: number): GpuDispatch[] {
	const { net } = spec;
	const out: GpuDispatch[] = [];
	let cur = 0;
	for (let l = net.sizes.length - 2; l >= 0; l--) {
		const inputs = net.sizes[l];
		const units = net.sizes[l + 1];
		const d = net.delta[cur];
		out.push({
			kernel: 'gemm',
			groups: gemmGroups(inputs + 1, units),
			record: {
				m: inputs + 1,
				n: units,
				k: rows,
				mode: 2,
				a: net.acts[l],
				rsA: 1,
				csA: inputs,
				b: d,
				rsB: units,
				csB: 1,
				c: net.grads + net.kernel[l],
				ldc: units,
				aux: net.params + net.kernel[l],
				onesRow: 1,
				stepIndex,
				f: [spec.l2 > 0 ? spec.l2 / rows : 0]
			}
		});
		if (l === 0) break;
		const next = net.delta[1 - cur];
		out.push({
			kernel: 'gemm',
			groups: gemmGroups(rows, inputs),
			record: {
				m: rows,
				n: inputs,
				k: units,
				mode: 1,
				a: d,
				rsA: units,
				csA: 1,
				// Wᵀ[p][j] = W[j][p]: W is inputs × units, row-major.
				b: net.params + net.kernel[l],
				rsB: 1,
				csB: units,
				c: next,
				ldc: inputs,
				aux: net.acts[l],
				act: ACT[spec.hidden]
			}
		});
		cur = 1 - cur;
	}
	return out;
}

/** Adam's step t over the whole parameter block, bias corrections folded in as adam.ts does. */
export function adamDispatch(spec: GpuNetSpec, t: number): GpuDispatch {
	const { net, adam: s } = spec;
	const step = (s.learningRate * Math.sqrt(1 - s.beta2 ** t)) / (1 - s.beta1 ** t);
	return {
		kernel: 'adam',
		groups: linearGroups(net.paramCount),
		record: {
			a: net.params,
			b: net.grads,
			c: net.adamM,
			aux: net.adamV,
			count: net.paramCount,
			f: [step, s.beta1, s.beta2, s.epsilon, 1 - s.beta1, 1 - s.beta2]
		}
	};
}

/** A whole mini-batch step: gather, forward, loss, backward, Adam. */
export function stepDispatches(spec: GpuNetSpec, step: GpuStepSpec): GpuDispatch[] {
	return [...forwardDispatches(spec, step), ...backwardDispatches(spec, step.rows, step.stepIndex), adamDispatch(spec, step.t)];
}

/** Packs records RECORD_BYTES apart, as the uniform buffer's dynamic offsets read them. */
export function packRecords(records: readonly GpuRecord[]): ArrayBuffer {
	const buf = new ArrayBuffer(Math.max(1, records.length) * RECORD_BYTES);
	records.forEach((r, i) => {
		const u = new Uint32Array(buf, i * RECORD_BYTES, RECORD_U32);
		const f = new Float32Array(buf, i * RECORD_BYTES + RECORD_U32 * 4, RECORD_F32);
		U32_FIELDS.forEach((name, at) => {
			const v = r[name] ?? 0;
			if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`GPU record field ${name} is ${v}, not a u32`);
			u[at] = v;
		});
		(r.f ?? []).forEach((v, at) => (f[at] = v));
	});
	return buf;
}
