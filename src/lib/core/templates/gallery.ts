import type { Template } from './types';

// The templates gallery: one entry per use case. Each band holds what the pipeline reaches
// with the seed 42 (src/cli/templates.test.ts runs every template) and the spread scikit-learn
// reaches with the same preprocessing over ten splits (templates.sklearn.py; recorded
// 2026-12-07 with scikit-learn 1.2.1, min–max): churn ROC AUC 0.829–0.881 (ours 0.841), fraud
// average precision 0.556–0.797 (0.574), demand R² 0.975–0.983 (0.975; time-series CV
// 0.893–0.980), houses R² 0.818–0.867 (0.845), segmentation silhouette 0.653 (0.653),
// anomaly ROC AUC 0.976–0.996 (0.985), text accuracy 0.642–0.750 (0.717), fairness accuracy
// 0.733–0.767 (0.747). Digits has no scikit-learn twin here (ours 0.981).
//
// This module is the cards and the recipes only (the projects page shows it at start-up);
// turning a recipe into a document — the builder, the node catalog, the layout — is
// `templateDocument` in document.ts, loaded when a template is opened.

const churn: Template = {
	id: 'churn',
	title: 'Customer churn',
	teaches: 'Binary classification with class imbalance, and choosing a threshold',
	description:
		'Which customers will leave? About a quarter of them churn, so a model that always says "stays" is 73% accurate and useless. The pipeline drops the id column, splits the rows (stratified, so each part keeps the churn rate), one-hot encodes contract, internet and billing, scales the numbers and fits a logistic regression with balanced class weights, so the rare class counts as much as the common one. Read the test ROC AUC in Evaluate, then open Diagnostics and move the threshold: a lower one catches more leavers at the price of more false alarms, which is the choice a retention budget makes.',
	dataset: { sample: 'churn', note: '2,000 customers (synthetic), 27% churned' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'rocAuc' }, name: 'test ROC AUC', min: 0.8, max: 0.9 },
	build(b) {
		const data = b.add('io.dataset', '1 · Churn data: 2,000 customers', { sample: 'churn' });
		b.add('explore.class-balance', 'How rare is churn? (27% yes)', { column: 'churned' }, { data: data.out('data') });
		const cols = b.add('clean.columns', '2 · Drop the customer id (it identifies, it does not predict)', { drop: ['customer'] }, { data: data.out('data') });
		const split = b.add('split.train-test', '3 · Split 70/15/15, stratified on churned', { target: 'churned' }, { data: cols.out('data') });
		const hot = b.add('features.one-hot', '4 · One-hot: contract, internet, billing', {}, { data: split.out('data') });
		const scale = b.add('clean.scale', '5 · Standardise the numbers (fitted on training rows)', {}, { data: hot.out('data') });
		const model = b.add('model.logistic', '6 · Logistic regression, balanced class weights', { classWeight: 'balanced' }, { data: scale.out('data') });
		b.add('evaluate.metrics', '7 · Test metrics: read ROC AUC, not accuracy', {}, { model: model.out('model'), data: scale.out('data') });
		b.add('evaluate.diagnostics', '8 · Threshold: move it and watch precision and recall', { rows: 'test' }, { model: model.out('model'), data: scale.out('data') });
	}
};

