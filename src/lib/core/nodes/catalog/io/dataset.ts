import { datasetOf } from '../../dataset';
import { defineNode, type DataSourceRef } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { NotConfiguredError } from '../../errors';

export const SAMPLES = [
	'penguins',
	'iris',
	'seattle-weather',
	'wine',
	'diabetes',
	'digits',
	'reviews',
	// Synthetic, for the templates gallery (scripts/make-template-data.mjs).
	'churn',
	'transactions',
	'store-sales',
	'houses',
	'customers',
	'sensors',
	'loans'
] as const;

/** The bundled file of a sample (under static/samples): images come as a zip of class folders. */
export function sampleFileName(name: string): string {
	return name === 'digits' ? 'digits.zip' : `${name}.csv`;
}

function sourceRef(params: ParamValues & { readonly sample: string }): DataSourceRef {
	if (params.source === 'stored') {
		const name = String(params.name ?? '');
		if (!name) throw new NotConfiguredError('choose a dataset: upload a CSV or pick a sample');
		return { kind: 'stored', name, hash: String(params.hash ?? '') };
	}
	return { kind: 'sample', name: params.sample };
}

export default defineNode({
	type: 'io.dataset',
	version: 1,
	category: 'io',
	title: 'Dataset',
	description: 'A bundled sample or a CSV file you uploaded. Everything downstream starts here.',
	inputs: {},
	outputs: { data: port.dataset('data') },
	params: {
		source: p.choice(['sample', 'stored'], { default: 'sample', label: 'Source', help: 'A bundled sample or an uploaded file' }),
		sample: p.choice(SAMPLES, {
			default: 'penguins',
			label: 'Sample',
			help: 'A dataset bundled with the app (works offline): penguins, iris and wine for classification, diabetes for regression, seattle-weather for dates, digits (8×8 handwritten digit images) for the image classifier, reviews (short texts, synthetic) for text classification; churn, transactions, store-sales, houses, customers, sensors and loans are synthetic data for the templates'
		}),
		name: p.string({ default: '', label: 'Uploaded dataset', help: 'Name of the uploaded dataset' }),
		hash: p.string({
			default: '',
			label: 'Content hash',
			help: 'Fingerprint of the uploaded file; checked when the pipeline is opened elsewhere'
		})
	},
	source: sourceRef,
	run: async (_inputs, params, ctx) => {
		const loaded = await ctx.loadSource(sourceRef(params));
		return { data: datasetOf(loaded.frame, loaded.hash) };
	}
});
