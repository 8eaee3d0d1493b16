import { fitLinear } from '../../../ml/models/linear';
import { requireColumn } from '../../columns';
import { expectDataset, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { featureMatrix, labelledRows, resolveFeatures, targetValues } from '../../modeling';
import { p } from '../../params';
import { port, type ModelValue } from '../../ports';
import { cancelledStop, coefficientsReport, linearPool, throttledProgress } from './coefficients';
import { abortError } from '../../../util/abort';

export default defineNode({
	type: 'model.linear',
	version: 2,
	category: 'model',
	title: 'Linear regression',
	description:
		"Least-squares linear regression: plain or ridge (L2) solved exactly by QR, lasso (L1) and elastic net by coordinate descent — scikit-learn's LinearRegression, Ridge, Lasso and ElasticNet.",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('coefficients') },
	params: {
		features: p.columns({ kinds: ['number', 'boolean'], label: 'Features', help: 'Empty: every number column except the target' }),
		penalty: p.choice(['none', 'l2', 'l1', 'elasticnet'], {
			default: 'none',
			label: 'Penalty',
			tune: ['l2', 'l1', 'elasticnet'],
			help: 'none: ordinary least squares; l2 (ridge) shrinks every coefficient; l1 (lasso) sets weak ones exactly to 0, choosing features; elasticnet mixes both'
		}),
		alpha: p.number({
			default: 1,
			min: 0,
			max: 1e9,
			tune: { min: 1e-4, max: 1e3, log: true },
			label: 'Alpha (penalty strength)',
			help: "Larger: smaller coefficients. Ridge: alpha·‖w‖² next to the squared error; lasso / elastic net: as scikit-learn's, per row (ignored when the penalty is none)"
		}),
		l1Ratio: p.number({
			default: 0.5,
			min: 0,
			max: 1,
			tune: { min: 0, max: 1 },
			label: 'L1 ratio',
			help: 'Elastic net only: 1 is pure lasso, 0 pure ridge'
		}),
		maxIter: p.int({
			default: 1000,
			min: 1,
			max: 100_000,
			label: 'Max iterations',
			help: 'Lasso / elastic net: upper limit on coordinate-descent sweeps'
		}),
		tol: p.number({
			default: 1e-4,
			min: 1e-12,
			max: 1,
			label: 'Tolerance',
			help: "Lasso / elastic net: stop when the duality gap is below tol × the target's sum of squares (scikit-learn's tol)"
		})
	},
	migrations: [
		// v1 had alpha only: 0 meant ordinary least squares, above 0 ridge with that alpha.
		(v1) => {
			const alpha = typeof v1.alpha === 'number' ? v1.alpha : 0;
			return { ...v1, penalty: alpha > 0 ? 'l2' : 'none', alpha: alpha > 0 ? alpha : 1, l1Ratio: 0.5, maxIter: 1000, tol: 1e-4 };
		}
	],
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
		if (requireColumn(data.frame, data.target).kind !== 'number')
			throw new Error(`target "${data.target}" is not a number column; use Logistic regression for classes`);
		const features = resolveFeatures(data, params.features);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		if (rows.length === 0) throw new Error(`no training rows with a value in "${data.target}": check the Split and the target column`);
		const started = Date.now();
		const loss: number[] = [];
		const maxIter = params.maxIter;
		const progress = throttledProgress(ctx.progress);
		// The design matrix is built once, where the pool's threads read it.
		const { pool, alloc } = linearPool(ctx.compute, rows.length, features.length);
		const X = featureMatrix(data.frame, features, rows, {}, alloc);
		const state = await fitLinear(X, targetValues(data.frame, data.target, rows), {
			pool,
			penalty: params.penalty,
			alpha: params.alpha,
			l1Ratio: params.l1Ratio as number,
			maxIter,
			tol: params.tol,
			signal: ctx.signal,
			onIteration: (it, f) => {
				loss.push(f);
				progress(Math.min(1, it / maxIter), `sweep ${it} · objective ${f.toPrecision(6)}`);
			}
		});
		const cancelled = ctx.signal.aborted && state.converged === false;
		if (cancelled && !state.iterations) throw abortError();
		const model: ModelValue = {
			kind: 'model',
			family: 'linear',
			task: 'regression',
			target: data.target,
			features,
			classes: null,
			recipe: data.recipe,
			estimator: state,
			backend: 'typed-arrays',
			trainMs: Date.now() - started,
			...(pool ? { threads: pool.threads } : {}),
			curves: loss.length ? { loss } : {},
			...(cancelled ? { stopped: cancelledStop(state.iterations ?? 0, 'sweep') } : {})
		};
		return { model, report: coefficientsReport(features, [state.coef], [state.intercept], null) };
	}
});
