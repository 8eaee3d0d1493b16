import type { Frame } from '../frame/types';
import { schemaOf } from '../frame/frame';
import { emptyDoc, sampleDataset } from '../nodes/test-kit';
import { WorkspaceWriter, type ChunkData } from './write';

/** A frame cut into stored chunks of `chunkRows`, as persistence/datasets.ts lays them out. */
export function chunksOfFrame(frame: Frame, chunkRows: number): ChunkData[] {
	const out: ChunkData[] = [];
	const count = Math.max(1, Math.ceil(frame.rowCount / chunkRows));
	frame.columns.forEach((col, c) => {
		for (let k = 0; k < count; k++) {
			const [start, end] = [k * chunkRows, Math.min(frame.rowCount, (k + 1) * chunkRows)];
			const data =
				col.kind === 'text'
					? col.values.slice(start, end)
					: col.kind === 'number' || col.kind === 'date'
						? col.values.slice(start, end).buffer
						: col.codes.slice(start, end).buffer;
			out.push({ column: c, chunk: k, data });
		}
	});
	return out;
}

/** The stored record of a dataset of `frame`, as persistence keeps it. */
export function datasetRecord(id: string, name: string, hash: string, frame: Frame, chunkRows: number) {
	return {
		id,
		name,
		hash,
		rows: frame.rowCount,
		columns: frame.columns.length,
		bytes: 1000,
		schema: schemaOf(frame),
		created: '2026-12-01T00:00:00.000Z',
		columnsLayout: frame.columns.map((c) =>
			c.kind === 'category' ? { name: c.name, kind: c.kind, dictionary: [...c.dictionary] } : { name: c.name, kind: c.kind }
		),
		chunkRows,
		chunkCount: Math.max(1, Math.ceil(frame.rowCount / chunkRows))
	};
}

export const SMALL_PROJECT = {
	id: 'p-1',
	name: 'Penguins',
	doc: { ...emptyDoc(), meta: { ...emptyDoc().meta, name: 'Penguins' } },
	created: '2026-12-01T00:00:00.000Z',
	modified: '2026-12-02T00:00:00.000Z'
};

/**
 * A small real workspace through the writer: one project, the penguins sample in chunks of
 * 100 rows (4 per column), one experiment with NaN and a curve, one model version and its name.
 */
export async function smallWorkspace(): Promise<Uint8Array> {
	const parts: Uint8Array[] = [];
	const w = new WorkspaceWriter((b) => parts.push(b));
	await w.addRecord('projects', SMALL_PROJECT.id, SMALL_PROJECT.name, SMALL_PROJECT);
	const frame = sampleDataset('penguins').frame;
	const record = datasetRecord('d-1', 'penguins.csv', 'fp-penguins', frame, 100);
	await w.addDataset(record, record, chunksOfFrame(frame, 100));
	const experiment = {
		id: 'r1:m',
		project: 'p-1',
		title: 'Boosted trees',
		doc: SMALL_PROJECT.doc,
		metrics: { 'test accuracy': 0.97, odd: NaN },
		curves: { loss: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1] }
	};
	await w.addRecord('experiments', experiment.id, experiment.title, experiment);
	const model = {
		id: 'species@1',
		name: 'species',
		version: 1,
		project: 'p-1',
		doc: SMALL_PROJECT.doc,
		model: { family: 'linear', weights: new Float64Array([0.5, -1.25, 3]), classes: ['a', 'b'] }
	};
	await w.addRecord('models', model.id, model.name, model);
	await w.addNames([{ name: 'species', inUse: 1, history: [], lastVersion: 1, modified: '2026-12-02T00:00:00.000Z' }]);
	w.finish({ created: '2026-12-07T00:00:00.000Z', tessera: '0.1.0' });
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}
