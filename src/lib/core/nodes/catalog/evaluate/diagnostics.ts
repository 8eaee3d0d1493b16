import { calibrationCurve, type CalibrationCurve } from '../../../ml/evaluation/calibration';
import { liftByDecile, type LiftRow } from '../../../ml/evaluation/lift';
import { classificationReport, type ClassReport } from '../../../ml/evaluation/per-class';
import { averagePrecision, precisionRecallCurve, type PrCurve } from '../../../ml/evaluation/precision-recall';
import { regressionDiagnostics, type RegressionDiagnostics } from '../../../ml/evaluation/regression';
import { binaryRocAuc, oneVsRestAuc, rocCurve, type MulticlassAuc, type RocCurve } from '../../../ml/evaluation/roc';
import { sampleIndices } from '../../../ml/evaluation/sample';
import { expectDataset, rowsWithRole } from '../../dataset';
import { defineNode } from '../../define';
import { classCodes, labelledRows, modelMatrix, targetValues } from '../../modeling';
import { p } from '../../params';
import { port, Role, type DatasetValue, type ModelValue } from '../../ports';
import { predict } from '../../predictors';

/** Curves of one class against the rest (the positive class of a binary model). */
export interface ClassCurves {
	readonly label: string;
	/** Class code in `labels`; the threshold view compares `pairs.truth` with it. */
	readonly code: number;
	readonly positives: number;
	readonly auc: number | null;
	readonly averagePrecision: number;
	/** Thinned to ≤ MAX_CURVE points for drawing; the AUC and AP above use every row. */
	readonly roc: RocCurve;
	readonly pr: PrCurve;
	readonly calibration: CalibrationCurve;
	readonly lift: LiftRow[];
}

export interface ClassificationDiagnosticsReport {
	readonly type: 'diagnostics';
	readonly task: 'classification';
	/** Which held-out rows were charted. */
	readonly split: 'validation' | 'test';
	readonly model: string;
	readonly count: number;
	readonly labels: string[];
	readonly report: ClassReport;
	/** One-vs-rest AUCs (multiclass); null for two classes or without scores. */
	readonly auc: MulticlassAuc | null;
	/** Empty when the model gives no scores. */
	readonly curves: ClassCurves[];
	/** Sampled (truth code, score per curve) rows, so the page recomputes threshold metrics without the worker. */
	readonly pairs: { readonly truth: number[]; readonly scores: number[][] } | null;
}

export interface RegressionDiagnosticsReport extends RegressionDiagnostics {
	readonly type: 'diagnostics';
	readonly task: 'regression';
	/** Which held-out rows were charted. */
	readonly split: 'validation' | 'test';
	readonly model: string;
}

export type DiagnosticsReport = ClassificationDiagnosticsReport | RegressionDiagnosticsReport;

const MAX_PAIRS = 20_000;
/** Above five classes the per-class score arrays would outgrow the row cap; keep the payload near 100k numbers. */
const MAX_PAIR_VALUES = 100_000;
const MAX_CURVE = 2_000;
const UNSEEN = '(unseen in training)';

/** Every step-th point plus the last: a curve of 50k thresholds draws the same at 2k. */
function thin<T extends Record<string, number[]>>(curve: T): T {
	const keys = Object.keys(curve) as (keyof T)[];
	const n = Math.max(...keys.map((k) => curve[k].length));
	if (n <= MAX_CURVE) return curve;
	const step = Math.ceil(n / MAX_CURVE);
	const out = {} as Record<keyof T, number[]>;
	for (const k of keys) out[k] = curve[k].filter((_, i) => i % step === 0 || i === curve[k].length - 1);
	return out as T;
}

function classCurves(label: string, code: number, truth: Int32Array, score: Float64Array): ClassCurves | null {
	const positive = Uint8Array.from(truth, (t) => (t === code ? 1 : 0));
	const positives = positive.reduce((s, v) => s + v, 0);
	// A class absent from (or alone in) the rows has no ROC curve to speak of.
	if (positives === 0 || positives === truth.length) return null;
	const roc = rocCurve(score, positive);
	const pr = precisionRecallCurve(score, positive);
	return {
		label,
		code,
		positives,
		auc: binaryRocAuc(score, positive),
		averagePrecision: averagePrecision(score, positive),
		roc: thin({ fpr: roc.fpr, tpr: roc.tpr, thresholds: roc.thresholds }),
		pr: thin({ precision: pr.precision, recall: pr.recall, thresholds: pr.thresholds }),
		calibration: calibrationCurve(score, positive, 10),
		lift: liftByDecile(score, positive)
	};
}

