import type { PipelineDocument } from '../doc/types';
import type { BundleDataset } from './format';
import { PIPELINE_PATH } from './format';

/** The README.txt a recipient finds in the bundle: what it is, and the two ways to use it. */
export function bundleReadme(doc: PipelineDocument, datasets: readonly BundleDataset[]): string {
	const list = datasets.length
		? datasets.map((d) => `  - ${d.path}: "${d.name}", ${d.rows} rows, content hash ${d.hash}`).join('\n')
		: '  (none: the pipeline reads only the samples that ship with Tessera)';
	return [
		`Tessera share bundle: "${doc.meta.name}"`,
		'',
		'This archive holds a Tessera pipeline and the data it was built on, so it runs as it ran',
		'for whoever sent it.',
		'',
		`  - ${PIPELINE_PATH}: the pipeline file`,
		"  - manifest.json: what the bundle holds, with each dataset's content hash",
		'  - the datasets, as CSV:',
		list,
		'',
		'Open it in the studio: on the Projects page press "Open pipeline or bundle…" and choose this',
		'.zip (or drop it onto the page). A new project opens with its data stored in your browser,',
		'ready to run: press "Run all".',
		'',
		'Run it headless:',
		'',
		'  tessera run bundle.zip',
		'',
		'(no --data needed: the datasets come from the archive; add --json for a machine-readable',
		'report).',
		''
	].join('\n');
}