const fraud: Template = {
	id: 'fraud',
	title: 'Fraud detection',
	teaches: 'Rare positives: precision–recall instead of accuracy, and the cost of false alarms',
	description:
		'Fewer than 2 in 100 card payments are fraud, so accuracy is about 98% for a model that never flags anything. The pipeline splits stratified on the label (so the test rows hold some fraud at all), one-hot encodes the merchant category and whether the card was present, and fits gradient-boosted trees. Judge it on the precision–recall curve in Diagnostics: average precision summarises it, and each point is a threshold. Every false alarm is a blocked card and a phone call, every miss is a loss; pick the threshold where the precision you can afford meets the recall you need. (Tessera has no cost-matrix node yet: read the counts at each threshold and weigh them yourself.)',
	dataset: { sample: 'transactions', note: '5,000 payments (synthetic), 1.8% fraud' },
	figure: {
		source: { kind: 'average-precision', node: 'diagnostics-1', positive: 'true' },
		name: 'test average precision (fraud)',
		min: 0.45,
		max: 0.85
	},
	build(b) {
		const data = b.add('io.dataset', '1 · Card payments: 5,000, 1.8% fraud', { sample: 'transactions' });
		b.add('explore.class-balance', 'How rare is fraud?', { column: 'is_fraud' }, { data: data.out('data') });
		const split = b.add('split.train-test', '2 · Split, stratified so the test rows hold fraud', { target: 'is_fraud' }, { data: data.out('data') });
		const hot = b.add('features.one-hot', '3 · One-hot: merchant category, card present', {}, { data: split.out('data') });
		const model = b.add('model.gbdt', '4 · Gradient-boosted trees', {}, { data: hot.out('data') });
		b.add('evaluate.metrics', '5 · Metrics: accuracy misleads here, read recall on fraud', {}, { model: model.out('model'), data: hot.out('data') });
		b.add('evaluate.diagnostics', '6 · Precision–recall on test rows: pick the threshold', { rows: 'test' }, { model: model.out('model'), data: hot.out('data') });
	}
};

const demand: Template = {
	id: 'demand',
	title: 'Demand forecasting',
	teaches: 'Dates, lags and rolling windows, and time-series cross-validation',
	description:
		"How many units will each store sell tomorrow? Sales follow the day of the week, the season, promotions and a level that drifts, so yesterday's sales and the last week's mean carry most of the signal. The pipeline adds, per store and in date order, the sales one day back and the mean of the seven days before (never the day itself), then turns the date into weekday, month and day of year, and fits gradient-boosted trees. The split here is random (Tessera's Split has no ordered mode), so the test R² is optimistic; the time-series cross-validation trains on the past and scores the following block each time, which is the honest estimate of a forecast.",
	dataset: { sample: 'store-sales', note: '3 stores × 730 days (synthetic), units sold' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'r2' }, name: 'test R²', min: 0.95, max: 0.99 },
	build(b) {
		const data = b.add('io.dataset', '1 · Daily sales of 3 stores, 2023–2024', { sample: 'store-sales' });
		b.add('explore.segments', 'Sales by month', { segment: 'date', by: 'month', columns: ['units_sold'] }, { data: data.out('data') });
		const lag = b.add(
			'features.lag',
			"2 · Yesterday's sales and the 7-day mean before it, per store",
			{ columns: ['units_sold'], orderBy: 'date', groupBy: 'store', lag: 1, window: 7, mean: true },
			{ data: data.out('data') }
		);
		const parts = b.add(
			'features.date-parts',
			'3 · Date → weekday, month, day of year',
			{ column: 'date', year: false, day: false, dayOfYear: true },
			{ data: lag.out('data') }
		);
		const split = b.add('split.train-test', '4 · Split (random: see the time-series CV)', { target: 'units_sold', stratify: false }, { data: parts.out('data') });
		const model = b.add('model.gbdt', '5 · Gradient-boosted trees (handle the first days’ missing lags)', {}, { data: split.out('data') });
		b.add('evaluate.metrics', '6 · Test R² and error in units', {}, { model: model.out('model'), data: split.out('data') });
		b.add(
			'evaluate.cross-validate',
			'7 · Time-series CV: train on the past, score the next block',
			{ scheme: 'time-series', folds: 5 },
			{ model: model.out('model'), data: split.out('data') }
		);
	}
};

