import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDocument } from '../doc/create';
import type { PipelineDocument } from '../doc/types';
import { OutputCache } from '../engine/cache';
import { runPipeline, type EngineHost, type RunResult } from '../engine/run';
import { readCsv } from '../readers/csv';
import { builtinNodes } from './catalog';
import { datasetOf } from './dataset';
import type { NodeContext } from './define';
import type { DatasetValue } from './ports';
import { createRegistry } from './registry';

/** Test helpers: real sample files, the real catalog, a Node host. */
export const registry = createRegistry(builtinNodes);
export const SAMPLES = join(__dirname, '..', '..', '..', '..', 'static', 'samples');

export function sampleText(name: string): string {
	return readFileSync(join(SAMPLES, `${name}.csv`), 'utf8');
}

export function sampleDataset(name: string): DatasetValue {
	return datasetOf(readCsv(sampleText(name)), `sample:${name}`);
}

export const host: EngineHost = {
	loadSource: async (ref) => {
		if (ref.kind !== 'sample') throw new Error('tests only load samples');
		return { frame: readCsv(sampleText(ref.name)), hash: `sample:${ref.name}`, name: ref.name };
	},
	sourceHash: async (ref) => `${ref.kind}:${ref.name}`
};

export function testContext(): NodeContext {
	return {
		signal: new AbortController().signal,
		progress: () => {},
		seed: 42,
		backend: 'cpu',
		loadSource: host.loadSource,
		applyRecipe: () => {
			throw new Error('not in this test');
		}
	};
}

export function run(doc: PipelineDocument, cache = new OutputCache()): Promise<RunResult> {
	return runPipeline({ doc, registry, cache, host, backend: 'cpu' });
}

export const emptyDoc = (): PipelineDocument => createDocument('test', new Date('2026-01-01T00:00:00Z'));
