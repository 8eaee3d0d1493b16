/**
 * Where the stored bytes go, per project: its document, the stored datasets it names (by
 * content hash, as a Dataset node records them) and the results its runs kept. A dataset used
 * by several projects is counted in each (deleting one project does not free it); datasets no
 * project names are summed apart. Sizes are the app's own estimates, not the browser's.
 */
export interface ProjectFacts {
	readonly id: string;
	readonly name: string;
	readonly documentBytes: number;
	/** Content hashes of the datasets its document names. */
	readonly datasets: readonly string[];
}

export interface DatasetFacts {
	readonly hash: string;
	readonly bytes: number;
}

export interface ResultFacts {
	readonly project: string | null;
	readonly bytes: number;
}

export interface ProjectUsage {
	readonly id: string;
	readonly name: string;
	readonly documentBytes: number;
	readonly datasetBytes: number;
	readonly resultBytes: number;
	readonly total: number;
}

export interface StorageBreakdown {
	/** Largest first. */
	readonly projects: readonly ProjectUsage[];
	/** Stored datasets no project names. */
	readonly unused: { readonly count: number; readonly bytes: number };
	/** Kept results whose project is gone or unknown. */
	readonly orphanResultBytes: number;
}

export function storageBreakdown(
	projects: readonly ProjectFacts[],
	datasets: readonly DatasetFacts[],
	results: readonly ResultFacts[]
): StorageBreakdown {
	const datasetBytes = new Map<string, number>();
	for (const d of datasets) datasetBytes.set(d.hash, (datasetBytes.get(d.hash) ?? 0) + d.bytes);
	const resultBytes = new Map<string | null, number>();
	for (const r of results) resultBytes.set(r.project, (resultBytes.get(r.project) ?? 0) + r.bytes);
	const named = new Set<string>();
	const usage = projects.map((p): ProjectUsage => {
		let data = 0;
		for (const hash of new Set(p.datasets)) {
			named.add(hash);
			data += datasetBytes.get(hash) ?? 0;
		}
		const kept = resultBytes.get(p.id) ?? 0;
		return {
			id: p.id,
			name: p.name,
			documentBytes: p.documentBytes,
			datasetBytes: data,
			resultBytes: kept,
			total: p.documentBytes + data + kept
		};
	});
	const unused = [...datasetBytes].filter(([hash]) => !named.has(hash));
	const ids = new Set(projects.map((p) => p.id));
	let orphanResultBytes = 0;
	for (const [project, bytes] of resultBytes) if (project === null || !ids.has(project)) orphanResultBytes += bytes;
	return {
		projects: usage.sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
		unused: { count: unused.length, bytes: unused.reduce((n, [, b]) => n + b, 0) },
		orphanResultBytes
	};
}
