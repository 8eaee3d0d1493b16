import type { Matrix } from '../matrix';
import { createRandom } from '../../util/random';
import { ADAM_DEFAULTS, adamStep } from './adam';
import type { DenseGpuDevice } from './gpu-api';
import { adamDispatch, backwardDispatches, forwardDispatches, type GpuNetSpec } from './gpu-plan';
import { createKernels, type KernelChoice } from './kernels';
import { softmaxCrossEntropy, squaredError } from './loss';
import { backward, forward, planLayout, type HiddenActivation, type OutputActivation } from './network';
import { fitDenseMlp } from './train';
import { fitDenseMlpGpu } from './train-gpu';

/** One comparison of the GPU kernels with the CPU kernels (or with finite differences). */
export interface AgreementCheck {
	name: string;
	/** Largest absolute difference (for 'finite differences': the largest relative one). */
	worst: number;
	tolerance: number;
}

export interface AgreementReport {
	device: string;
	software: boolean;
	cpuKernels: string;
	checks: AgreementCheck[];
}

/** The tolerance the GPU must meet against the CPU kernels. */
export const AGREEMENT = 1e-4;
/** As gradient.test.ts: single precision and relu kinks bound central differences. */
const FINITE_DIFFERENCES = 2e-2;

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
	let w = 0;
	for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
	return a.length === b.length ? w : Infinity;
};

/** Seeded rows of the benchmark's kind: uniform features, a label from a noisy non-linear score. */
export function agreementData(rows: number, cols: number, seed: number): { X: Matrix; codes: Int32Array; targets: Float64Array } {
	const random = createRandom(seed);
	const w = Array.from({ length: cols }, () => random() * 2 - 1);
	const data = new Float64Array(rows * cols);
	const codes = new Int32Array(rows);
	const targets = new Float64Array(rows);
	for (let i = 0; i < rows; i++) {
		let s = 0;
		for (let j = 0; j < cols; j++) {
			const v = Math.fround(random() * 2 - 1);
			data[i * cols + j] = v;
			s += w[j] * v;
		}
		s += 0.5 * Math.sin(3 * data[i * cols]) + 0.3 * (random() - 0.5);
		codes[i] = s > 0.4 ? 2 : s > -0.4 ? 1 : 0;
		targets[i] = 10 * s + 3;
	}
	return { X: { rows, cols, data }, codes, targets };
}

/**
 * Runs the WGSL kernels on `device` against the CPU kernels on fixed seeded data: one step's
 * forward activations, loss and error signal, its gradients, one Adam step (each for relu and
 * tanh, softmax and linear outputs, on shapes that leave ragged GEMM tiles), the GPU gradients
 * against central differences of the GPU's own loss, and a few epochs' loss curves of the GPU
 * trainer against the CPU trainer. The browser spec asserts every check within its tolerance.
 */
export async function gpuAgreement(device: DenseGpuDevice, kernels: KernelChoice = 'auto'): Promise<AgreementReport> {
	const checks: AgreementCheck[] = [];
	let cpuKernels = '';
	for (const hidden of ['relu', 'tanh'] as const)
		for (const output of ['softmax', 'linear'] as const) {
			cpuKernels = await oneStep(device, kernels, hidden, output, checks);
			await finiteDifferences(device, hidden, output, checks);
		}
	await lossCurves(device, kernels, checks);
	return { device: device.description, software: device.software, cpuKernels, checks };
}

