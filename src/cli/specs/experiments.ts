/** Experiments on a pipeline or a data file: cv, tune, compare. */
import { COMPARED_FAMILIES } from '../../lib/core/nodes/catalog/evaluate/compare-models';
import { schemaChoices } from '../args';
import { PIPELINE_OPTIONS, seed, task, type CommandSpec } from './common';

/** The Compare models node, whose schema lists compare's choices. */
const COMPARE = 'evaluate.compare-models';

export const EXPERIMENT_SPECS: readonly CommandSpec[] = [
	{
		name: 'cv',
		args: '<pipeline.json>',
		summary: 'cross-validate every model node that follows a Split, its whole recipe refitted per fold',
		options: [
			{ name: 'folds', value: 'K', default: '5', help: 'number of folds, 2 to 50' },
			{
				name: 'scheme',
				value: 'scheme',
				choices: (r) => schemaChoices(r, 'evaluate.cross-validate', 'scheme'),
				default: 'stratified',
				help: 'how rows are dealt into folds'
			},
			{ name: 'group', value: 'column', help: 'the group column of the grouped scheme' },
			seed,
			task,
			...PIPELINE_OPTIONS
		],
		examples: ['tessera cv penguins.tessera.json --folds 10', 'tessera cv visits.tessera.json --scheme grouped --group patient --json']
	},
	{
		name: 'tune',
		args: '<pipeline.json>',
		summary: 'search the settings of every model node that follows a Split, as the Tune node',
		options: [
			{ name: 'workers', value: 'N', default: '1', help: 'trials side by side in N worker threads (same results), 1 to 32' },
			{ name: 'node', value: 'id', help: 'tune only this model node (default: every one after a Split)' },
			{
				name: 'strategy',
				value: 'strategy',
				choices: (r) => schemaChoices(r, 'evaluate.tune', 'strategy'),
				default: 'tpe',
				help: 'search strategy'
			},
			{ name: 'trials', value: 'N', default: '20', help: 'number of trials, 1 to 500' },
			{
				name: 'metric',
				value: 'metric',
				choices: (r) => schemaChoices(r, 'evaluate.tune', 'metric'),
				default: 'auto',
				help: 'the figure to optimise'
			},
			{
				name: 'folds',
				value: 'K',
				default: '0',
				help: 'k-fold CV of the non-test rows per trial, 2 to 20; 0 scores on the validation rows'
			},
			{
				name: 'space',
				value: 'ranges',
				help: "search space in the inspector's text form, ;-separated (default: the model's ranges)"
			},
			{ name: 'space-file', value: 'file', help: 'read the search space from a file' },
			seed,
			task,
			{ name: 'write', value: 'tuned.json', help: 'save the pipeline with the best settings on each model node' },
			...PIPELINE_OPTIONS
		],
		examples: [
			'tessera tune penguins.tessera.json --trials 40 --workers 4',
			'tessera tune prices.tessera.json --strategy random --space "learningRate: 0.01 .. 0.3 log; maxDepth: 2 .. 8 int" --write tuned.json'
		]
	},
	{
		name: 'compare',
		args: '<data.csv> --target <column> | <pipeline.json>',
		summary: 'a leaderboard: every model family on the same folds (or the Compare models nodes of a pipeline file)',
		options: [
			{ name: 'target', value: 'column', help: 'the column to predict (a data file; required there)' },
			{
				name: 'task',
				value: 'task',
				choices: (r) => schemaChoices(r, COMPARE, 'task'),
				default: 'auto',
				help: 'what is learned (auto: inferred from the target)'
			},
			{
				name: 'families',
				value: 'a,b',
				help: `the families compared, comma-separated, of ${COMPARED_FAMILIES.join(', ')} (default: all that learn the task)`
			},
			{ name: 'folds', value: 'K', default: '5', help: 'folds of the non-test rows, 2 to 20; 0 scores on the validation rows' },
			{
				name: 'metric',
				value: 'metric',
				choices: (r) => schemaChoices(r, COMPARE, 'metric'),
				default: 'auto',
				help: 'the figure the leaderboard is ranked by'
			},
			{
				name: 'prepare',
				value: 'prepare',
				choices: (r) => schemaChoices(r, COMPARE, 'prepare'),
				default: 'standard',
				help: 'standard: missing values, one-hot and scaling refitted per fold'
			},
			seed,
			{ name: 'workers', value: 'N', default: '1', help: 'families trained side by side in N worker threads, 1 to 32' },
			...PIPELINE_OPTIONS
		],
		examples: [
			'tessera compare static/samples/wine.csv --target cultivar',
			'tessera compare prices.csv --target price --families linear,forest,gbdt --folds 10 --metric mae --workers 4 --json',
			'tessera compare experiment.tessera.json --data prices=prices.csv'
		],
		more: "--target, --task, --families, --folds, --metric, --prepare and --seed are for a data file: a pipeline file's Compare models nodes keep their own settings."
	}
];
