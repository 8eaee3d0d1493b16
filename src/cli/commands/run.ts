import { readFile } from 'node:fs/promises';
import { parseDocument } from '../../lib/core/doc/serialise';
import { BundleError, looksLikeZip, unpackBundle, type UnpackedBundle } from '../../lib/core/bundle';
import type { PipelineDocument } from '../../lib/core/doc/types';
import { OutputCache } from '../../lib/core/engine/cache';
import { runPipeline, type EngineHost, type RunResult } from '../../lib/core/engine/run';
import { cliComputePool } from '../compute-threads';
import type { BackendChoice } from '../../lib/core/nodes/define';
import type { MetricsValue } from '../../lib/core/nodes/ports';
import type { Registry } from '../../lib/core/nodes/registry';
import { parseArgs, stringFlag, UsageError } from '../args';
import { BACKENDS, optionsOf } from '../command-specs';
import { formatMetrics } from '../format';
import { createNodeHost } from '../host';
import { readerChoices } from '../files';
import type { CommandOutput } from './types';
import { modelFileFromRun } from '../../lib/core/model-file/from-run';
import { describeSaved, modelFileName, modelNodes, parseSaveModel, saveModelFile, type SavedModelFile } from '../model-files';

export interface Evaluation {
	node: string;
	label: string;
	model: string;
	backend: string;
	validation: MetricsValue['validation'];
	test: MetricsValue['test'];
}

/** Run a document headless and collect every Evaluate node's metrics. */
export async function runDocument(
	doc: PipelineDocument,
	registry: Registry,
	host: EngineHost,
	backend: BackendChoice,
	onProgress?: (line: string) => void
): Promise<{
	evaluations: Evaluation[];
	errors: Record<string, string>;
	outputs: RunResult['outputs'];
	/** 2 when a node refused its data (DataError: the person's input), else 1; for a run with errors. */
	failureCode: 1 | 2;
}> {
	const result = await runPipeline({
		doc,
		registry,
		cache: new OutputCache(),
		host: host.compute ? host : { ...host, compute: cliComputePool() },
		backend,
		onEvent: (e) => {
			if (e.type === 'started' || e.type === 'error')
				onProgress?.(`${e.type === 'error' ? '✗' : '…'} ${e.node}${e.type === 'error' ? `: ${e.message}` : ''}`);
		}
	});
	const evaluations: Evaluation[] = [];
	for (const node of doc.nodes) {
		const out = result.outputs.get(node.id);
		for (const value of Object.values(out ?? {})) {
			if (value.kind !== 'metrics') continue;
			evaluations.push({
				node: node.id,
				label: node.label ?? registry.get(node.type)?.title ?? node.type,
				model: value.model,
				backend: value.backend,
				validation: value.validation,
				test: value.test
			});
		}
	}
	return {
		evaluations,
		errors: Object.fromEntries(result.errors),
		outputs: result.outputs,
		failureCode: result.badData.size > 0 ? 2 : 1
	};
}

export function describeEvaluations(evaluations: readonly Evaluation[]): string {
	return evaluations
		.map((e) =>
			[
				`${e.label} [${e.node}] — ${e.model} on ${e.backend}`,
				formatMetrics('validation', e.validation),
				formatMetrics('test', e.test)
			].join('\n')
		)
		.join('\n\n');
}

export function parseBackend(value: string | undefined): BackendChoice {
	const b = value ?? 'auto';
	if (!(BACKENDS as readonly string[]).includes(b))
		throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')} in the command line`);
	return b as BackendChoice;
}

export interface OpenedPipeline {
	readonly doc: PipelineDocument;
	readonly host: EngineHost;
	readonly backend: BackendChoice;
	readonly warnings: readonly string[];
}

/**
 * Reads a pipeline file and its data the way `run` does (--data, reading options, backend),
 * loading every source first so a missing or different data file is bad input (exit 2).
 */
