import { transfer } from 'comlink';
import { createDocument } from '../src/lib/core/doc/create';
import { parseDocument } from '../src/lib/core/doc/serialise';
import { upgradeStoredDocument } from '../src/lib/core/doc/stored';
import type { PipelineDocument } from '../src/lib/core/doc/types';
import type { ModelExportIssues, ModelFileSummary, RegisteredModelVersion } from '../src/lib/core/engine/api';
import { buildModelFile, modelFileIssue, modelOf } from '../src/lib/core/model-file/build';
import { readModelFile, writeModelFile, type ModelFile } from '../src/lib/core/model-file/format';
import { modelFileFromRun, trainedModel } from '../src/lib/core/model-file/from-run';
import { metricsFor } from '../src/lib/core/nodes/catalog/evaluate/evaluate';
import type { NodeOutputs } from '../src/lib/core/nodes/define';
import { Role, type Metrics, type ModelValue } from '../src/lib/core/nodes/ports';
import type { Registry } from '../src/lib/core/nodes/registry';
import { flatMetrics } from '../src/lib/core/nodes/validation';
import { exportOnnx, onnxSupport } from '../src/lib/core/onnx/export';
import { predictorIssue } from '../src/lib/predictor/score';
import type { ModelEvaluation } from '../src/lib/persistence/db';
import { getVersion, listVersions, saveModelVersion } from '../src/lib/persistence/registry';

/**
 * Model files (issue 13) on the worker's side: the trained models live here, so the file is
 * built here and only its bytes cross to the page (transferred); an imported file is read
 * and checked here too, so the page never loads the reader.
 */

/** The model in a node's outputs, if it gave one. */
export const modelIn = (out: NodeOutputs | undefined): ModelValue | undefined =>
	Object.values(out ?? {}).find((v): v is ModelValue => v.kind === 'model');

/**
 * A model's figures on the validation and test rows of the data it was trained on (its `data`
 * input, as Evaluate and model files score it). Null where there are no such rows or the data is gone.
 */
export async function evaluationOf(
	doc: PipelineDocument,
	outputs: ReadonlyMap<string, NodeOutputs>,
	node: string,
	model: ModelValue
): Promise<ModelEvaluation> {
	let data;
	try {
		data = trainedModel(doc, outputs, node).data;
	} catch {
		// The figures are an extra on a registry version: their absence must not refuse the save.
		data = null;
	}
	if (!data?.roles) return { validation: null, test: null };
	return { validation: await metricsFor(model, data, Role.validation), test: await metricsFor(model, data, Role.test) };
}

/** `validation rmse`, `test accuracy`, … as the registry lists them; a malformed entry gives nothing. */
export function flatEvaluation(e: ModelEvaluation): Record<string, number> {
	const flat = (prefix: string, m: Metrics | null) => {
		if (!m || (m.task !== 'classification' && m.task !== 'regression')) return {};
		return Object.fromEntries(Object.entries(flatMetrics(m)).map(([k, v]) => [`${prefix} ${k}`, v]));
	};
	return { ...flat('validation', e.validation), ...flat('test', e.test) };
}

async function bytesOf(file: Blob): Promise<Uint8Array> {
	return new Uint8Array(await file.arrayBuffer());
}

/** The bytes go to the page without a copy: the worker does not keep them. */
const handOver = (bytes: Uint8Array): Uint8Array => transfer(bytes, [bytes.buffer as ArrayBuffer]);

export interface ModelFileApiDeps {
	readonly outputs: ReadonlyMap<string, NodeOutputs>;
	readonly registry: Registry;
	/** The pipeline as it was when the node last ran (not as edited since), if it ran this session. */
	readonly trainedIn: (node: string) => PipelineDocument | undefined;
	/** A node whose result is known only from storage: its model is not in memory. */
	readonly restored: (node: string) => boolean;
}

const RESTORED =
	'the trained model itself is not kept between sessions (this result is from an earlier run): press Run to here on this node first (it trains again)';

