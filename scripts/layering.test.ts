// Proves that eslint.config.js enforces the import direction of DESIGN.md §1:
// the rule is checked by a test, not remembered.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });

/** The `no-restricted-imports` messages ESLint reports for `code` placed at `file`. */
async function restricted(file: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
	return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering (DESIGN.md §1)', () => {
	it.each([
		['src/lib/core/x.ts', "import Dexie from 'dexie';"],
		['src/lib/core/frame/x.ts', "import { writable } from 'svelte/store';"],
		['src/lib/core/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
		['src/lib/core/x.ts', "import { goto } from '$app/navigation';"],
		['src/lib/core/x.ts', "import { scaleLinear } from 'd3-scale';"],
		['src/lib/core/engine/x.ts', "import { db } from '$lib/persistence/db';"],
		['src/lib/core/engine/x.ts', "import { project } from '../../state/project.svelte';"],
		['src/lib/core/engine/x.ts', "export { Graph } from '../../ui/graph/Graph.svelte';"],
		['src/lib/core/ml/x.ts', "import Dexie from 'dexie';"],
		// The folders split out of core/frame and core/engine are core too.
		['src/lib/core/readers/x.ts', "import { tick } from 'svelte';"],
		['src/lib/core/stats/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
		['src/lib/core/analysis/x.ts', "import { scaleLinear } from 'd3-scale';"],
		['src/lib/core/experiments/x.ts', "import { db } from '$lib/persistence/db';"],
		['src/lib/core/bench/x.ts', "import * as Comlink from 'comlink';"],
		['src/lib/core/scoring/x.ts', "import Dexie from 'dexie';"],
		['src/lib/core/onnx/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
		['src/lib/core/serving/x.ts', "import { readFile } from 'node:fs/promises';"],
		['src/lib/core/serving/x.ts', "import Fastify from 'fastify';"],
		['src/lib/core/serving/x.ts', "import { Counter } from 'prom-client';"],
		['src/lib/core/serving/x.ts', "import Dexie from 'dexie';"],
		['src/lib/core/monitor/x.ts', "import { scaleLinear } from 'd3-scale';"],
		['src/lib/core/monitor/x.ts', "import { readFile } from 'node:fs/promises';"],
		['src/lib/core/nodes/catalog/monitor/x.ts', "import { readFileSync } from 'node:fs';"],
		['src/lib/core/lifecycle/x.ts', "import { rename } from 'node:fs/promises';"],
		['src/lib/core/lessons/x.ts', "import { readFileSync } from 'node:fs';"],
		['src/lib/core/templates/x.ts', "import { goto } from '$app/navigation';"],
		['src/lib/core/lifecycle/x.ts', "import Fastify from 'fastify';"],
		['src/lib/core/bundle/x.ts', "import { readFile } from 'node:fs/promises';"],
		['src/lib/core/compute/x.ts', "import * as Comlink from 'comlink';"],
		['src/lib/core/compute/x.ts', "import { Worker } from 'node:worker_threads';"],
		['src/lib/core/compute/x.ts', "import { availableParallelism } from 'os';"],
		['src/lib/core/bundle/x.ts', "import { db } from '$lib/persistence/db';"],
		['src/lib/core/backup/x.ts', "import { readFile } from 'node:fs/promises';"],
		['src/lib/core/backup/x.ts', "import { db } from '$lib/persistence/db';"],
		['src/lib/core/storage/x.ts', "import { db } from '$lib/persistence/db';"],
		// The Monitoring page's core reads captures as data: the worker reads the registry.
		['src/lib/core/monitor/x.ts', "import { getVersion } from '$lib/persistence/registry';"],
		['src/lib/ui/x.ts', "import * as Comlink from 'comlink';"],
		['src/lib/ui/graph/Node.svelte', '<script lang="ts">import Dexie from \'dexie\';</script>'],
		['src/lib/ui/x.ts', "import Worker from '$workers/engine.worker?worker';"],
		['src/lib/ui/x.ts', "import { db } from '$lib/persistence';"],
		['src/routes/+page.ts', "import * as tf from '@tensorflow/tfjs-core';"],
		['src/lib/state/x.svelte.ts', "import Dexie from 'dexie';"],
		['src/lib/state/x.ts', "import Button from '$lib/ui/primitives/Button.svelte';"],
		['src/lib/client/x.ts', "import { project } from '$lib/state/project.svelte';"],
		['src/lib/persistence/x.ts', "import { engine } from '$lib/client/engine';"],
		['src/lib/persistence/x.ts', "import { tick } from 'svelte';"],
		['workers/engine.worker.ts', "import { project } from '../src/lib/state/project.svelte';"],
		['src/lib/predictor/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
		['src/lib/predictor/x.ts', "import { project } from '$lib/state/project.svelte';"],
		['src/lib/predictor/x.ts', "import { engine } from '../client/engine';"],
		['src/cli/x.ts', "import Dexie from 'dexie';"],
		['src/cli/x.ts', "import { db } from '../lib/persistence/db';"]
	])('%s: flags %s', async (file, code) => {
		expect(await restricted(file, code)).toHaveLength(1);
	});

	it.each([
		['src/lib/core/ml/x.ts', "import * as tf from '@tensorflow/tfjs-core';"],
		['src/lib/core/engine/x.ts', "import { hash } from '../util/hash';"],
		['src/lib/core/engine/x.ts', "import { hash } from '$lib/core/util/hash';"],
		['src/lib/persistence/x.ts', "import Dexie from 'dexie';"],
		['src/lib/client/x.ts', "import * as Comlink from 'comlink';"],
		['src/lib/client/x.ts', "import Worker from '$workers/engine.worker?worker';"],
		['src/lib/state/x.svelte.ts', "import { engine } from '$lib/client/engine';"],
		['src/lib/state/x.svelte.ts', "import { projects } from '$lib/persistence/projects';"],
		['src/lib/ui/x.ts', "import { project } from '$lib/state/project.svelte';"],
		['src/lib/ui/x.ts', "import { scaleLinear } from 'd3-scale';"],
		['src/routes/+page.ts', "import Graph from '$lib/ui/graph/Graph.svelte';"],
		['workers/engine.worker.ts', "import * as Comlink from 'comlink';"],
		['workers/engine.worker.ts', "import { db } from '../src/lib/persistence/db';"],
		['src/cli/x.ts', "import { hash } from '../lib/core/util/hash';"],
		['src/cli/serve/x.ts', "import Fastify from 'fastify';"],
		['src/lib/core/serving/x.ts', "import { coerceChunk } from '../scoring/coerce';"],
		['src/lib/core/monitor/x.ts', "import { predictionColumns } from '../nodes/predictors';"],
		['src/lib/core/lifecycle/x.ts', "import { applyRecipe } from '../engine/recipe';"],
		['src/lib/predictor/x.ts', "import { applyRecipe } from '../core/engine/recipe';"],
		['src/lib/state/x.svelte.ts', "import { publishPredictor } from '$lib/predictor';"]
	])('%s: allows %s', async (file, code) => {
		expect(await restricted(file, code)).toEqual([]);
	});
});
