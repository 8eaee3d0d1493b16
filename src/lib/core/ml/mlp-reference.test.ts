import { beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from './backends';
import { argmaxRows } from './models/argmax';
import { fitMlp, predictMlp } from './models/mlp';
import { accuracyOf, r2Of, referenceSplit, type ReferenceSet } from './reference/reference-data';

/**
 * The tfjs MLP against scikit-learn 1.2.1's MLPClassifier / MLPRegressor under the shared
 * split protocol (features standardised on the training rows; the regression target is
 * standardised on both sides: ours always, scikit-learn's by TransformedTargetRegressor).
 * Both sides: relu, Adam (epsilon 1e-8), the same layers, learning rate, batch size and
 * epochs, no early stopping. Initial weights differ between the libraries, so both sides are
 * averaged over seeds 0, 1, 2. Figures from:
 *
 *   /usr/bin/python3 - <<'PY'
 *   import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); from protocol import load
 *   import numpy as np; from sklearn.neural_network import MLPClassifier, MLPRegressor
 *   from sklearn.compose import TransformedTargetRegressor; from sklearn.preprocessing import StandardScaler
 *   from sklearn.metrics import accuracy_score, r2_score
 *   for name, (h, lr, b, e, a) in {'iris': ((16,16), .01, 16, 30, 1e-3), 'penguins': ((16,16), .01, 32, 20, 1e-3),
 *           'wine': ((16,16), .01, 16, 30, 1e-3), 'diabetes': ((16,), .003, 64, 60, 1.0)}.items():
 *       Xtr, ytr, Xte, yte = load(name, standardise=True); s = []
 *       for seed in range(3):
 *           kw = dict(hidden_layer_sizes=h, solver='adam', learning_rate_init=lr, batch_size=b, max_iter=e,
 *                     alpha=a, random_state=seed, tol=0, n_iter_no_change=10**6)
 *           if name == 'diabetes':
 *               m = TransformedTargetRegressor(MLPRegressor(**kw), transformer=StandardScaler()).fit(Xtr, ytr)
 *               s.append(r2_score(yte, m.predict(Xte)))
 *           else: s.append(accuracy_score(yte, MLPClassifier(**kw).fit(Xtr, ytr).predict(Xte)))
 *       print(name, np.mean(s), s)
 *   PY
 *
 * scikit-learn's alpha penalises alpha/2 · Σw² / batch rows on top of the mean loss (half
 * the squared error for regression); our l2 adds l2 · Σw² to the mean loss (the full squared
 * error), so l2 = alpha / (2 · batch) for classification and alpha / batch for regression.
 */
const CASES: Record<
	ReferenceSet,
	{ hidden: number[]; lr: number; batch: number; epochs: number; alpha: number; sklearn: number; perSeed: number[] }
> = {
	iris: { hidden: [16, 16], lr: 0.01, batch: 16, epochs: 30, alpha: 1e-3, sklearn: 0.964, perSeed: [0.9459, 0.973, 0.973] },
	penguins: { hidden: [16, 16], lr: 0.01, batch: 32, epochs: 20, alpha: 1e-3, sklearn: 0.9843, perSeed: [0.9765, 1.0, 0.9765] },
	wine: { hidden: [16, 16], lr: 0.01, batch: 16, epochs: 30, alpha: 1e-3, sklearn: 0.9773, perSeed: [0.9773, 0.9773, 0.9773] },
	diabetes: { hidden: [16], lr: 0.003, batch: 64, epochs: 60, alpha: 1.0, sklearn: 0.3906, perSeed: [0.3587, 0.3968, 0.4164] }
};

describe('MLP vs scikit-learn (tfjs cpu backend, mean of seeds 0–2)', () => {
	beforeAll(async () => {
		expect(await activateBackend('cpu')).toBe('cpu');
	});

	for (const [name, c] of Object.entries(CASES) as [ReferenceSet, (typeof CASES)[ReferenceSet]][]) {
		it(`${name}: within 0.02 of scikit-learn's ${c.sklearn}`, async () => {
			const s = referenceSplit(name, { standardise: true });
			const regression = s.task === 'regression';
			const scores: number[] = [];
			for (let seed = 0; seed < 3; seed++) {
				const state = await fitMlp(s.train, s.yTrain, {
					task: s.task,
					classes: regression ? undefined : s.classes.length,
					hidden: c.hidden,
					activation: 'relu',
					optimizer: 'adam',
					learningRate: c.lr,
					batchSize: c.batch,
					epochs: c.epochs,
					l2: regression ? c.alpha / c.batch : c.alpha / (2 * c.batch),
					seed
				});
				const out = await predictMlp(state, s.test);
				scores.push(regression ? r2Of(out, s.yTest) : accuracyOf(argmaxRows(out, s.classes.length), s.yTest));
			}
			const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
			expect(Math.abs(mean - c.sklearn), `ours ${mean.toFixed(4)} (${scores.map((v) => v.toFixed(4))})`).toBeLessThanOrEqual(0.02);
		}, 120_000);
	}
});