export function createModelFileApi(deps: ModelFileApiDeps) {
	const { outputs, registry } = deps;

	function issueOf(node: string): string | null {
		const model = modelIn(outputs.get(node));
		if (!model) return deps.restored(node) ? RESTORED : 'this node has no trained model yet: run it first';
		return modelFileIssue(model);
	}

	/** The node's model, or throws why it cannot leave as a file (`what`: the kind of file, for the message). */
	function nodeModel(node: string, what: string): ModelValue {
		const issue = issueOf(node);
		if (issue) throw new Error(`This model cannot be ${what}: ${issue}.`);
		return modelIn(outputs.get(node))!;
	}

	async function storedVersion(name: string, version: number, what: string) {
		const record = await getVersion(name, version);
		if (!record) throw new Error(`Version ${version} of "${name}" no longer exists.`);
		const issue = modelFileIssue(record.model);
		if (issue) throw new Error(`Version ${version} of "${name}" cannot be ${what}: ${issue}.`);
		return record;
	}

	return {
		async modelExports(node: string): Promise<ModelExportIssues> {
			const file = issueOf(node);
			return file ? { file, onnx: file, predictor: file } : exportIssues(modelIn(outputs.get(node))!);
		},

		async nodeOnnxFile(node: string): Promise<Uint8Array> {
			return handOver(onnxBytes(nodeModel(node, 'exported to ONNX')));
		},

		async registryOnnxFile(name: string, version: number): Promise<Uint8Array> {
			return handOver(onnxBytes((await storedVersion(name, version, 'exported to ONNX')).model));
		},

		async versionExportIssues(name: string): Promise<Readonly<Record<number, ModelExportIssues>>> {
			const issues: Record<number, ModelExportIssues> = {};
			for (const { version } of await listVersions(name)) {
				const record = await getVersion(name, version);
				if (record) issues[version] = exportIssues(record.model);
			}
			return issues;
		},

		async nodeModelFile(doc: PipelineDocument, node: string, name: string): Promise<Uint8Array> {
			nodeModel(node, 'downloaded');
			// The pipeline as it was when the model was trained, not as edited since.
			const file = await modelFileFromRun(deps.trainedIn(node) ?? doc, outputs, node, name);
			return handOver(await writeModelFile(file));
		},

		async registryModelFile(name: string, version: number): Promise<Uint8Array> {
			const record = await storedVersion(name, version, 'downloaded');
			// A version saved by an earlier Tessera holds its document in that day's format.
			const stored = upgradeStoredDocument(record.doc, registry);
			const file = buildModelFile({
				name,
				model: record.model,
				metrics: record.evaluation ?? { validation: null, test: null },
				pipeline: stored.ok ? { doc: stored.doc, node: record.node } : undefined,
				registry: { name, version }
			});
			return handOver(await writeModelFile(file));
		},

		async inspectModelFile(blob: Blob): Promise<ModelFileSummary> {
			const read = await readModelFile(await bytesOf(blob));
			const { file } = read;
			return {
				name: file.name,
				family: file.model.family,
				task: file.model.task,
				target: file.model.target,
				inputs: file.input.columns.length,
				createdAt: file.createdAt,
				tessera: file.tessera,
				bytes: read.bytes,
				contentHash: read.contentHash,
				metrics: flatEvaluation(file.metrics),
				registry: file.registry ?? null,
				pipeline: pipelineOf(file, registry) !== null
			};
		},

		async importModelFile(blob: Blob, name: string, notes: string): Promise<RegisteredModelVersion> {
			const { file } = await readModelFile(await bytesOf(blob));
			const pipeline = pipelineOf(file, registry);
			// The registry keeps a pipeline with every version (Open pipeline on the Models page):
			// a file without one readable here gets an empty pipeline named after the model.
			const doc = pipeline ?? createDocument(`${name} (imported model)`);
			const saved = await saveModelVersion({
				name,
				model: modelOf(file),
				doc,
				node: file.pipeline?.node ?? '',
				project: null,
				metrics: flatEvaluation(file.metrics),
				evaluation: checkedEvaluation(file.metrics),
				notes
			});
			return saved;
		}
	};
}

/** A file's figures as the registry keeps them: an entry that is not a metrics object is dropped, not stored. */
function checkedEvaluation(e: ModelFile['metrics']): ModelEvaluation {
	const ok = (m: unknown): Metrics | null => {
		if (typeof m !== 'object' || m === null) return null;
		const task = (m as { task?: unknown }).task;
		return task === 'classification' || task === 'regression' ? (m as Metrics) : null;
	};
	return { validation: ok(e.validation), test: ok(e.test) };
}

/** Why a model cannot become each kind of file; without its input columns it can become none. */
function exportIssues(model: ModelValue): ModelExportIssues {
	const file = modelFileIssue(model);
	if (file) return { file, onnx: file, predictor: file };
	const onnx = onnxSupport(model);
	return { file: null, onnx: onnx.ok ? null : `${onnx.step} — ${onnx.reason}`, predictor: predictorIssue(model) };
}

/** A model (with its recorded input columns) as ONNX bytes; an OnnxExportError says which step has no exact graph. */
function onnxBytes(model: ModelValue): Uint8Array {
	return exportOnnx(model, model.input!.columns);
}

/** The pipeline a model file carries, if this app can open it. */
function pipelineOf(file: ModelFile, registry: Registry): PipelineDocument | null {
	if (!file.pipeline) return null;
	const parsed = parseDocument(file.pipeline.text, registry);
	return parsed.ok ? parsed.doc : null;
}

export type ModelFileApi = ReturnType<typeof createModelFileApi>;
