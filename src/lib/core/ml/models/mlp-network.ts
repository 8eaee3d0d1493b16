import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MlpActivation, MlpLayerState, MlpTask } from './mlp-types';

/**
 * Dropout whose mask changes every batch yet repeats run to run. tfjs's own Dropout with a
 * seed draws the same mask on every call (a fixed thinner network, not dropout); without a
 * seed it uses Math.random. Here call n draws with seed + n.
 */
class SeededDropout extends tfl.layers.Layer {
	static className = 'TesseraSeededDropout';
	private calls = 0;

	constructor(
		private readonly rate: number,
		private readonly seed: number
	) {
		super({});
	}

	override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
		const x = Array.isArray(inputs) ? inputs[0] : inputs;
		if (kwargs['training'] !== true) return x;
		return tf.dropout(x, this.rate, undefined, this.seed + 7919 * this.calls++);
	}
}

/** One hidden or output block: a dense layer and, optionally, the batch norm after it. */
export interface Block {
	dense: tfl.layers.Layer;
	norm: tfl.layers.Layer | null;
	activation: MlpLayerState['activation'];
}

export interface NetworkSpec {
	inputs: number;
	hidden: number[];
	activation: MlpActivation;
	task: MlpTask;
	outputs: number;
	dropout: number;
	batchNorm: boolean;
	l2: number;
	seed: number;
}

/**
 * Dense → [batch norm] → activation → [dropout] per hidden layer. Batch norm sits before the
 * activation so that, at inference, it folds exactly into the dense layer (see readLayers):
 * the saved state stays a plain stack of dense layers.
 */
export function buildNetwork(spec: NetworkSpec): { model: tfl.Sequential; blocks: Block[] } {
	const model = tfl.sequential();
	const blocks: Block[] = [];
	const sizes = [...spec.hidden, spec.outputs];
	sizes.forEach((units, i) => {
		const last = i === sizes.length - 1;
		const activation = last ? (spec.task === 'classification' ? 'softmax' : 'linear') : spec.activation;
		const norm = !last && spec.batchNorm;
		const dense = tfl.layers.dense({
			...(i === 0 ? { inputShape: [spec.inputs] } : {}),
			units,
			// With batch norm the activation comes after it, as its own layer.
			activation: norm ? 'linear' : activation,
			kernelInitializer: tfl.initializers.glorotUniform({ seed: spec.seed * 1000 + i }),
			biasInitializer: 'zeros',
			// Kernels only, as scikit-learn's alpha: biases are not shrunk.
			kernelRegularizer: spec.l2 > 0 ? tfl.regularizers.l2({ l2: spec.l2 }) : undefined
		});
		model.add(dense);
		let bn: tfl.layers.Layer | null = null;
		if (norm) {
			bn = tfl.layers.batchNormalization({});
			model.add(bn);
			model.add(tfl.layers.activation({ activation }));
		}
		if (!last && spec.dropout > 0) model.add(new SeededDropout(spec.dropout, spec.seed * 1000 + 500 + i));
		blocks.push({ dense, norm: bn, activation });
	});
	return { model, blocks };
}

/** Device-side copies of every block's weights; cheap, and they survive later updates. */
export type Snapshot = tf.Tensor[][];

export function snapshot(blocks: Block[]): Snapshot {
	return blocks.flatMap((b) => [b.dense, ...(b.norm ? [b.norm] : [])]).map((l) => l.getWeights().map((w) => tf.clone(w)));
}

export function restore(blocks: Block[], snap: Snapshot): void {
	blocks.flatMap((b) => [b.dense, ...(b.norm ? [b.norm] : [])]).forEach((l, i) => l.setWeights(snap[i]));
}

export function disposeSnapshot(snap: Snapshot | null): void {
	snap?.forEach((ws) => tf.dispose(ws));
}

/**
 * The network as plain dense layers. A batch norm y = γ(x − μ)/√(σ² + ε) + β after a dense
 * layer is an affine map per unit, so it folds into that layer's kernel columns and bias.
 */
export async function readLayers(blocks: Block[], inputs: number): Promise<MlpLayerState[]> {
	const out: MlpLayerState[] = [];
	let width = inputs;
	for (const b of blocks) {
		const [k, bias] = b.dense.getWeights();
		const units = k.shape[1]!;
		const kernel = Array.from(await k.data());
		const biasValues = bias ? Array.from(await bias.data()) : new Array<number>(units).fill(0);
		if (b.norm) {
			const [gamma, beta, mean, variance] = await Promise.all(b.norm.getWeights().map((w) => w.data()));
			const eps = (b.norm.getConfig().epsilon as number | undefined) ?? 1e-3;
			for (let u = 0; u < units; u++) {
				const s = gamma[u] / Math.sqrt(variance[u] + eps);
				for (let r = 0; r < width; r++) kernel[r * units + u] *= s;
				biasValues[u] = (biasValues[u] - mean[u]) * s + beta[u];
			}
		}
		out.push({ inputs: width, units, activation: b.activation, kernel, bias: biasValues });
		width = units;
	}
	return out;
}
