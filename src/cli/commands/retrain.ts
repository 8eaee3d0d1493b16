/**
 * `tessera retrain pipeline.json --data name=new.csv --registry dir`: the pipeline run again on
 * new data; its model (the challenger) and the registry's active version (the champion) scored
 * on the same held-out rows of the new data; the challenger registered as the next version,
 * with its model file and card in the folder, and promoted only when the gate says so
 * (core/lifecycle/promotion.ts). The decision, both scores and the rows are printed and kept
 * in the index's history.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { heldOutRows, scoreHeldOut } from '../../lib/core/lifecycle/held-out';
import {
	metricValue,
	PROMOTION_METRICS,
	promotionDecision,
	resolveMetric,
	type ChampionScore,
	type PromotionMetric
} from '../../lib/core/lifecycle/promotion';
import {
	nextVersion,
	promoteVersion,
	registerVersion,
	type DecisionRecord,
	type RegistryIndex
} from '../../lib/core/lifecycle/registry-index';
import { modelOf } from '../../lib/core/model-file/build';
import { MODEL_FILE_EXTENSION, readModelFile, writeModelFile } from '../../lib/core/model-file/format';
import { modelFileFromRun, trainedModel } from '../../lib/core/model-file/from-run';
import type { Metrics } from '../../lib/core/nodes/ports';
import type { Registry } from '../../lib/core/nodes/registry';
import { flatMetrics } from '../../lib/core/nodes/validation';
import { oneOf, parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { cardFileName, refreshCards, segmentTables, writeCard } from '../model-cards';
import { modelNodes } from '../model-files';
import { readRegistryIndex, updateRegistryIndex, versionPath } from '../registry-dir';
import { openPipeline, runDocument } from './run';
import type { CommandOutput } from './types';

export const RETRAIN_USAGE =
	'usage: tessera retrain <pipeline.json> --data <dataset-name>=<new.csv> [--registry dir] [--name model] [--node id] [--metric auto|accuracy|…|rmse|mae] [--min-gain 0] [--limitations text] [--json]';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** A model name that is also a safe file-name prefix in the registry folder. */
export function checkRegistryName(name: string): string {
	if (!NAME.test(name))
		throw new UsageError(`--name "${name}": use letters, digits, ".", "_" and "-" (it names the files in the registry folder)`);
	return name;
}

