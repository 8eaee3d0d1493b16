import type { DenseGpuData, DenseGpuDevice, DenseGpuHeap } from './gpu-api';
import type { GpuDispatch } from './gpu-plan';
import { NO_DIVERGENCE } from './wgsl';

/**
 * A DenseGpuDevice that runs each WGSL kernel's semantics in JavaScript, dispatch by dispatch.
 * It pins down what the kernels must compute, so the dispatch plan and the GPU trainer are
 * checked against the CPU network in Node; the browser spec (e2e/gpu-kernels.spec.ts) then
 * checks the WGSL itself against the CPU kernels on a real WebGPU device.
 */
export function createSimulatedGpu(): DenseGpuDevice {
	return {
		kind: 'webgpu',
		description: 'JavaScript simulation of the WGSL kernels',
		software: true,
		createHeap: (floats, data) => simulatedHeap(floats, data)
	};
}

function simulatedHeap(floats: number, data: DenseGpuData): DenseGpuHeap {
	const h = new Float32Array(floats);
	const bufs = {
		xs: data.xs,
		labels: data.labels,
		order: new Uint32Array(data.xs.length / data.cols),
		stepLoss: new Float32Array(data.maxSteps),
		flag: Uint32Array.of(NO_DIVERGENCE)
	};
	return {
		floats,
		write: (offset, values) => h.set(values, offset),
		setOrder: (order) => bufs.order.set(order),
		run: (steps) => steps.forEach((step) => step.forEach((d) => simulate(h, d, bufs))),
		takeStepLosses: async (count) => {
			const losses = bufs.stepLoss.slice(0, count);
			const diverged = bufs.flag[0] === NO_DIVERGENCE ? null : bufs.flag[0];
			bufs.stepLoss.fill(0);
			return { losses, diverged };
		},
		read: async (offset, count) => h.slice(offset, offset + count),
		destroy: () => {}
	};
}

/** What one dispatch of a DENSE_WGSL entry point computes, in JavaScript over the same heap. */
export function simulate(
	h: Float32Array,
	d: GpuDispatch,
	data: { xs: Float32Array; order: Uint32Array; labels: Float32Array; stepLoss: Float32Array; flag: Uint32Array }
): void {
	const u = { ...d.record };
	const f = u.f ?? [];
	const at = (name: keyof typeof u) => (u[name] as number | undefined) ?? 0;
	if (d.kernel === 'gather') {
		for (let i = 0; i < at('rows') * at('cols'); i++) {
			const r = Math.floor(i / at('cols'));
			h[at('c') + i] = data.xs[data.order[at('start') + r] * at('cols') + (i % at('cols'))];
		}
	} else if (d.kernel === 'gemm') {
		for (let i = 0; i < at('m'); i++)
			for (let j = 0; j < at('n'); j++) {
				let acc = 0;
				const ones = at('onesRow') === 1 && i === at('m') - 1;
				for (let p = 0; p < at('k'); p++)
					acc += (ones ? 1 : h[at('a') + i * at('rsA') + p * at('csA')]) * h[at('b') + p * at('rsB') + j * at('csB')];
				const o = i * at('ldc') + j;
				let v = acc;
				if (at('mode') === 0) {
					v = acc + h[at('aux') + j];
					if (at('act') === 1) v = v > 0 ? v : 0;
					else if (at('act') === 2) v = Math.tanh(v);
				} else if (at('mode') === 1) {
					const a = h[at('aux') + o];
					if (at('act') === 1) v = a > 0 ? acc : 0;
					else if (at('act') === 2) v = acc * (1 - a * a);
				} else {
					if (!ones) v = acc + f[0] * h[at('aux') + o];
					// The GPU's sums are single precision: what overflows there must flag here.
					if (!Number.isFinite(Math.fround(v))) data.flag[0] = Math.min(data.flag[0], at('stepIndex'));
				}
				h[at('c') + o] = v;
			}
	} else if (d.kernel === 'loss') {
		let s = 0;
		const k = at('classes');
		for (let r = 0; r < at('rows'); r++) {
			const z = at('a') + r * k;
			const dd = at('c') + r * k;
			const label = data.labels[data.order[at('start') + r]];
			if (at('mode') === 0) {
				const mx = Math.max(...h.subarray(z, z + k));
				let sum = 0;
				for (let j = 0; j < k; j++) sum += h[z + j] = Math.exp(h[z + j] - mx);
				for (let j = 0; j < k; j++) h[z + j] /= sum;
				s -= Math.log(Math.max(h[z + label], 1e-7));
				for (let j = 0; j < k; j++) h[dd + j] = (h[z + j] - (j === label ? 1 : 0)) / at('rows');
			} else {
				const e = h[z] - label;
				s += e * e;
				h[dd] = e / at('rows');
			}
		}
		data.stepLoss[at('stepIndex')] = s;
		if (!Number.isFinite(Math.fround(s))) data.flag[0] = Math.min(data.flag[0], at('stepIndex'));
	} else {
		if (data.flag[0] !== NO_DIVERGENCE) return;
		for (let i = 0; i < at('count'); i++) {
			const g = h[at('b') + i];
			const mi = f[1] * h[at('c') + i] + f[4] * g;
			const vi = f[2] * h[at('aux') + i] + f[5] * g * g;
			h[at('c') + i] = mi;
			h[at('aux') + i] = vi;
			h[at('a') + i] -= (f[0] * mi) / (Math.sqrt(vi) + f[3]);
		}
	}
}
