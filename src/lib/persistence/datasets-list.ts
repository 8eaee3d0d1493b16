import type { DatasetMeta } from '../core/engine/api';
import { db } from './db';

/** Stored datasets (metadata only, newest first); column chunks are not read. */
export async function listDatasets(): Promise<DatasetMeta[]> {
	const all = await db().datasets.orderBy('created').reverse().toArray();
	return all.map((d) => ({
		id: d.id,
		name: d.name,
		hash: d.hash,
		rows: d.rows,
		columns: d.columns,
		bytes: d.bytes,
		schema: d.schema,
		created: d.created
	}));
}
