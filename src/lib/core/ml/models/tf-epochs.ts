import * as tf from '@tensorflow/tfjs-core';
import { shuffleInPlace } from '../../util/random';
import { yielder } from '../../util/yield';
import { abortError } from '../../util/abort';

/** Why a tfjs classifier's training ended early (same shape as nodes' TrainingStop). */
export interface EpochStop {
	reason: 'cancelled' | 'early-stopping' | 'non-finite-loss';
	completed: number;
	kept: string;
}

export interface EpochHistory {
	loss: number[];
	accuracy: number[];
	valLoss: number[];
	valAccuracy: number[];
}

export interface EpochLogs {
	loss: number;
	accuracy: number;
	valLoss?: number;
	valAccuracy?: number;
	etaMs: number;
}

export interface EpochLoop {
	/** Model name for messages, e.g. 'CNN'. */
	readonly name: string;
	readonly rows: number;
	readonly epochs: number;
	readonly batchSize: number;
	readonly learningRate: number;
	readonly random: () => number;
	readonly variables: tf.Variable[];
	readonly signal?: AbortSignal;
	/** One optimiser step on these training rows (`batch` counts every batch so far, for dropout seeds): its mean loss and correct rows. */
	step(rows: Int32Array, optimizer: tf.Optimizer, batch: number): Promise<{ loss: number; hits: number }>;
	/** Loss and accuracy on the validation rows, or null without any. */
	validate(): Promise<{ loss: number; accuracy: number } | null>;
	onEpoch?: (epoch: number, logs: EpochLogs) => void;
}

/**
 * The training loop the tfjs classifiers share: seeded shuffles, Adam, per-epoch curves,
 * Cancel checked after every batch, and a non-finite loss — both keep the weights of the
 * last whole epoch (snapshotted each epoch), and with nothing learnt yet they throw.
 */
export async function runEpochs(loop: EpochLoop): Promise<{ history: EpochHistory; stopped: EpochStop | null; warning: string | null }> {
	const { name, rows: n, variables } = loop;
	const order = Int32Array.from({ length: n }, (_, i) => i);
	const history: EpochHistory = { loss: [], accuracy: [], valLoss: [], valAccuracy: [] };
	let stopped: EpochStop | null = null;
	let warning: string | null = null;
	const optimizer = tf.train.adam(loop.learningRate);
	let good: tf.Tensor[] = [];
	let batches = 0;
	const began = performance.now();
	const breathe = yielder();
	try {
		for (let epoch = 0; epoch < loop.epochs && !stopped; epoch++) {
			shuffleInPlace(order, loop.random);
			let lossSum = 0;
			let correct = 0;
			for (let start = 0; start < n; start += loop.batchSize) {
				const idx = order.subarray(start, Math.min(n, start + loop.batchSize));
				const { loss, hits } = await loop.step(idx, optimizer, batches++);
				correct += hits;
				if (!Number.isFinite(loss)) {
					if (epoch === 0)
						throw new Error(
							`${name}: the loss became non-finite in the first epoch, so no weights are worth keeping. Lower the learning rate (now ${loop.learningRate}).`
						);
					warning = `the loss became non-finite in epoch ${epoch + 1}; training stopped. Lower the learning rate (now ${loop.learningRate}).`;
					stopped = { reason: 'non-finite-loss', completed: epoch, kept: `last finite weights (epoch ${epoch})` };
					break;
				}
				lossSum += loss * idx.length;
				await breathe();
				if (loop.signal?.aborted) {
					if (epoch === 0) throw abortError();
					stopped = { reason: 'cancelled', completed: epoch, kept: `weights after epoch ${epoch}` };
					break;
				}
			}
			if (stopped) {
				variables.forEach((v, i) => v.assign(good[i]));
				break;
			}
			const val = await loop.validate();
			history.loss.push(lossSum / n);
			history.accuracy.push(correct / n);
			if (val) {
				history.valLoss.push(val.loss);
				history.valAccuracy.push(val.accuracy);
			}
			tf.dispose(good);
			good = variables.map((v) => tf.clone(v));
			const done = epoch + 1;
			loop.onEpoch?.(epoch, {
				loss: lossSum / n,
				accuracy: correct / n,
				...(val ? { valLoss: val.loss, valAccuracy: val.accuracy } : {}),
				etaMs: ((performance.now() - began) / done) * (loop.epochs - done)
			});
		}
		return { history, stopped, warning };
	} finally {
		tf.dispose(good);
		optimizer.dispose();
	}
}