async function diagnose(model: ModelValue, data: DatasetValue, which: 'validation' | 'test', seed: number): Promise<DiagnosticsReport> {
	const rows = labelledRows(data.frame, model.target, rowsWithRole(data, which === 'test' ? Role.test : Role.validation));
	if (rows.length === 0) throw new Error(`the data has no ${which} rows with a target value`);
	const out = await predict(model, modelMatrix(model, data.frame, rows));
	const common = { type: 'diagnostics', split: which, model: model.family } as const;
	if (model.task === 'regression') {
		return {
			...common,
			task: 'regression',
			...regressionDiagnostics(targetValues(data.frame, model.target, rows), out.values!, 5000, seed)
		};
	}
	const classes = [...model.classes!];
	const raw = classCodes(data.frame, model.target, rows, classes);
	// As Evaluate: a class never seen in training is its own label, scored as an error, and has no score column.
	const unseen = raw.some((c) => c < 0);
	const labels = unseen ? [...classes, UNSEEN] : classes;
	const truth = unseen ? raw.map((c) => (c < 0 ? classes.length : c)) : raw;
	const report = classificationReport(truth, out.codes!, labels);
	const k = classes.length;
	const proba = out.proba ?? null;
	const n = rows.length;
	// Binary: the curves of class 1 (sklearn's pos_label for 0/1); more classes: one per class, against the rest.
	const curveCodes = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
	const curves: ClassCurves[] = [];
	if (proba) {
		for (const c of curveCodes) {
			const score = Float64Array.from({ length: n }, (_, i) => proba[i * k + c]);
			const cc = classCurves(classes[c], c, truth, score);
			if (cc) curves.push(cc);
		}
	}
	let pairs: ClassificationDiagnosticsReport['pairs'] = null;
	if (proba && curves.length > 0) {
		const cap = Math.min(MAX_PAIRS, Math.floor(MAX_PAIR_VALUES / curves.length));
		const pick = sampleIndices(n, cap, seed);
		pairs = {
			truth: Array.from(pick, (i) => truth[i]),
			scores: curves.map((c) => Array.from(pick, (i) => proba[i * k + c.code]))
		};
	}
	return {
		...common,
		task: 'classification',
		count: n,
		labels,
		report,
		auc: proba && k > 2 && !unseen ? oneVsRestAuc(truth, proba, k) : null,
		curves,
		pairs
	};
}

export default defineNode({
	type: 'evaluate.diagnostics',
	version: 1,
	category: 'evaluate',
	title: 'Evaluation charts',
	description:
		'Charts of how a trained model does on the validation or test rows: ROC, precision-recall, calibration, lift and a decision-threshold slider with metrics per class for classifiers; predicted vs actual, residuals and error by decile for regressors.',
	inputs: { model: port.model('model'), data: port.dataset('data') },
	outputs: { report: port.report('charts') },
	params: {
		rows: p.choice(['validation', 'test'], {
			default: 'validation',
			label: 'Rows',
			help: 'Which held-out rows to chart. Tune the threshold on the validation rows; look at the test rows once, at the end.'
		})
	},
	run: async (inputs, params) => {
		const model = inputs.model as ModelValue | undefined;
		if (!model || model.kind !== 'model') throw new Error('connect a trained model');
		const data = expectDataset(inputs.data);
		if (!data.roles) throw new Error('the data has no validation or test rows: connect the output of a Split (or of steps after it)');
		const which = params.rows === 'test' ? 'test' : 'validation';
		// A fixed sampling seed: the charted rows depend only on the inputs, like the cache key.
		return { report: { kind: 'report', report: await diagnose(model, data, which, 0) } };
	}
});
