import * as tf from '@tensorflow/tfjs-core';
import type { MlpOptimizer, MlpSchedule } from './mlp-types';

/** Adam and RMSprop with scikit-learn's epsilon (tfjs would use the backend's 1e-7). */
export function createOptimizer(kind: MlpOptimizer, learningRate: number): tf.Optimizer {
	switch (kind) {
		case 'adam':
			return tf.train.adam(learningRate, 0.9, 0.999, 1e-8);
		case 'sgd':
			return tf.train.sgd(learningRate);
		case 'momentum':
			return tf.train.momentum(learningRate, 0.9, true);
		case 'rmsprop':
			return tf.train.rmsprop(learningRate, 0.9, 0, 1e-8);
	}
}

/**
 * Sets the step size of an optimizer in place, keeping its moments. SGD and momentum cache
 * the rate as a scalar, refreshed by setLearningRate; Adam and RMSprop read their
 * `learningRate` field on every update (tfjs 4.22), which the typings mark protected.
 * (instanceof cannot tell them apart: Optimizer's Symbol.hasInstance matches any optimizer.)
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
	if ('setLearningRate' in optimizer && typeof optimizer.setLearningRate === 'function')
		(optimizer as tf.SGDOptimizer).setLearningRate(rate);
	else (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** The rate for an epoch (0-based) of `epochs`. */
export function scheduledRate(schedule: MlpSchedule, base: number, epoch: number, epochs: number): number {
	switch (schedule.kind) {
		case 'constant':
			return base;
		case 'step':
			return base * schedule.factor ** Math.floor(epoch / schedule.every);
		case 'exponential':
			return base * schedule.factor ** epoch;
		case 'cosine':
			return epochs <= 1 ? base : base * 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
	}
}

/** Why a schedule cannot run, naming its fields; null when it can. */
export function scheduleError(schedule: MlpSchedule): string | null {
	if (schedule.kind === 'step' && !(Number.isInteger(schedule.every) && schedule.every >= 1))
		return `step schedule: decay every ${schedule.every} epochs; use a whole number of at least 1`;
	if ((schedule.kind === 'step' || schedule.kind === 'exponential') && !(schedule.factor > 0 && schedule.factor <= 1))
		return `${schedule.kind} schedule: decay factor ${schedule.factor}; use a number in (0, 1]`;
	return null;
}

/** MomentumOptimizer.dispose (tfjs 4.22) skips SGD's cached rate scalar; release it too. */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
	optimizer.dispose();
	const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
	if (rate && !rate.isDisposed) rate.dispose();
}
