/** Looking at data and running pipelines: profile, train, run, bundle, workspace. */
import { MODEL_FAMILY_NAMES } from '../../lib/core/nodes/templates/quick-model';
import { backend, data, json, PIPELINE_OPTIONS, READING_OPTIONS, task, type CommandSpec } from './common';

export const DATA_AND_PIPELINE_SPECS: readonly CommandSpec[] = [
	{
		name: 'profile',
		args: '<file.csv>',
		summary: 'column profile, correlations and data-quality warnings of a data file',
		options: [{ name: 'target', value: 'column', help: 'the column to be predicted: adds the leakage check to the warnings' }, json],
		examples: ['tessera profile static/samples/penguins.csv', 'tessera profile data.csv --target price --json']
	},
	{
		name: 'train',
		args: '<file.csv> --target <column>',
		summary: 'build and run the Quick-model pipeline on a data file; print validation and test metrics',
		options: [
			{ name: 'target', value: 'column', help: 'the column to predict (required)' },
			task,
			{
				name: 'model',
				value: 'family',
				choices: () => MODEL_FAMILY_NAMES,
				default: 'auto',
				help: 'model family; auto is gradient-boosted trees'
			},
			{ name: 'seed', value: 'N', help: "random seed (default: the new pipeline's seed)" },
			{ name: 'export', value: 'pipeline.json', help: 'write the pipeline file the studio opens' },
			{ name: 'save-model', value: 'm.tessera-model', repeatable: true, help: 'write the trained model as a model file' },
			backend,
			...READING_OPTIONS,
			json
		],
		examples: [
			'tessera train static/samples/penguins.csv --target Species',
			'tessera train data.csv --target price --model forest --seed 7 --export price.tessera.json --save-model price.tessera-model'
		]
	},
	{
		name: 'run',
		args: '<pipeline.json|bundle.zip>',
		summary: "run a pipeline file or a share bundle (its data inside: no --data); print every Evaluate node's metrics",
		options: [
			{
				name: 'save-model',
				value: 'node=m.tessera-model',
				repeatable: true,
				help: "write that model node's trained model as a model file; repeatable"
			},
			...PIPELINE_OPTIONS
		],
		examples: [
			'tessera run penguins.tessera.json',
			'tessera run churn-bundle.zip',
			'tessera run prices.tessera.json --data prices=prices.csv --decimal , --save-model gbdt-1=prices.tessera-model'
		],
		more: 'A share bundle (Export → Pipeline with data in the studio) is a zip holding the pipeline and its datasets as CSV, each checked against the content hash its manifest and the pipeline record; --data still overrides a dataset by name.'
	},
	{
		name: 'bundle',
		args: '<pipeline.json> --out <bundle.zip>',
		summary: 'pack a pipeline file and its data files into one share bundle (a zip), as the studio exports it',
		options: [{ name: 'out', value: 'bundle.zip', help: 'where to write the bundle (required)' }, data, ...READING_OPTIONS, json],
		examples: ['tessera bundle churn.tessera.json --data churn=churn.csv --out churn-bundle.zip'],
		more: 'Each --data file is checked against the content hash the pipeline records, then written into the bundle as CSV with the hash an upload of that CSV gets; the bundled pipeline names those hashes.'
	},
	{
		name: 'workspace',
		args: '<backup.zip>',
		summary: "list a workspace backup's projects, datasets, experiments and models (the studio's Export workspace), every entry checked",
		options: [json],
		examples: ['tessera workspace tessera-workspace-2026-12-07.zip'],
		more: "Every entry is checked against the SHA-256 the manifest records and each dataset against its column layout; a damaged or foreign file exits 2 with the reason. Import the file on the studio's projects page."
	}
];
