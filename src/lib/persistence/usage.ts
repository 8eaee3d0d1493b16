import type { DatasetFacts, ProjectFacts, ResultFacts } from '../core/storage/breakdown';
import { db } from './db';
import { approxBytes } from './results';

/**
 * What the projects page's storage breakdown adds up (core/storage/breakdown.ts): each
 * project's document size and the dataset hashes it names, each stored dataset's size, each
 * kept result's size. Reads the small result records, never their bodies, and no chunk.
 */
export async function storageFacts(): Promise<{ projects: ProjectFacts[]; datasets: DatasetFacts[]; results: ResultFacts[] }> {
	const d = db();
	const projects: ProjectFacts[] = [];
	await d.projects.each((p) =>
		projects.push({
			id: p.id,
			name: p.name,
			documentBytes: approxBytes(p),
			datasets: p.doc.data.map((e) => e.hash).filter((h) => h !== '')
		})
	);
	const datasets: DatasetFacts[] = [];
	// A dataset stored before `storedBytes` was recorded counts its file's size: close enough for a breakdown.
	await d.datasets.each((r) => datasets.push({ hash: r.hash, bytes: r.storedBytes ?? r.bytes }));
	const results: ResultFacts[] = [];
	await d.results.each((r) => results.push({ project: r.project, bytes: r.bytes }));
	return { projects, datasets, results };
}
