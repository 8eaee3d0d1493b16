import type { Matrix } from '../../../ml/matrix';
import { classificationMetrics, regressionMetrics } from '../../../ml/metrics';
import { columnStats, parseLevels, stressTest, type Scenario } from '../../../ml/evaluation/robustness';
import { requireColumn } from '../../columns';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, labelledRows, modelMatrix, targetValues } from '../../modeling';
import { p, seedOf } from '../../params';
import { port, Role, type ModelValue } from '../../ports';
import { predict } from '../../predictors';
import type { TableReport } from '../../reports';

export interface StressReport extends TableReport {
	readonly split: 'validation' | 'test';
	readonly count: number;
	readonly repeats: number;
	/** The metric columns' names, in the order of each scenario's `metrics`. */
	readonly metrics: readonly string[];
	readonly scenarios: readonly (Scenario & { readonly name: string })[];
	/** How missing cells were given to the model (its own NaN handling or a mean fill). */
	readonly note: string;
}

/** Most frequent finite value of column j: the fill for category codes, where a mean is no code at all. */
function mode(X: Matrix, j: number): number {
	const counts = new Map<number, number>();
	let best = NaN;
	let most = 0;
	for (let i = 0; i < X.rows; i++) {
		const v = X.data[i * X.cols + j];
		if (v !== v) continue;
		const c = (counts.get(v) ?? 0) + 1;
		counts.set(v, c);
		if (c > most || (c === most && v < best)) [best, most] = [v, c];
	}
	return most > 0 ? best : 0;
}

const pct = (v: number) => `${Number((v * 100).toPrecision(6))}%`;

function scenarioName(s: Scenario, features: readonly string[]): string {
	if (s.kind === 'noise') return `noise ${s.level}σ`;
	if (s.kind === 'missing') return `missing ${pct(s.level)}`;
	if (s.kind === 'shuffle') return `shuffled ${features[s.level]}`;
	return 'baseline';
}

export default defineNode({
	type: 'evaluate.stress',
	version: 1,
	category: 'evaluate',
	title: 'Stress test',
	description:
		'How a trained model holds up when its inputs degrade: the metrics on the validation or test rows with Gaussian noise added to the numeric features, with a share of feature cells missing, and with the feature it relies on most shuffled, each against the clean baseline.',
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('stress test') },
	params: {
		rows: p.choice(['validation', 'test'], {
			default: 'validation',
			label: 'Rows',
			help: 'Which held-out rows to perturb and score. The baseline row equals Evaluate on the same rows.'
		}),
		noise: p.string({
			default: '0.05, 0.1, 0.25, 0.5',
			label: 'Noise levels (σ)',
			help: 'Comma-separated levels of Gaussian noise, each in standard deviations of every numeric feature (measured on the evaluated rows). Category and true/false features are left alone. Empty: no noise scenarios.'
		}),
		missing: p.string({
			default: '0.05, 0.1, 0.25',
			label: 'Missing rates',
			help: "Comma-separated shares (0–1) of feature cells set missing. Models that read missing values themselves (trees, forests, gradient boosting, Gaussian naive Bayes) get them as missing; the others get each column's mean on the evaluated rows (the most frequent level for a category), as a simple imputer would. Empty: no missing-value scenarios."
		}),
		shuffle: p.boolean({
			default: true,
			label: 'Shuffle features',
			help: 'Shuffle each feature alone across the rows (as permutation importance does) and report the feature whose loss hurts the model most.'
		}),
		repeats: p.int({
			default: 3,
			min: 1,
			max: 100,
			label: 'Repeats',
			help: 'Perturbations per scenario; the table shows the mean metrics over them'
		}),
		seed: p.seed({ help: 'Noise, missing cells and shuffles; the same seed gives the same table' })
	},
	run: async (inputs, params, ctx) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		const split = params.rows === 'test' ? 'test' : 'validation';
		const noise = parseLevels(params.noise, 'Noise levels', 100);
		const missing = parseLevels(params.missing, 'Missing rates', 1);
		const repeats = params.repeats;
		const rows = labelledRows(data.frame, model.target, rowsWithRole(data, split === 'test' ? Role.test : Role.validation));
		if (rows.length < 2) throw new Error(`there are fewer than two labelled ${split} rows to stress-test the model on`);
		const X = modelMatrix(model, data.frame, rows);
		const levels = model.levels ?? {};
		const numeric = model.features.map((f) => !levels[f] && requireColumn(data.frame, f).kind === 'number');

		// Scored exactly as Evaluate scores, so the baseline row is Evaluate's number.
		const isClass = model.task === 'classification';
		let score: (M: Matrix) => Promise<{ metrics: number[]; primary: number }>;
		if (isClass) {
			const classes = [...model.classes!];
			const raw = classCodes(data.frame, model.target, rows, classes);
			const unseen = raw.some((c) => c < 0);
			const labels = unseen ? [...classes, '(unseen in training)'] : classes;
			const truth = unseen ? raw.map((c) => (c < 0 ? classes.length : c)) : raw;
			score = async (M) => {
				const m = classificationMetrics(truth, (await predict(model, M)).codes!, null, labels);
				return { metrics: [m.accuracy, m.f1Macro], primary: m.accuracy };
			};
		} else {
			const truth = targetValues(data.frame, model.target, rows);
			score = async (M) => {
				const m = regressionMetrics(truth, (await predict(model, M)).values!);
				return { metrics: [m.rmse, m.r2], primary: m.r2 };
			};
		}
		let fill: Float64Array | null = null;
		if (!model.nativeMissing) {
			const { mean } = columnStats(X);
			fill = Float64Array.from(model.features, (f, j) => (levels[f] ? mode(X, j) : mean[j]));
		}
		const scenarios = await stressTest(score, X, {
			noise,
			missing,
			shuffle: params.shuffle !== false,
			repeats,
			seed: seedOf(params.seed, ctx.seed),
			numeric,
			fill,
			signal: ctx.signal,
			progress: (f) => ctx.progress(f, 'stress test')
		});

		// Every drop column is signed so that positive means worse (an RMSE rise is a drop in quality).
		const names = isClass ? ['accuracy', 'macro F1'] : ['RMSE', 'R²'];
		const worse = isClass ? [1, 1] : [-1, 1];
		const base = scenarios[0].metrics;
		const r = (v: number) => Number(v.toPrecision(6));
		const columns = ['scenario', ...names.flatMap((n, m) => [n, `${n} ${worse[m] < 0 ? 'increase' : 'drop'}`])];
		const named = scenarios.map((s) => ({ ...s, name: scenarioName(s, model.features) }));
		const table = named.map((s) => [s.name, ...s.metrics.flatMap((v, m) => [r(v), r(worse[m] * (base[m] - v))])]);
		const note = fill
			? `The ${model.family} model does not read missing values, so missing cells were filled with each column's mean on the ${split} rows${model.features.some((f) => levels[f]) ? ' (a category column: its most frequent level)' : ''}.`
			: `The ${model.family} model reads missing values itself; missing cells were passed to it as missing.`;
		const report: StressReport = {
			type: 'table',
			title: `Stress test (${split} rows)`,
			columns,
			rows: table,
			split,
			count: X.rows,
			repeats,
			metrics: names,
			scenarios: named,
			note
		};
		return { report: { kind: 'report', report } };
	}
});
