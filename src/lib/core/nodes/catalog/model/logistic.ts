import { fitLogisticAsync } from '../../../ml/models/logistic';
import { expectDataset, rowsWithRole, trainingRows } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, classesIn, featureMatrix, labelledRows, resolveFeatures } from '../../modeling';
import { requireColumn } from '../../columns';
import { p } from '../../params';
import { port, Role, type ModelValue } from '../../ports';
import { cancelledStop, coefficientsReport, linearPool, throttledProgress } from './coefficients';
import { abortError } from '../../../util/abort';

export default defineNode({
	type: 'model.logistic',
	version: 2,
	category: 'model',
	title: 'Logistic regression',
	description:
		"A linear classifier for two or more classes (multinomial) with an L2, L1 or elastic-net penalty and optional balanced class weights, fitted exactly by L-BFGS / OWL-QN (the same model as scikit-learn's LogisticRegression).",
	inputs: { data: port.dataset('data') },
	outputs: { model: port.model('model'), report: port.report('coefficients') },
	params: {
		features: p.columns({ kinds: ['number', 'boolean'], label: 'Features', help: 'Empty: every number column except the target' }),
		penalty: p.choice(['l2', 'l1', 'elasticnet', 'none'], {
			default: 'l2',
			label: 'Penalty',
			tune: ['l2', 'l1', 'elasticnet'],
			help: 'l2 shrinks every coefficient; l1 (lasso) sets weak ones exactly to 0, choosing features; elasticnet mixes both; none can diverge on separable classes'
		}),
		C: p.number({
			default: 1,
			min: 1e-6,
			max: 1e6,
			tune: { min: 1e-3, max: 1e3, log: true },
			label: 'C (inverse regularisation)',
			help: 'Smaller C: stronger penalty, smaller coefficients (ignored when the penalty is none)'
		}),
		l1Ratio: p.number({
			default: 0.5,
			min: 0,
			max: 1,
			tune: { min: 0, max: 1 },
			label: 'L1 ratio',
			help: 'Elastic net only: 1 is pure L1, 0 pure L2'
		}),
		classWeight: p.choice(['none', 'balanced'], {
			default: 'none',
			label: 'Class weights',
			help: 'balanced: weigh each row by rows / (classes × rows of its class), so rare classes (fraud, churn) count as much as common ones'
		}),
		maxIter: p.int({
			default: 200,
			min: 1,
			max: 10_000,
			label: 'Max iterations',
			help: 'Upper limit on solver iterations; the fit usually converges long before'
		}),
		tol: p.number({
			default: 1e-4,
			min: 1e-12,
			max: 1,
			label: 'Tolerance',
			help: "Stop when the gradient of the summed objective is this small (scikit-learn's tol)"
		})
	},
	migrations: [
		// v1 had C and maxIter only: an L2 fit with no class weights and sklearn's tol.
		(v1) => ({ ...v1, penalty: 'l2', l1Ratio: 0.5, classWeight: 'none', tol: 1e-4 })
	],
	run: async (inputs, params, ctx) => {
		const data = expectDataset(inputs.data);
		if (!data.target) throw new Error('no target: add a Split node before the model and choose the target');
		const target = requireColumn(data.frame, data.target);
		if (target.kind === 'date' || target.kind === 'text')
			throw new Error(
				`target "${data.target}" is ${target.kind}; logistic regression needs classes (a category, boolean or whole-number column)`
			);
		const features = resolveFeatures(data, params.features);
		const rows = labelledRows(data.frame, data.target, trainingRows(data));
		const classes = classesIn(data.frame, data.target, rows);
		if (classes.length < 2)
			throw new Error(
				`the training rows hold only one class (${classes[0] ?? 'none'}) of "${data.target}"; nothing to separate — check the Split or the target`
			);
		// The design matrix is built once, where the pool's threads read it (a binary fit's passes run there).
		const { pool, alloc } = linearPool(classes.length === 2 ? ctx.compute : undefined, rows.length, features.length);
		const X = featureMatrix(data.frame, features, rows, {}, alloc);
		const y = classCodes(data.frame, data.target, rows, classes);
		const valRows = labelledRows(data.frame, data.target, rowsWithRole(data, Role.validation));
		// The validation curve skips rows it cannot score (a class unseen in training: code -1; a gap).
		const validation = valRows.length
			? {
					// In the pool's memory too, where its threads score it (not copied there per fit).
					X: featureMatrix(data.frame, features, valRows, { allowMissing: true }, alloc),
					y: classCodes(data.frame, data.target, valRows, classes)
				}
			: undefined;
		const started = Date.now();
		const loss: number[] = [];
		const valLoss: number[] = [];
		const maxIter = params.maxIter;
		const progress = throttledProgress(ctx.progress);
		const state = await fitLogisticAsync(X, y, classes.length, {
			penalty: params.penalty,
			C: params.C,
			l1Ratio: params.l1Ratio as number,
			classWeight: params.classWeight,
			maxIter,
			tol: params.tol,
			signal: ctx.signal,
			pool,
			validation,
			onIteration: (it, f, v) => {
				loss.push(f);
				if (v !== undefined) valLoss.push(v);
				progress(
					Math.min(1, it / maxIter),
					`iteration ${it} · objective ${f.toPrecision(6)}${v !== undefined ? ` · validation log-loss ${v.toPrecision(6)}` : ''}`
				);
			}
		});
		const cancelled = ctx.signal.aborted && !state.converged;
		if (cancelled && state.iterations === 0) throw abortError();
		const model: ModelValue = {
			kind: 'model',
			family: 'logistic',
			task: 'classification',
			target: data.target,
			features,
			classes,
			recipe: data.recipe,
			estimator: state,
			backend: 'typed-arrays',
			trainMs: Date.now() - started,
			...(pool ? { threads: pool.threads } : {}),
			curves: valLoss.length ? { loss, val_loss: valLoss } : { loss },
			...(cancelled ? { stopped: cancelledStop(state.iterations, 'iteration') } : {})
		};
		return { model, report: coefficientsReport(features, state.coef, state.intercept, classes) };
	}
});