const houses: Template = {
	id: 'house-prices',
	title: 'House prices',
	teaches: 'Regression with a skewed target, and power transforms',
	description:
		'What will a house sell for? Prices are right-skewed: a few very expensive houses would dominate a squared error, and price grows by percentages (a bigger house costs some percent more), not by fixed amounts. The pipeline models the logarithm of the price instead (a fixed formula, so nothing is fitted before the split), drops the raw price so it cannot leak, makes the skewed areas more symmetric with a Yeo–Johnson power transform fitted on the training rows, one-hot encodes the neighbourhood, and fits a linear regression. R² is on the log scale; an error of 0.1 there is about 10% of the price.',
	dataset: { sample: 'houses', note: '1,500 sales (synthetic), price in euros' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'r2' }, name: 'test R² (log price)', min: 0.8, max: 0.9 },
	build(b) {
		const data = b.add('io.dataset', '1 · House sales: 1,500', { sample: 'houses' });
		b.add('explore.distributions', 'The price is right-skewed', { value: 'price' }, { data: data.out('data') });
		const log = b.add('features.derive', '2 · log_price = log(price): model percentages', { name: 'log_price', expression: 'log(price)' }, { data: data.out('data') });
		const cols = b.add('clean.columns', '3 · Drop the raw price (it would leak the answer)', { drop: ['price'] }, { data: log.out('data') });
		const split = b.add('split.train-test', '4 · Split 70/15/15', { target: 'log_price' }, { data: cols.out('data') });
		const power = b.add(
			'features.power',
			'5 · Yeo–Johnson on the skewed areas (fitted on training rows)',
			{ method: 'yeo-johnson', columns: ['area_m2', 'lot_m2'] },
			{ data: split.out('data') }
		);
		const hot = b.add('features.one-hot', '6 · One-hot: neighbourhood', {}, { data: power.out('data') });
		const model = b.add('model.linear', '7 · Linear regression on log price', {}, { data: hot.out('data') });
		b.add('evaluate.metrics', '8 · Test R² and RMSE (log scale)', {}, { model: model.out('model'), data: hot.out('data') });
		b.add('evaluate.diagnostics', '9 · Residuals: no funnel left', { rows: 'test' }, { model: model.out('model'), data: hot.out('data') });
	}
};

const segmentation: Template = {
	id: 'segmentation',
	title: 'Customer segmentation',
	teaches: 'k-means clustering, choosing k with the elbow and the silhouette',
	description:
		'Which kinds of customers are there? Without a label to predict, k-means groups customers whose spending, visits, basket size, recency and online share are alike. The columns are on very different scales (euros against shares), so k-means standardises them first. It fits k = 2 … 8 as well: the inertia curve bends (the elbow) where more clusters stop paying, and the silhouette (how much closer each customer is to its own cluster than to the next) peaks at the k that separates best. The table gives each cluster’s centre in the columns’ own units, which is where the segments get their names; the scatter shows them on spend against basket size.',
	dataset: { sample: 'customers', note: '600 customers (synthetic), no label' },
	figure: { source: { kind: 'silhouette', node: 'kmeans-1' }, name: 'silhouette at k = 4', min: 0.6, max: 0.7 },
	build(b) {
		const data = b.add('io.dataset', '1 · Customers: 600, five behaviours', { sample: 'customers' });
		b.add('explore.summary', 'Columns on very different scales', {}, { data: data.out('data') });
		const cols = b.add('clean.columns', '2 · Drop the customer id', { drop: ['customer'] }, { data: data.out('data') });
		const km = b.add('model.kmeans', '3 · k-means, k = 4, with the elbow and silhouette for k = 2…8', { k: 4, sweep: 8 }, { data: cols.out('data') });
		b.add('explore.scatter', '4 · Clusters on spend × basket', { x: 'annual_spend', y: 'avg_basket', color: 'cluster' }, { data: km.out('data') });
		b.add('explore.distributions', '5 · Visits per month by cluster', { value: 'visits_per_month', group: 'cluster' }, { data: km.out('data') });
	}
};

