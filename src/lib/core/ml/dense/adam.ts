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
export function adamStep(h: Float32Array, params: number, grads: number, m: number, v: number, count: number, t: number, s: AdamSettings): void {
	const { beta1: b1, beta2: b2, epsilon } = s;
	const step = (s.learningRate * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
	for (let i = 0; i < count; i++) {
		const g = h[grads + i];
		const mi = b1 * h[m + i] + (1 - b1) * g;
		const vi = b2 * h[v + i] + (1 - b2) * g * g;
		h[m + i] = mi;
		h[v + i] = vi;
		h[params + i] -= (step * mi) / (Math.sqrt(vi) + epsilon);
	}
}
