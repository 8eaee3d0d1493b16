import type { DenseKernels } from './kernel-api';

export interface AdamSettings {
	learningRate: number;
	beta1: number;
	beta2: number;
	epsilon: number;
}

/** scikit-learn's defaults; tfjs uses epsilon 1e-7, which only matters for tiny gradients. */
export const ADAM_DEFAULTS: AdamSettings = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * One Adam step (Kingma & Ba, as scikit-learn writes it: bias corrections folded into the
 * step size, epsilon added to √v) over `count` contiguous parameters. `t` counts from 1.
 */
export function adamStep(
	k: DenseKernels,
	params: number,
	grads: number,
	m: number,
	v: number,
	count: number,
	t: number,
	s: AdamSettings
): void {
	const step = (s.learningRate * Math.sqrt(1 - s.beta2 ** t)) / (1 - s.beta1 ** t);
	k.adam(params, grads, m, v, count, step, s.beta1, s.beta2, s.epsilon);
}

export function adamJs(
	h: Float32Array,
	params: number,
	grads: number,
	m: number,
	v: number,
	count: number,
	step: number,
	b1: number,
	b2: number,
	epsilon: number
): void {
	for (let i = 0; i < count; i++) {
		const g = h[grads + i];
		const mi = b1 * h[m + i] + (1 - b1) * g;
		const vi = b2 * h[v + i] + (1 - b2) * g * g;
		h[m + i] = mi;
		h[v + i] = vi;
		h[params + i] -= (step * mi) / (Math.sqrt(vi) + epsilon);
	}
}
