/** The model registry: retrain, promote, rollback, card. */
import { PROMOTION_METRICS } from '../../lib/core/lifecycle/promotion';
import { actor, backend, data, json, reason, READING_OPTIONS, type CommandSpec } from './common';

export const REGISTRY_SPECS: readonly CommandSpec[] = [
	{
		name: 'retrain',
		args: '<pipeline.json> --data <dataset-name>=<new.csv>',
		summary: 'retrain, score against the served version, register, promote if better',
		options: [
			{ ...data, help: 'the new data for a dataset of the pipeline (required); repeatable' },
			{ name: 'registry', value: 'dir', default: '.', help: 'the registry folder' },
			{ name: 'name', value: 'model', help: "the model's name in the registry (default: its one model, else the pipeline's file name)" },
			{ name: 'node', value: 'id', help: 'the model node to retrain (default: the only one)' },
			{
				name: 'metric',
				value: 'metric',
				choices: () => ['auto', ...PROMOTION_METRICS],
				default: 'auto',
				help: 'the figure the new and served versions are compared on'
			},
			{ name: 'min-gain', value: 'X', default: '0', help: 'promote only when better by more than this' },
			{ name: 'limitations', value: 'text', help: "the model card's limitations" },
			actor,
			backend,
			...READING_OPTIONS,
			json
		],
		examples: [
			'tessera retrain penguins.tessera.json --data penguins=penguins-2026.csv --registry registry/',
			'tessera retrain prices.tessera.json --data prices=new.csv --registry registry/ --metric rmse --min-gain 0.5 --json'
		]
	},
	{
		name: 'promote',
		args: '<registry-dir> <name> <version>',
		summary: 'make a version the one served',
		options: [reason, actor, json],
		examples: ['tessera promote registry/ penguins 3 --reason "beats v2 on the spring data"']
	},
	{
		name: 'rollback',
		args: '<registry-dir> <name>',
		summary: 'restore the version served before',
		options: [
			{ name: 'to', value: 'version', help: 'go to this version (default: the one the active version replaced)' },
			reason,
			actor,
			json
		],
		examples: ['tessera rollback registry/ penguins', 'tessera rollback registry/ penguins --to 1 --reason "v3 misreads Dream"']
	},
	{
		name: 'card',
		args: '<m.tessera-model> | <registry-dir> <name> <version>',
		summary: 'a model card (Markdown)',
		options: [
			{ name: 'limitations', value: 'text', help: 'the limitations section (kept with a registry version)' },
			{ name: 'out', value: 'card.md', help: "where to write it (default: beside the model file, or the registry's card)" },
			json
		],
		examples: ['tessera card penguins.tessera-model', 'tessera card registry/ penguins 3 --limitations "Not for chinstraps"']
	}
];