const anomaly: Template = {
	id: 'anomaly',
	title: 'Anomaly detection',
	teaches: 'Isolation forest: scoring unusual rows without labels, then checking against known faults',
	description:
		'Which machine readings are unusual? An isolation forest needs no labels: it cuts the readings at random, and a reading that is isolated in few cuts is unusual. Here it learns from load, temperature, vibration, pressure and current on the training rows (the status column is left out) and flags the 4% that score highest. Because this data does record which readings were faults, the pipeline then checks the score: a logistic regression on the anomaly score alone gives a ROC AUC that says how well the unsupervised score ranks the real faults above normal readings. The scatter shows what the forest flagged.',
	dataset: { sample: 'sensors', note: '2,000 readings (synthetic), 3.6% faults' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'rocAuc' }, name: 'test ROC AUC of the anomaly score', min: 0.95, max: 1 },
	build(b) {
		const data = b.add('io.dataset', '1 · Machine sensor readings: 2,000', { sample: 'sensors' });
		const split = b.add('split.train-test', '2 · Split, stratified on status (for the check)', { target: 'status' }, { data: data.out('data') });
		const forest = b.add(
			'model.isolation-forest',
			'3 · Isolation forest on the five sensors (no labels), flag 4%',
			{ features: ['load', 'temperature_c', 'vibration_mm_s', 'pressure_bar', 'current_a'], contamination: 0.04 },
			{ data: split.out('data') }
		);
		b.add('explore.scatter', '4 · What was flagged: temperature × vibration', { x: 'temperature_c', y: 'vibration_mm_s', color: 'is_anomaly' }, { data: forest.out('data') });
		const check = b.add('model.logistic', '5 · Check: the score alone against the known faults', { features: ['anomaly_score'] }, { data: forest.out('data') });
		b.add('evaluate.metrics', '6 · ROC AUC: does the score rank faults first?', {}, { model: check.out('model'), data: forest.out('data') });
	}
};

const digits: Template = {
	id: 'digits',
	title: 'Image classification',
	teaches: 'A convolutional network on images of handwritten digits',
	description:
		'Which digit is in each 8×8 image? The images arrive as one column per pixel plus the label (the folder each image sits in). A convolutional network learns small filters that slide over the image, so a stroke is recognised wherever it appears; random one-pixel shifts during training make it more robust still. The split is stratified so each digit is in every part; the network trains for 15 epochs and watches its validation accuracy, shown live in the node. The confusion matrix in Evaluate shows which digits it mixes up (often 8 with 1 or 9).',
	dataset: { sample: 'digits', note: '1,797 images 8×8 in 10 classes' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'accuracy' }, name: 'test accuracy', min: 0.94, max: 1 },
	build(b) {
		const data = b.add('io.dataset', '1 · Handwritten digits: 1,797 images', { sample: 'digits' });
		b.add('explore.class-balance', 'About 180 images per digit', { column: 'label' }, { data: data.out('data') });
		const split = b.add('split.train-test', '2 · Split, stratified on the digit', { target: 'label' }, { data: data.out('data') });
		const model = b.add('model.cnn', '3 · Convolutional network, 15 epochs', {}, { data: split.out('data') });
		b.add('evaluate.metrics', '4 · Test accuracy and the confusion matrix', {}, { model: model.out('model'), data: split.out('data') });
	}
};