export async function retrainCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('retrain'));
	const [pipelineFile, ...extra] = args.positional;
	if (!pipelineFile || extra.length) throw new UsageError(RETRAIN_USAGE);
	if (!(args.lists.get('data') ?? []).length) throw new UsageError(`--data is required: the new data to retrain on\n${RETRAIN_USAGE}`);
	const dir = stringFlag(args, 'registry') ?? '.';
	const metricFlag = oneOf('metric', stringFlag(args, 'metric') ?? 'auto', ['auto', ...PROMOTION_METRICS]) as PromotionMetric | 'auto';
	const gainText = stringFlag(args, 'min-gain') ?? '0';
	const minGain = Number(gainText);
	if (!Number.isFinite(minGain) || minGain < 0) throw new UsageError(`--min-gain must be a number of 0 or more, got "${gainText}"`);
	const actor = stringFlag(args, 'actor') ?? 'tessera retrain';
	const limitations = stringFlag(args, 'limitations');

	const before = await readRegistryIndex(dir, true).catch((e: Error) => {
		throw new UsageError(e.message);
	});
	const models = Object.keys(before.models);
	const name = checkRegistryName(
		stringFlag(args, 'name') ?? (models.length === 1 ? models[0] : basename(pipelineFile).replace(/(\.tessera)?\.json$/, ''))
	);

	const { doc, host, backend, warnings } = await openPipeline(pipelineFile, args, registry, true);
	const candidates = doc.nodes.filter((n) => registry.get(n.type)?.outputs.model);
	const wanted = stringFlag(args, 'node');
	const node = wanted ? doc.nodes.find((n) => n.id === wanted || n.label === wanted) : candidates.length === 1 ? candidates[0] : undefined;
	if (!node || !registry.get(node.type)?.outputs.model)
		throw new UsageError(
			wanted
				? `--node: the pipeline has no model node "${wanted}" (its model nodes: ${modelNodes(doc, registry) || 'none'})`
				: `the pipeline has ${candidates.length} model nodes; choose one with --node (${modelNodes(doc, registry) || 'none'})`
		);

	const { errors, outputs } = await runDocument(doc, registry, host, backend);
	if (errors[node.id]) return failed(`the model node ${node.id} failed: ${errors[node.id]}`, warnings);
	const { model: challenger } = trainedModel(doc, outputs, node.id);
	let metric: PromotionMetric;
	try {
		metric = resolveMetric(metricFlag, challenger.task);
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const held = heldOutRows(doc, outputs, node.id);
	const challengerMetrics = await scoreHeldOut(registry, challenger, held);
	const challengerScore = metricValue(challengerMetrics, metric);

	// The champion: the version the registry serves, scored by its own recipe on the same rows.
	const entry = before.models[name];
	let champion: ChampionScore = { kind: 'none' };
	let championMetrics: Metrics | null = null;
	if (entry) {
		const version = entry.active;
		try {
			const { file } = await readModelFile(new Uint8Array(await readFile(versionPath(dir, entry.versions[version].file))));
			const model = modelOf(file);
			if (model.task !== challenger.task || model.target !== challenger.target)
				throw new Error(`it predicts ${model.task} of "${model.target}", the new model ${challenger.task} of "${challenger.target}"`);
			championMetrics = await scoreHeldOut(registry, model, held);
			champion = { kind: 'scored', version, score: metricValue(championMetrics, metric) };
		} catch (e) {
			champion = { kind: 'unscorable', version, message: e instanceof Error ? e.message : String(e) };
		}
	}
	const decision = promotionDecision({ metric, challenger: challengerScore, champion, minGain });
	const rows = { role: held.role, count: held.rows.length };
	const record: DecisionRecord = {
		metric,
		direction: decision.direction,
		challenger: Number.isFinite(challengerScore) ? challengerScore : null,
		champion: decision.champion,
		championVersion: champion.kind === 'none' ? null : champion.version,
		minGain,
		rows,
		promoted: decision.promote
	};

	// Register: the model file first, then the index (a reader never sees a version without its file).
	const version = nextVersion(entry);
	const fileName = `${name}-${version}${MODEL_FILE_EXTENSION}`;
	const data = await Promise.all(
		doc.nodes
			.map((n) => registry.get(n.type)?.source?.(n.params))
			.filter((ref) => ref?.kind === 'stored')
			.map(async (ref) => {
				const loaded = await host.loadSource(ref!);
				return { name: loaded.name, hash: loaded.hash, rows: loaded.frame.rowCount };
			})
	);
	const built = await modelFileFromRun(doc, outputs, node.id, name, data);
	const file = { ...built, registry: { name, version: Number(version) } };
	const bytes = await writeModelFile(file);
	await mkdir(dir, { recursive: true });
	await writeFile(join(dir, fileName), bytes);
	const { contentHash } = await readModelFile(bytes);
	const stamp = { at: new Date().toISOString(), actor, reason: decision.message };
	const after: RegistryIndex = await updateRegistryIndex(
		dir,
		(index) => {
			let next = registerVersion(
				index,
				name,
				version,
				{
					file: fileName,
					contentHash,
					metrics: flatMetrics(challengerMetrics),
					card: cardFileName(name, version),
					...(limitations ? { limitations } : {})
				},
				stamp,
				record
			);
			// The scores go with the registration (where the gate judged); the promotion names its reason.
			if (decision.promote) next = promoteVersion(next, name, version, stamp);
			return next;
		},
		true
	);
	const card = await writeCard(dir, file, after, name, version, segmentTables(doc, outputs, node.id));
	// The version it replaced has a new line in its history too.
	if (decision.promote && entry) await refreshCards(dir, after, name, [entry.active]);
	const active = after.models[name].active;

	const score = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : String(Number(x.toPrecision(6))));
	const lines = [
		...warnings.map((w) => `warning: ${w}`),
		`${name}: version ${version} trained by ${node.id} (${challenger.family}) and registered as ${join(dir, fileName)}`,
		`held-out rows: ${rows.count} ${rows.role} rows of the new data, both models scored on them`,
		`${metric} (${decision.direction === 'max' ? 'higher' : 'lower'} is better): new ${score(challengerScore)}` +
			(champion.kind === 'scored'
				? `, version ${champion.version} ${score(champion.score)}`
				: champion.kind === 'unscorable'
					? `, version ${champion.version} could not score them`
					: ', no version served before'),
		decision.message,
		`now serving ${name}@${active}; model card ${card}`
	];
	return {
		json: {
			command: 'retrain',
			registry: dir,
			name,
			version,
			file: join(dir, fileName),
			card,
			node: node.id,
			metric,
			direction: decision.direction,
			rows,
			challenger: { score: record.challenger, metrics: challengerMetrics },
			champion:
				champion.kind === 'none'
					? null
					: {
							version: champion.version,
							score: decision.champion,
							metrics: championMetrics,
							...(champion.kind === 'unscorable' ? { error: champion.message } : {})
						},
			decision: { promoted: decision.promote, reason: decision.reason, gain: decision.gain, minGain, message: decision.message },
			active,
			warnings,
			errors
		},
		text: lines.join('\n'),
		exitCode: 0
	};
}

function failed(message: string, warnings: readonly string[]): CommandOutput {
	return {
		json: { command: 'retrain', error: message, warnings },
		text: [...warnings.map((w) => `warning: ${w}`), `tessera retrain: ${message}; nothing registered`].join('\n'),
		exitCode: 1
	};
}
