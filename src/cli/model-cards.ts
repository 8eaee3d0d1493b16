/**
 * Model cards beside registered versions: `<name>-<version>.card.md` in the registry folder,
 * written by `tessera retrain` for every version it registers and by `tessera card`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineDocument } from '../lib/core/doc/types';
import { cardEvents, modelCard, type SegmentTable } from '../lib/core/lifecycle/model-card';
import type { RegistryIndex } from '../lib/core/lifecycle/registry-index';
import { readModelFile, type ModelFile } from '../lib/core/model-file/format';
import type { PortValue } from '../lib/core/nodes/ports';
import { versionPath } from './registry-dir';

export const cardFileName = (name: string, version: string): string => `${name}-${version}.card.md`;

/** The per-segment tables of a run: reports of Metrics by segment / Fairness by group nodes fed by `modelNode`. */
export function segmentTables(
	doc: PipelineDocument,
	outputs: ReadonlyMap<string, Readonly<Record<string, PortValue>>>,
	modelNode: string
): SegmentTable[] {
	const tables: SegmentTable[] = [];
	for (const node of doc.nodes) {
		if (node.type !== 'evaluate.segments' && node.type !== 'evaluate.fairness') continue;
		if (!doc.edges.some((e) => e.to.node === node.id && e.to.port === 'model' && e.from.node === modelNode)) continue;
		for (const value of Object.values(outputs.get(node.id) ?? {}))
			if (value.kind === 'report' && value.report.type === 'table')
				tables.push({ title: value.report.title, columns: value.report.columns, rows: value.report.rows });
	}
	return tables;
}

/** The card of `name`@`version` as the index now records it. */
export function cardText(file: ModelFile, index: RegistryIndex, name: string, version: string, segments?: readonly SegmentTable[]): string {
	const entry = index.models[name];
	const history = (entry?.history ?? []).filter((e) => e.version === version || ('from' in e && e.from === version));
	return modelCard(file, {
		name,
		version,
		history: cardEvents(history),
		limitations: entry?.versions[version]?.limitations,
		segments
	});
}

export async function writeCard(
	dir: string,
	file: ModelFile,
	index: RegistryIndex,
	name: string,
	version: string,
	segments?: readonly SegmentTable[]
): Promise<string> {
	const path = join(dir, cardFileName(name, version));
	await writeFile(path, cardText(file, index, name, version, segments));
	return path;
}

/** Rewrite the cards of versions whose history just changed (those that have one). */
export async function refreshCards(dir: string, index: RegistryIndex, name: string, versions: readonly string[]): Promise<void> {
	for (const version of new Set(versions)) {
		const entry = index.models[name]?.versions[version];
		if (!entry?.card) continue;
		const file = await readFile(versionPath(dir, entry.file))
			.then(async (bytes) => (await readModelFile(new Uint8Array(bytes))).file)
			.catch(() => null);
		if (file) await writeFile(versionPath(dir, entry.card), cardText(file, index, name, version));
	}
}
