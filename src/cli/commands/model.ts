import { readFile } from 'node:fs/promises';
import { formatBytes } from '../../lib/core/doc/safe-json';
import { MODEL_FILE_FINGERPRINT_VERSION, ModelFileError, readModelFile, type ReadModelFile } from '../../lib/core/model-file/format';
import type { InputColumn } from '../../lib/core/model-file/input';
import type { Registry } from '../../lib/core/nodes/registry';
import { parseArgs, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { formatMetrics, table } from '../format';
import type { CommandOutput } from './types';
import { describeFingerprint } from '../../lib/core/util/fingerprint';

/** Read a model file given on the command line; any problem is bad input (exit 2) with the file's name. */
export async function openModelFile(path: string): Promise<ReadModelFile> {
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(path));
	} catch {
		throw new UsageError(`cannot read "${path}": no such file`);
	}
	try {
		return await readModelFile(bytes);
	} catch (e) {
		if (e instanceof ModelFileError) throw new UsageError(`${path}: ${e.message}`);
		throw e;
	}
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(6).replace(/\.?0+$/, ''));

/** One line about a column's expected values: levels, range or kind. */
function expects(c: InputColumn): string {
	if (c.levels) {
		const shown = c.levels.slice(0, 6).join(', ');
		return `${c.levels.length} levels: ${shown}${c.levels.length > 6 || c.levelsTruncated ? ', …' : ''}`;
	}
	if (c.range)
		return c.kind === 'date'
			? `${new Date(c.range[0]).toISOString().slice(0, 10)} .. ${new Date(c.range[1]).toISOString().slice(0, 10)}`
			: `${fmt(c.range[0])} .. ${fmt(c.range[1])}`;
	return '';
}

export async function modelCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('model'));
	const [path, ...extra] = args.positional;
	if (!path || extra.length) throw new UsageError('usage: tessera model <file.tessera-model> [--json]');
	const { file, contentHash, bytes, writtenVersion } = await openModelFile(path);
	const { model, input } = file;
	// Format 1 recorded the pipeline's hash as a 16-digit FNV checksum: recomputed on read, and said so.
	const older =
		writtenVersion < MODEL_FILE_FINGERPRINT_VERSION && file.pipeline
			? 'written by an older Tessera: the pipeline hash above was recomputed as SHA-256 from the pipeline it holds'
			: '';
	// Steps this app cannot replay are worth saying before anyone tries to score with it.
	const unknown = model.recipe.filter((s) => registry.get(s.type)?.version !== s.version).map((s) => `${s.type} v${s.version}`);
	const missingRate = (c: InputColumn) => {
		const r = c.reference;
		const total = r.count + r.missing;
		return total ? `${((100 * r.missing) / total).toFixed(1)}%` : '';
	};
	const text = [
		`${path}: ${file.name} — ${model.family} ${model.task} model of "${model.target}"`,
		`  format version ${writtenVersion}, written by Tessera ${file.tessera} on ${file.createdAt}; ${formatBytes(bytes)}; content hash ${contentHash}`,
		model.classes ? `  classes: ${model.classes.join(', ')}` : '',
		`  recipe: ${model.recipe.length ? model.recipe.map((s) => s.type).join(' → ') : '(none)'} → ${model.family} on ${model.features.length} features`,
		unknown.length ? `  warning: this Tessera cannot replay ${unknown.join(', ')}` : '',
		'',
		`input (${input.columns.length} columns; reference: ${input.rows} training rows):`,
		table(
			['column', 'kind', 'required', 'missing', 'expects'],
			input.columns.map((c) => [c.name, c.kind, c.required ? 'yes' : 'no', missingRate(c), expects(c)])
		),
		'',
		'metrics:',
		formatMetrics('validation', file.metrics.validation),
		formatMetrics('test', file.metrics.test),
		file.pipeline ? `\ntrained by node ${file.pipeline.node} of its pipeline (hash ${file.pipeline.hash})` : '',
		older ? `note: ${older}` : '',
		file.data.length
			? `data: ${file.data.map((d) => `${d.name} (${describeFingerprint(d.hash)}${d.rows !== undefined ? `, ${d.rows} rows` : ''})`).join(', ')}`
			: ''
	]
		.filter((l, i, all) => l !== '' || (all[i - 1] ?? '') !== '')
		.join('\n');
	return {
		json: {
			command: 'model',
			file: path,
			bytes,
			contentHash,
			format: file.format,
			version: writtenVersion,
			tessera: file.tessera,
			createdAt: file.createdAt,
			name: file.name,
			family: model.family,
			task: model.task,
			target: model.target,
			classes: model.classes,
			features: model.features,
			recipe: model.recipe.map((s) => ({ type: s.type, version: s.version })),
			input: input.columns.map((c) => ({
				name: c.name,
				kind: c.kind,
				required: c.required,
				...(c.levels ? { levels: c.levels } : {}),
				...(c.range ? { range: c.range } : {}),
				missing: c.reference.missing,
				count: c.reference.count
			})),
			referenceRows: input.rows,
			metrics: file.metrics,
			pipeline: file.pipeline ? { node: file.pipeline.node, hash: file.pipeline.hash } : null,
			data: file.data,
			registry: file.registry ?? null,
			warnings: [...unknown.map((u) => `this Tessera cannot replay ${u}`), ...(older ? [older] : [])]
		},
		text,
		exitCode: 0
	};
}
