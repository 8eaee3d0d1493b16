/** What is done with a model file: model, onnx, predict, predictor. */
import { json, READING_OPTIONS, type CommandSpec } from './common';

const PREDICT_MORE = `Output columns: the id (or row), prediction, p(<class>)… with --proba, error.

Each row is read with the kinds the model was trained on (its input schema), never guessed
from the new file. A row that does not fit — a required column missing from the file, text in
a number column, a date or boolean that does not parse, or a row the model's recipe refuses —
gets an empty prediction and an error naming the column and the problem; the other rows are
scored as usual. Missing values are not errors: they go through the recipe's imputers, or the
model's own handling of missing values, as in the studio.

Categories never seen in training are scored as the studio's fitted encoder does: one-hot
encoding gives all zeros (or the "(other)" column when it is on), the ordinal encoder its
"missing or unseen" code, target and frequency encoding their fallback (the prior, a zero
count), and trees that split on categories natively treat them as missing. They are counted
in the --json summary (unseenCategories), not reported as errors.

Predictions equal the studio's Predict node and tessera run on the same rows, bit for bit.
Numbers are written with full precision (shortest round-trip text).

exit status: 0 scored (rows with errors included, unless --strict), 2 bad usage, an unreadable
model or data file, or with --strict a row that cannot be scored`;

export const MODEL_FILE_SPECS: readonly CommandSpec[] = [
	{
		name: 'model',
		args: '<m.tessera-model>',
		summary: 'what a model file holds: input schema, task, metrics, version, size',
		options: [json],
		examples: ['tessera model penguins.tessera-model', 'tessera model penguins.tessera-model --json']
	},
	{
		name: 'onnx',
		args: '<m.tessera-model>',
		summary: 'the recipe and model as one ONNX graph (ONNX Runtime, KServe, Triton)',
		options: [{ name: 'out', value: 'm.onnx', help: "where to write it (default: the model file's name with .onnx)" }, json],
		examples: ['tessera onnx penguins.tessera-model', 'tessera onnx penguins.tessera-model --out serve/model.onnx --json']
	},
	{
		name: 'predict',
		args: '<m.tessera-model> <data.csv|tsv|json|ndjson|parquet|arrow>',
		summary: 'batch scoring of a data file, streamed in batches of rows',
		options: [
			{ name: 'out', value: 'file', help: 'write the predictions there (.csv, .tsv, .parquet, .ndjson) (default: CSV on stdout)' },
			{ name: 'proba', help: 'add one p(<class>) column per class (classifiers)' },
			{ name: 'id', value: 'column', help: 'start each output row with this input column (default: a 1-based "row" number)' },
			{ name: 'strict', help: 'stop at the first row that cannot be scored: exit 2 with its line and the problem' },
			{ name: 'json', help: 'after writing --out, print a summary (rows, errors by column and problem, speed)' },
			{ name: 'batch-rows', value: 'N', default: '32768', help: 'rows per batch (the results do not depend on it)' },
			{
				name: 'threads',
				value: 'N',
				help: 'worker threads that score batches while this one reads and writes, and scores a batch itself when every thread is busy (default: one per core beyond the first, at most 4, for files over 16 MB; else 0: score here)'
			},
			...READING_OPTIONS
		],
		examples: [
			'tessera predict penguins.tessera-model new.csv > preds.csv',
			'tessera predict penguins.tessera-model new.parquet --out preds.parquet --proba --id id --json'
		],
		more: PREDICT_MORE
	},
	{
		name: 'predictor',
		args: '<m.tessera-model> --out <page.html>',
		summary: 'one offline HTML page: a form and CSV scoring for the model',
		options: [{ name: 'out', value: 'page.html', help: 'where to write the page (required)' }, json],
		examples: ['tessera predictor penguins.tessera-model --out penguins.html']
	}
];