export async function openPipeline(
	file: string,
	args: ReturnType<typeof parseArgs>,
	registry: Registry,
	/** The --data files are new data (tessera retrain): a content hash other than the pipeline's is expected. */
	newData = false
): Promise<OpenedPipeline> {
	const files = new Map<string, string>();
	for (const spec of args.lists.get('data') ?? []) {
		const eq = spec.indexOf('=');
		if (eq <= 0) throw new UsageError(`--data needs <dataset-name>=<file>, got "${spec}"`);
		files.set(spec.slice(0, eq), spec.slice(eq + 1));
	}
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await readFile(file));
	} catch {
		throw new UsageError(`cannot read "${file}": no such file`);
	}
	// A share bundle (a zip) carries its datasets; a pipeline file is JSON text.
	const bundle = looksLikeZip(bytes) ? await openBundle(file, bytes, registry) : null;
	const parsed = bundle ? { ok: true as const, ...bundle } : parseDocument(new TextDecoder().decode(bytes), registry);
	if (!parsed.ok) throw new UsageError(`${file} cannot be opened:\n  ${parsed.errors.join('\n  ')}`);
	if (parsed.readOnly)
		throw new UsageError(`${file} was made by a newer version of Tessera and cannot be run here:\n  ${parsed.warnings.join('\n  ')}`);
	const backend = parseBackend(stringFlag(args, 'backend'));
	// --data may name the dataset, or the Dataset node by its label or id.
	for (const node of parsed.doc.nodes) {
		const ref = registry.get(node.type)?.source?.(node.params);
		if (ref?.kind !== 'stored' || files.has(ref.name)) continue;
		const path = (node.label && files.get(node.label)) || files.get(node.id);
		if (path) files.set(ref.name, path);
	}
	const notes: string[] = [];
	const host = createNodeHost(
		files,
		readerChoices({
			encoding: stringFlag(args, 'encoding'),
			delimiter: stringFlag(args, 'delimiter'),
			decimal: stringFlag(args, 'decimal')
		}),
		newData,
		bundle?.datasets,
		file,
		(n) => notes.push(n)
	);
	for (const node of parsed.doc.nodes) {
		const ref = registry.get(node.type)?.source?.(node.params);
		if (ref) await host.loadSource(ref);
	}
	return { doc: parsed.doc, host, backend, warnings: [...parsed.warnings, ...notes] };
}

async function openBundle(file: string, bytes: Uint8Array, registry: Registry): Promise<UnpackedBundle> {
	try {
		return await unpackBundle(bytes, registry);
	} catch (e) {
		if (e instanceof BundleError) throw new UsageError(`${file} cannot be opened: ${e.message}`);
		throw e;
	}
}

export async function runCommand(argv: readonly string[], registry: Registry): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('run'));
	const [file, ...extra] = args.positional;
	if (!file || extra.length)
		throw new UsageError(
			'usage: tessera run <pipeline.json | bundle.zip> [--data <dataset-name>=<file.csv>] [--save-model <node-id>=<file.tessera-model>] [--encoding E] [--delimiter D] [--decimal . or ,] [--json]'
		);
	const saves = (args.lists.get('save-model') ?? []).map(parseSaveModel);
	const { doc, host, backend, warnings } = await openPipeline(file, args, registry);
	for (const s of saves)
		if (!doc.nodes.some((n) => n.id === s.node || n.label === s.node))
			throw new UsageError(`--save-model: the pipeline has no node "${s.node}" (its model nodes: ${modelNodes(doc, registry) || 'none'})`);
	const { evaluations, errors, outputs, failureCode } = await runDocument(doc, registry, host, backend);
	const saved: SavedModelFile[] = [];
	for (const s of saves) saved.push(await saveModelFile(s.path, await modelFileFromRun(doc, outputs, s.node, modelFileName(doc, s.path))));
	const failed = Object.keys(errors).length > 0;
	const lines = [
		...warnings.map((w) => `warning: ${w}`),
		evaluations.length ? describeEvaluations(evaluations) : 'The pipeline has no Evaluate node with results.',
		...Object.entries(errors).map(([node, message]) => `error in ${node}: ${message}`),
		...saved.map(describeSaved)
	];
	return {
		json: { command: 'run', pipeline: doc.meta.name, warnings, evaluations, errors, savedModels: saved },
		text: lines.join('\n'),
		exitCode: failed ? failureCode : 0
	};
}