async function oneStep(
	device: DenseGpuDevice,
	kernels: KernelChoice,
	hidden: HiddenActivation,
	output: OutputActivation,
	checks: AgreementCheck[]
): Promise<string> {
	const tag = `${hidden} → ${output}`;
	const k = output === 'softmax' ? 3 : 1;
	const rows = 37;
	const n = 90;
	const data = agreementData(n, 7, 11);
	const net = planLayout([7, 24, 20, k], rows);
	const random = createRandom(5);
	const params = Float32Array.from({ length: net.paramCount }, () => (random() - 0.5) * 0.8);
	const order = Uint32Array.from({ length: n }, (_, i) => (i * 31) % n);
	const start = 13;
	const labels = output === 'softmax' ? Float32Array.from(data.codes) : Float32Array.from(data.targets, (v) => v / 10);
	const spec: GpuNetSpec = { net, hidden, output, l2: 0.05, adam: { ...ADAM_DEFAULTS, learningRate: 0.01 } };

	const cpu = createKernels(net.floats, kernels);
	const h = cpu.heap;
	h.set(params, net.params);
	const x32 = Float32Array.from(data.X.data);
	for (let r = 0; r < rows; r++) h.set(x32.subarray(order[start + r] * 7, order[start + r] * 7 + 7), net.acts[0] + r * 7);
	const out = forward(cpu, net, rows, hidden, output);
	const batch = Array.from({ length: rows }, (_, r) => labels[order[start + r]]);
	const loss =
		output === 'softmax'
			? softmaxCrossEntropy(h, out, rows, k, Int32Array.from(batch), net.delta[0])
			: squaredError(h, out, rows, Float32Array.from(batch), net.delta[0]);
	const acts = net.acts.map((a, l) => h.slice(a, a + rows * net.sizes[l]));
	const delta = h.slice(net.delta[0], net.delta[0] + rows * k);
	backward(cpu, net, rows, hidden);
	for (let l = 0; l + 1 < net.sizes.length; l++) {
		const w = net.kernel[l];
		for (let i = 0; i < net.sizes[l] * net.sizes[l + 1]; i++) h[net.grads + w + i] += (spec.l2 / rows) * h[net.params + w + i];
	}
	const grads = h.slice(net.grads, net.grads + net.paramCount);
	adamStep(cpu, net.params, net.grads, net.adamM, net.adamV, net.paramCount, 1, spec.adam);

	const gpu = device.createHeap(net.floats, { xs: x32, labels, cols: 7, maxSteps: 1 });
	try {
		gpu.write(net.params, params);
		gpu.setOrder(order);
		gpu.run([forwardDispatches(spec, { start, rows, stepIndex: 0, t: 1 })]);
		for (let l = 1; l < net.sizes.length; l++)
			checks.push({
				name: `${tag}: layer ${l} ${l + 1 < net.sizes.length ? 'activations' : 'outputs'}`,
				worst: maxDiff(await gpu.read(net.acts[l], rows * net.sizes[l]), acts[l]),
				tolerance: AGREEMENT
			});
		checks.push({
			name: `${tag}: output error signal`,
			worst: maxDiff(await gpu.read(net.delta[0], rows * k), delta),
			tolerance: AGREEMENT
		});
		const { losses } = await gpu.takeStepLosses(1);
		// Per row, as the loss curves are.
		checks.push({ name: `${tag}: batch loss`, worst: Math.abs(losses[0] - loss) / rows, tolerance: AGREEMENT });
		gpu.run([backwardDispatches(spec, rows, 0)]);
		checks.push({
			name: `${tag}: gradients (with L2)`,
			worst: maxDiff(await gpu.read(net.grads, net.paramCount), grads),
			tolerance: AGREEMENT
		});
		gpu.run([[adamDispatch(spec, 1)]]);
		const after = await gpu.read(0, net.kernelT);
		checks.push({
			name: `${tag}: one Adam step (weights, moments)`,
			worst: maxDiff(
				after,
				h.subarray(0, net.kernelT).map((v, i) => (i < net.acts[0] ? v : after[i]))
			),
			tolerance: AGREEMENT
		});
	} finally {
		gpu.destroy();
	}
	return cpu.kind;
}