const text: Template = {
	id: 'text',
	title: 'Text classification',
	teaches: 'TF-IDF + logistic regression against a text network',
	description:
		'Is a product review positive or negative? Two approaches side by side on the same split. Top: TF-IDF turns each review into weights of words and word pairs (a word frequent in this review but rare overall weighs most), and a logistic regression weighs the words; it is fast, and its coefficients say which words push which way. Bottom: the text network reads the review as a sequence of word ids, learns an embedding per word and a convolution over neighbouring words, so "not reliable" can mean something else than "reliable". Compare the two test accuracies: these reviews are full of negations and "but" clauses, which a bag of words cannot read, so the network that sees word order does better here (about 0.77 against 0.72), at many times the training time.',
	dataset: { sample: 'reviews', note: '800 short reviews (synthetic), positive / negative' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'accuracy' }, name: 'test accuracy (TF-IDF + logistic)', min: 0.62, max: 0.8 },
	build(b) {
		const data = b.add('io.dataset', '1 · Product reviews: 800', { sample: 'reviews' });
		const split = b.add('split.train-test', '2 · Split, stratified on sentiment', { target: 'sentiment' }, { data: data.out('data') });
		const tfidf = b.add('features.text', '3a · TF-IDF of words and word pairs (vocabulary from training rows)', { column: 'text', ngrams: '1-2', maxFeatures: 2000, sublinearTf: true }, { data: split.out('data') });
		const logistic = b.add('model.logistic', '4a · Logistic regression on the word weights', {}, { data: tfidf.out('data') });
		b.add('evaluate.metrics', '5a · Test metrics: TF-IDF + logistic', {}, { model: logistic.out('model'), data: tfidf.out('data') });
		const seq = b.add('features.text-sequence', '3b · Words → id sequences', { column: 'text' }, { data: split.out('data') });
		const nn = b.add('model.text-nn', '4b · Text network: embedding + 1-D convolution', {}, { data: seq.out('data') });
		b.add('evaluate.metrics', '5b · Test metrics: text network', {}, { model: nn.out('model'), data: seq.out('data') });
	}
};

const fairness: Template = {
	id: 'fairness',
	title: 'Fairness audit',
	teaches: 'Auditing a model for unequal outcomes across a sensitive group',
	description:
		'Does a loan model treat women and men alike? The historical decisions it learns from were harsher on women at equal income, debt and history. The model here is not given the applicant’s sex, yet "blind" is not the same as fair: the audit compares, per group on the test rows, the approval rate, the true-positive rate (qualified applicants approved) and the error rates, and reports the gaps and the ratio of approval rates (the four-fifths rule flags a ratio below 0.8). Read the Fairness report next to the accuracy, then ask where the labels came from.',
	dataset: { sample: 'loans', note: '2,000 applicants (synthetic), approved / declined, with sex' },
	figure: { source: { kind: 'metric', node: 'metrics-1', metric: 'accuracy' }, name: 'test accuracy', min: 0.7, max: 0.8 },
	build(b) {
		const data = b.add('io.dataset', '1 · Past loan decisions: 2,000', { sample: 'loans' });
		b.add('explore.target-relations', 'Approval by sex in the labels themselves', { target: 'decision', columns: ['sex', 'income', 'employment'] }, { data: data.out('data') });
		const split = b.add('split.train-test', '2 · Split, stratified on the decision', { target: 'decision' }, { data: data.out('data') });
		const model = b.add(
			'model.gbdt',
			'3 · Gradient-boosted trees, not shown sex',
			{ features: ['age', 'income', 'debt_ratio', 'credit_history_years', 'employment'] },
			{ data: split.out('data') }
		);
		b.add('evaluate.metrics', '4 · Test accuracy', {}, { model: model.out('model'), data: split.out('data') });
		b.add(
			'evaluate.fairness',
			'5 · Audit by sex on test rows: approval and error rates',
			{ rows: 'test', sensitive: 'sex', positive: 'approved' },
			{ model: model.out('model'), data: split.out('data') }
		);
	}
};

/** The gallery, in the order the cards show. */
export const TEMPLATES: readonly Template[] = [churn, fraud, demand, houses, segmentation, anomaly, digits, text, fairness];

export function templateById(id: string): Template | undefined {
	return TEMPLATES.find((t) => t.id === id);
}

/**
 * The template's pipeline file in the repository's templates/ folder, written from `build` by
 * scripts/write-templates.ts (src/cli/templates.test.ts fails when the two differ), so
 * `tessera run templates/churn.tessera.json` runs what the gallery opens.
 */
export function templateFileName(template: Template): string {
	return `${template.id}.tessera.json`;
}
