import { fitIsolationForest, percentile, scoreSamples, type IsolationForestModel } from '../../../ml/anomaly/isolation-forest';
import type { Column } from '../../../frame/types';
import { withColumns } from '../../../frame/verbs';
import { yielder } from '../../../util/yield';
import { trainingRows, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { featureMatrix, resolveFeatures } from '../../modeling';
import { p, seedOf } from '../../params';
import { port } from '../../ports';
import type { TableReport } from '../../reports';
import { dataWith, withColumnsSchema } from '../../schema-rules';

interface ForestState {
	features: string[];
	forest: IsolationForestModel;
	/** Flag rows whose anomaly score is above this (sklearn's −offset_). */
	threshold: number;
	trainRows: number;
	/** Anomaly-score quantiles of the training rows, for the report. */
	quantiles: number[];
	flaggedTrain: number;
}

const QUANTILES = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];

export default defineNode({
	type: 'model.isolation-forest',
	version: 1,
	category: 'model',
	title: 'Isolation forest',
	description:
		"Score how unusual each row is (isolation forest, as scikit-learn's IsolationForest): rows that random splits isolate quickly are anomalies. Fitted on the training rows; adds anomaly_score (higher: more unusual) and is_anomaly to every row.",
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data with scores'), report: port.report('anomalies') },
	params: {
		features: p.columns({
			kinds: ['number', 'boolean'],
			label: 'Features',
			help: 'Number or boolean columns to look at. Empty: every number column except the target'
		}),
		trees: p.int({ default: 100, min: 1, max: 5_000, label: 'Trees', help: 'Number of isolation trees; more give steadier scores' }),
		maxSamples: p.int({
			default: 256,
			min: 2,
			max: 1_000_000,
			label: 'Rows per tree',
			help: 'Rows each tree isolates (at most the training rows); 256 as in the original paper and scikit-learn'
		}),
		maxFeatures: p.number({
			default: 1,
			min: 0.01,
			max: 1,
			label: 'Features per tree',
			help: 'Fraction of the features each tree draws; 1 uses them all'
		}),
		contamination: p.number({
			default: 0,
			min: 0,
			max: 0.5,
			label: 'Contamination',
			help: "Expected fraction of anomalies: that share of the training rows is flagged. 0: auto, flag rows scoring above 0.5 (scikit-learn's default)"
		}),
		seed: p.seed({ help: 'The same seed grows the same trees' })
	},
	schema: ({ data }) =>
		data
			? dataWith(
					data,
					withColumnsSchema(data.columns, [
						{ name: 'anomaly_score', kind: 'number' },
						{ name: 'is_anomaly', kind: 'boolean' }
					])
				)
			: {},
	step: {
		async fit(data, params, ctx): Promise<ForestState> {
			const features = resolveFeatures(data, params.features);
			const x = featureMatrix(data.frame, features, trainingRows(data));
			if (x.rows < 2) throw new Error(`an isolation forest needs at least 2 training rows; there are ${x.rows}`);
			const forest = await fitIsolationForest(x, {
				nEstimators: params.trees,
				maxSamples: params.maxSamples,
				maxFeatures: params.maxFeatures,
				seed: seedOf(params.seed, ctx.seed),
				signal: ctx.signal,
				tick: yielder()
			});
			ctx.progress(0.7, 'scoring the training rows');
			const scores = scoreSamples(forest, x).map((s) => -s);
			const contamination = params.contamination;
			// sklearn: offset_ = −0.5 for 'auto', else the contamination percentile of score_samples.
			const threshold = contamination > 0 ? percentile(scores, 1 - contamination) : 0.5;
			let flaggedTrain = 0;
			for (const s of scores) if (s > threshold) flaggedTrain++;
			return { features, forest, threshold, trainRows: x.rows, quantiles: QUANTILES.map((q) => percentile(scores, q)), flaggedTrain };
		},
		apply(data, state) {
			const n = data.frame.rowCount;
			const all = Uint32Array.from({ length: n }, (_, i) => i);
			const x = featureMatrix(data.frame, state.features, all, { allowMissing: true });
			const p = x.cols;
			const scores = scoreSamples(state.forest, x);
			const score = new Float64Array(n);
			const flag = new Int32Array(n);
			for (let i = 0; i < n; i++) {
				let gap = false;
				for (let j = 0; j < p; j++) if (Number.isNaN(x.data[i * p + j])) gap = true;
				// A row with a gap would follow arbitrary branches: leave it unscored (missing).
				score[i] = gap ? NaN : -scores[i];
				flag[i] = gap ? -1 : score[i] > state.threshold ? 1 : 0;
			}
			const added: Column[] = [
				{ kind: 'number', name: 'anomaly_score', values: score },
				{ kind: 'boolean', name: 'is_anomaly', codes: flag }
			];
			return withFrame(data, withColumns(data.frame, added));
		},
		report(_before, after, state) {
			const flag = after.frame.columns.find((c) => c.name === 'is_anomaly');
			let flagged = 0;
			if (flag?.kind === 'boolean') for (const c of flag.codes) if (c === 1) flagged++;
			const report: TableReport = {
				type: 'table',
				title: `${flagged} of ${after.frame.rowCount} rows flagged (${state.flaggedTrain} of ${state.trainRows} training rows) · threshold ${state.threshold.toFixed(4)}`,
				columns: ['anomaly score quantile', 'training rows'],
				rows: QUANTILES.map((q, i) => [q === 0 ? 'min' : q === 1 ? 'max' : `${q * 100}%`, state.quantiles[i]])
			};
			return { kind: 'report', report };
		}
	}
});