/** Backprop on the GPU against central differences of the GPU's own batch loss (gradient.test.ts's net). */
async function finiteDifferences(
	device: DenseGpuDevice,
	hidden: HiddenActivation,
	output: OutputActivation,
	checks: AgreementCheck[]
): Promise<void> {
	const k = output === 'softmax' ? 3 : 1;
	const rows = 6;
	const net = planLayout([3, 5, 4, k], rows);
	const random = createRandom(9);
	const params = Float32Array.from({ length: net.paramCount }, () => random() - 0.5);
	const xs = Float32Array.from({ length: rows * 3 }, () => random() * 2 - 1);
	const labels = Float32Array.from({ length: rows }, (_, i) => (output === 'softmax' ? i % 3 : random()));
	const spec: GpuNetSpec = { net, hidden, output, l2: 0, adam: ADAM_DEFAULTS };
	const step = { start: 0, rows, stepIndex: 0, t: 1 };
	const gpu = device.createHeap(net.floats, { xs, labels, cols: 3, maxSteps: 1 });
	try {
		gpu.setOrder(Uint32Array.from({ length: rows }, (_, i) => i));
		const loss = async (p: Float32Array) => {
			gpu.write(net.params, p);
			gpu.run([forwardDispatches(spec, step)]);
			const { losses } = await gpu.takeStepLosses(1);
			// The loss the kernels differentiate: mean cross-entropy, or half the mean squared error.
			return output === 'softmax' ? losses[0] / rows : losses[0] / 2 / rows;
		};
		await loss(params);
		gpu.run([backwardDispatches(spec, rows, 0)]);
		const analytic = await gpu.read(net.grads, net.paramCount);
		const eps = 1e-3;
		let worst = 0;
		for (let i = 0; i < net.paramCount; i++) {
			const p = params.slice();
			p[i] += eps;
			const up = await loss(p);
			p[i] -= 2 * eps;
			const down = await loss(p);
			const numeric = (up - down) / (2 * eps);
			worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-2, Math.abs(numeric) + Math.abs(analytic[i])));
		}
		checks.push({ name: `${hidden} → ${output}: gradients against finite differences (relative)`, worst, tolerance: FINITE_DIFFERENCES });
	} finally {
		gpu.destroy();
	}
}

/** A few epochs of the GPU trainer against the CPU trainer: the loss curves and the weights. */
async function lossCurves(device: DenseGpuDevice, kernels: KernelChoice, checks: AgreementCheck[]): Promise<void> {
	const data = agreementData(600, 20, 42);
	const valid = agreementData(150, 20, 43);
	const runs = [
		{
			name: 'relu classifier 20→64→64→3, batch 64',
			y: data.codes,
			vy: valid.codes,
			task: 'classification' as const,
			activation: 'relu' as const
		},
		{
			name: 'tanh regressor 20→64→64→1, batch 64',
			y: data.targets,
			vy: valid.targets,
			task: 'regression' as const,
			activation: 'tanh' as const
		}
	];
	for (const r of runs) {
		const opts = {
			task: r.task,
			classes: r.task === 'classification' ? 3 : undefined,
			activation: r.activation,
			hidden: [64, 64],
			batchSize: 64,
			epochs: 4,
			learningRate: 3e-3,
			l2: 1e-4,
			seed: 7,
			kernels,
			validation: { X: valid.X, y: r.vy }
		};
		const cpu = await fitDenseMlp(data.X, r.y, opts);
		const gpu = await fitDenseMlpGpu(data.X, r.y, opts, device);
		// Regression losses are in the target's squared units; compare them relative to their size.
		const scale = r.task === 'regression' ? 1 / Math.max(1, ...cpu.history.loss) : 1;
		checks.push({
			name: `${r.name}: training loss curve`,
			worst: maxDiff(gpu.history.loss, cpu.history.loss) * scale,
			tolerance: AGREEMENT
		});
		checks.push({
			name: `${r.name}: validation loss curve`,
			worst: maxDiff(gpu.history.valLoss, cpu.history.valLoss) * scale,
			tolerance: AGREEMENT
		});
		checks.push({
			name: `${r.name}: weights after ${opts.epochs} epochs`,
			worst: Math.max(...gpu.layers.map((l, i) => Math.max(maxDiff(l.kernel, cpu.layers[i].kernel), maxDiff(l.bias, cpu.layers[i].bias)))),
			tolerance: AGREEMENT
		});
	}
}
