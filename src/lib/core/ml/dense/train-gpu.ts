import type { Matrix } from '../matrix';
import { createRandom, shuffleInPlace } from '../../util/random';
import { yielder } from '../../util/yield';
import { ADAM_DEFAULTS } from './adam';
import type { DenseGpuDevice } from './gpu-api';
import { MAX_GPU_ROWS, stepDispatches, type GpuDispatch, type GpuNetSpec } from './gpu-plan';
import { createKernels } from './kernels';
import { planLayout } from './network';
import { evaluateLoss, type DenseMlpState } from './mlp-state';
import { checkFit, divergedNote, EVAL_ROWS, initialise, readLayers, type DenseMlpOptions } from './train';

/**
 * Mini-batch steps per queue submit. Submitting in groups keeps the queue fed without
 * recording a whole epoch before the first step runs, and lets a Cancel land between groups.
 */
const STEPS_PER_SUBMIT = 32;

/**
 * fitDenseMlp on a GPU: the same initial weights, the same seeded row orders and the same
 * numerics (gpu-plan.ts runs the CPU network's operations), with the weights, Adam moments and
 * training rows resident on the device. Each epoch queues all of its steps (eleven dispatches
 * each for two hidden layers) and reads back only the step losses; the weights come back for
 * validation losses (computed on the CPU kernels, as the CPU trainer does) and at the end.
 */
export async function fitDenseMlpGpu(
	X: Matrix,
	y: Int32Array | Float64Array,
	opts: DenseMlpOptions,
	device: DenseGpuDevice
): Promise<DenseMlpState> {
	const { o, n, p, k, enc, batch } = checkFit(X, y, opts);
	if (batch > MAX_GPU_ROWS) throw new Error(`MLP on WebGPU: batch size ${batch} is over the ${MAX_GPU_ROWS} rows one dispatch covers`);

	const net = planLayout([p, ...o.hidden, k], batch);
	const random = createRandom(o.seed);
	const init = new Float32Array(net.floats);
	initialise(init, net, random);
	const spec: GpuNetSpec = {
		net,
		hidden: o.activation,
		output: enc.output,
		l2: o.l2,
		adam: { ...ADAM_DEFAULTS, learningRate: o.learningRate }
	};
	const stepsPerEpoch = Math.ceil(n / batch);
	const labels = enc.codes ? Float32Array.from(enc.codes) : enc.targets;
	const gpu = device.createHeap(net.floats, { xs: Float32Array.from(X.data), labels, cols: p, maxSteps: stepsPerEpoch });
	try {
		gpu.write(0, init);
		const order = Int32Array.from({ length: n }, (_, i) => i);
		const history = { loss: [] as number[], valLoss: [] as number[] };
		let stopped: DenseMlpState['stopped'] = 'completed';
		let note: string | null = null;
		let t = 0;
		const breathe = yielder();
		const aborted = () => opts.signal?.aborted === true;
		const evalNet = opts.validation ? planLayout(net.sizes, EVAL_ROWS) : null;
		const evalKern = evalNet ? createKernels(evalNet.floats, o.kernels) : null;

		epochs: for (let epoch = 0; epoch < o.epochs; epoch++) {
			if (aborted()) {
				stopped = 'aborted';
				break;
			}
			shuffleInPlace(order, random);
			gpu.setOrder(Uint32Array.from(order));
			let group: GpuDispatch[][] = [];
			let steps = 0;
			for (let start = 0; start < n; start += batch) {
				group.push(stepDispatches(spec, { start, rows: Math.min(batch, n - start), stepIndex: steps++, t: ++t }));
				if (group.length === STEPS_PER_SUBMIT || start + batch >= n) {
					gpu.run(group);
					group = [];
					await breathe();
					if (aborted()) {
						stopped = 'aborted';
						break epochs;
					}
				}
			}
			const { losses, diverged } = await gpu.takeStepLosses(steps);
			if (diverged !== null) {
				stopped = 'diverged';
				note = divergedNote(epoch);
				break;
			}
			let sum = 0;
			for (const l of losses) sum += l;
			const loss = (sum / n) * enc.lossScale;
			let valLoss: number | undefined;
			if (opts.validation && evalNet && evalKern) {
				evalKern.heap.set(await gpu.read(net.params, net.paramCount), evalNet.params);
				valLoss = evaluateLoss(evalKern, evalNet, opts.validation.X, opts.validation.y, o.activation, enc);
			}
			history.loss.push(loss);
			if (valLoss !== undefined) history.valLoss.push(valLoss);
			opts.onEpoch?.(epoch, valLoss === undefined ? { loss } : { loss, valLoss });
		}

		const final = new Float32Array(net.floats);
		final.set(await gpu.read(net.params, net.paramCount), net.params);
		return {
			task: o.task,
			activation: o.activation,
			classes: o.task === 'classification' ? k : null,
			layers: readLayers(final, net, o.activation, enc.output),
			target: enc.target,
			epochsRun: history.loss.length,
			stopped,
			note,
			history,
			backend: 'dense-webgpu'
		};
	} finally {
		gpu.destroy();
	}
}
