import type { Frame } from '../src/lib/core/frame/types';
import type {
	Analysis,
	AnalyseSettings,
	CaptureRead,
	CaptureSummary,
	ModelSummary,
	MonitorApi,
	ReadProgress,
	TableColumns
} from '../src/lib/core/monitor/api';
import {
	CaptureBuilder,
	CaptureReader,
	IssueCounter,
	rowIds,
	tableToCapture,
	type CaptureTable,
	type ReadIssues,
	type TableChoice
} from '../src/lib/core/monitor/capture';
import { joinLabels, labelsById } from '../src/lib/core/monitor/labels';
import { metricValues, modelReference, monitorWindows, type ModelReference } from '../src/lib/core/monitor/windows';
import { readModelFile } from '../src/lib/core/model-file/format';
import { readTableBytes } from '../src/lib/core/readers/readers';
import { abortError } from '../src/lib/core/util/abort';
import { getVersion } from '../src/lib/persistence/registry';

/**
 * The Monitoring page's worker side: the capture rows, the model's reference and the labels
 * live here; the page gets summaries and the windows report. Capture files are read as a
 * stream of bytes, decoded and parsed piece by piece, so a 100 MB capture is never one string.
 */

/** Bytes between progress messages: the page repaints, it needs no more than about 1%. */
const progressStep = (total: number) => Math.max(total / 100, 1 << 16);

function summary(table: CaptureTable, files: readonly string[], issues: ReadIssues): CaptureSummary {
	let first = Infinity;
	let last = -Infinity;
	for (const t of table.requestTime) {
		if (t < first) first = t;
		if (t > last) last = t;
	}
	return {
		source: table.source,
		files,
		requests: table.requests,
		rows: table.rows,
		columns: [...table.inputs.keys()],
		first,
		last,
		versions: [...table.version.dictionary],
		requestIds: table.requestId.some((id) => id !== null),
		issues
	};
}

function modelSummary(ref: ModelReference): ModelSummary {
	return {
		name: ref.name,
		task: ref.task,
		classes: ref.classes,
		columns: ref.columns.map((c) => c.name),
		test: ref.test ? (metricValues(ref.test) as Record<string, number>) : null
	};
}

const columnsOf = (file: string, frame: Frame): TableColumns => ({
	file,
	rows: frame.rowCount,
	columns: frame.columns.map((c) => ({ name: c.name, kind: c.kind }))
});

export function createMonitorApi(): MonitorApi {
	let table: CaptureTable | null = null;
	let model: ModelReference | null = null;
	let scored: { name: string; frame: Frame } | null = null;
	let labels: Frame | null = null;
	/** Bumped by cancel and by each new read: a read that sees another number stops. */
	let generation = 0;

	async function readWhole(file: File, onProgress: (p: ReadProgress) => void): Promise<Frame> {
		const mine = ++generation;
		const bytes = new Uint8Array(await file.arrayBuffer());
		const controller = new AbortController();
		const frame = await readTableBytes(bytes, {
			fileName: file.name,
			signal: controller.signal,
			onProgress: (n) => {
				if (mine !== generation) controller.abort();
				onProgress({ file: file.name, bytes: n, total: bytes.length });
			}
		});
		if (mine !== generation) throw abortError();
		return frame;
	}

	return {
		async readCaptures(files, onProgress): Promise<CaptureRead> {
			if (!files.length) throw new Error('choose at least one capture file');
			const mine = ++generation;
			const builder = new CaptureBuilder('capture');
			const counter = new IssueCounter();
			for (const file of files) {
				const reader = new CaptureReader(builder, file.name, counter);
				const decoder = new TextDecoder('utf-8');
				const stream = file.stream().getReader();
				let bytes = 0;
				let shown = 0;
				const step = progressStep(file.size);
				for (;;) {
					const { done, value } = await stream.read();
					if (mine !== generation) {
						await stream.cancel();
						throw abortError();
					}
					if (done) break;
					bytes += value.length;
					reader.push(decoder.decode(value, { stream: true }));
					if (bytes - shown >= step) {
						shown = bytes;
						onProgress({ file: file.name, bytes, total: file.size });
					}
				}
				reader.push(decoder.decode());
				reader.end();
				onProgress({ file: file.name, bytes, total: file.size });
			}
			const read = builder.table();
			const names = files.map((f) => f.name);
			if (read.requests === 0) return { kind: 'no-records', files: names, issues: counter.issues };
			table = read;
			scored = null;
			return { kind: 'capture', summary: summary(read, names, counter.issues) };
		},

		async readScoredTable(file, onProgress) {
			const frame = await readWhole(file, onProgress);
			scored = { name: file.name, frame };
			return columnsOf(file.name, frame);
		},

		async useScoredTable(choice: TableChoice) {
			if (!scored) throw new Error('open a table of scored rows first');
			const { table: read, issues } = tableToCapture(scored.frame, choice, scored.name);
			if (read.requests === 0) throw new Error(`${scored.name}: no row has a readable time in column "${choice.time}"`);
			table = read;
			return summary(read, [scored.name], issues);
		},

		async readModel(file) {
			const { file: body } = await readModelFile(new Uint8Array(await file.arrayBuffer()));
			model = modelReference(body.name, { ...body.model, input: body.input }, body.metrics.test);
			return modelSummary(model);
		},

		async useRegisteredModel(name, version) {
			const record = await getVersion(name, version);
			if (!record) throw new Error(`version ${version} of "${name}" is not in this browser's registry`);
			model = modelReference(`${name}@${version}`, record.model, record.evaluation?.test ?? null);
			return modelSummary(model);
		},

		async readLabels(file, onProgress) {
			labels = await readWhole(file, onProgress);
			return columnsOf(file.name, labels);
		},

		async analyse(settings: AnalyseSettings): Promise<Analysis> {
			if (!table) throw new Error('open a capture file first');
			let perRow: (string | null)[] | null = null;
			let joined: Analysis['labels'] = null;
			if (settings.join && labels) {
				const join = joinLabels(rowIds(table, settings.join.rows), labelsById(labels, settings.join.labelId, settings.join.label));
				perRow = [...join.labels];
				joined = { matched: join.matched, duplicates: join.duplicates, incomplete: join.incomplete };
			}
			const report = monitorWindows(table, model, perRow, {
				width: settings.width,
				drift: settings.drift,
				minDriftRows: settings.minDriftRows
			});
			return { report, labels: joined };
		},

		async cancel() {
			generation++;
		}
	};
}
