import type { DatasetMeta } from '../core/engine/api';
import type { Column, Frame } from '../core/frame/types';
import { datasetStoredBytes } from '../core/storage/needs';
import { db, type ChunkRecord, type DatasetRecord, type StoredColumn } from './db';
import { ensureRoom, saveFailure } from './quota';

/** Rows per chunk: one chunk of a number column is 512 KB, far below IndexedDB's trouble zone. */
const CHUNK_ROWS = 65_536;

function chunkOf(col: Column, start: number, end: number): ArrayBuffer | (string | null)[] {
	switch (col.kind) {
		case 'number':
		case 'date':
			return col.values.slice(start, end).buffer;
		case 'category':
		case 'boolean':
			return col.codes.slice(start, end).buffer;
		case 'text':
			return col.values.slice(start, end);
	}
}

/**
 * Store a parsed dataset as column chunks, metadata and chunks in one transaction: a chunk the
 * browser refuses (a full quota) aborts it, so no half-written dataset is ever listed. A
 * dataset the estimate says cannot fit is refused before anything is written (`ensureRoom`).
 * Either error says how much the dataset needed and how much is free.
 */
export async function storeDataset(meta: Omit<DatasetMeta, 'id' | 'created'>, frame: Frame): Promise<DatasetMeta> {
	const database = db();
	const existing = await database.datasets.where('hash').equals(meta.hash).first();
	if (existing) return strip(existing);
	const id = crypto.randomUUID();
	const layout: StoredColumn[] = frame.columns.map((c) =>
		c.kind === 'category' ? { name: c.name, kind: c.kind, dictionary: [...c.dictionary] } : { name: c.name, kind: c.kind }
	);
	const chunkCount = Math.max(1, Math.ceil(frame.rowCount / CHUNK_ROWS));
	const storedBytes = datasetStoredBytes(frame);
	const record: DatasetRecord = {
		...meta,
		id,
		created: new Date().toISOString(),
		columnsLayout: layout,
		chunkRows: CHUNK_ROWS,
		chunkCount,
		storedBytes
	};
	await ensureRoom({ kind: 'dataset', name: meta.name }, storedBytes);
	try {
		await database.transaction('rw', database.datasets, database.chunks, async () => {
			await database.datasets.add(record);
			for (let k = 0; k < chunkCount; k++) {
				const start = k * CHUNK_ROWS;
				const end = Math.min(frame.rowCount, start + CHUNK_ROWS);
				const chunks: ChunkRecord[] = frame.columns.map((col, c) => ({
					dataset: id,
					column: c,
					chunk: k,
					buffer: chunkOf(col, start, end)
				}));
				await database.chunks.bulkAdd(chunks);
			}
		});
	} catch (e) {
		// The aborted transaction wrote nothing; this sweep is for a browser that committed part
		// of it anyway (none should), and must not hide the error that matters.
		await deleteDataset(id).catch(() => {});
		throw await saveFailure(e, { kind: 'dataset', name: meta.name }, storedBytes);
	}
	return strip(record);
}

function strip(r: DatasetRecord): DatasetMeta {
	return { id: r.id, name: r.name, hash: r.hash, rows: r.rows, columns: r.columns, bytes: r.bytes, schema: r.schema, created: r.created };
}

export async function listDatasets(): Promise<DatasetMeta[]> {
	return (await db().datasets.orderBy('created').reverse().toArray()).map(strip);
}

export async function findDataset(name: string, hash: string): Promise<DatasetRecord | undefined> {
	if (hash) {
		const byHash = await db().datasets.where('hash').equals(hash).first();
		if (byHash) return byHash;
	}
	return db().datasets.where('name').equals(name).last();
}

/** Reassemble a stored dataset's frame from its chunks, without re-parsing anything. */
export async function loadDatasetFrame(record: DatasetRecord): Promise<Frame> {
	const chunks = await db().chunks.where('dataset').equals(record.id).toArray();
	const n = record.rows;
	const columns: Column[] = record.columnsLayout.map((layout, c) => {
		const mine = chunks.filter((ch) => ch.column === c).sort((a, b) => a.chunk - b.chunk);
		if (layout.kind === 'text') {
			const values: (string | null)[] = [];
			for (const ch of mine) values.push(...(ch.buffer as (string | null)[]));
			return { kind: 'text', name: layout.name, values };
		}
		if (layout.kind === 'number' || layout.kind === 'date') {
			const values = new Float64Array(n);
			let at = 0;
			for (const ch of mine) {
				const part = new Float64Array(ch.buffer as ArrayBuffer);
				values.set(part, at);
				at += part.length;
			}
			return { kind: layout.kind, name: layout.name, values };
		}
		const codes = new Int32Array(n);
		let at = 0;
		for (const ch of mine) {
			const part = new Int32Array(ch.buffer as ArrayBuffer);
			codes.set(part, at);
			at += part.length;
		}
		return layout.kind === 'category'
			? { kind: 'category', name: layout.name, codes, dictionary: layout.dictionary ?? [] }
			: { kind: 'boolean', name: layout.name, codes };
	});
	return { columns, rowCount: n };
}

export async function deleteDataset(id: string): Promise<void> {
	await db().transaction('rw', db().datasets, db().chunks, async () => {
		await db().chunks.where('dataset').equals(id).delete();
		await db().datasets.delete(id);
	});
}
