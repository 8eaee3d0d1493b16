import { parentPort } from 'node:worker_threads';
import { builtinNodes } from '../lib/core/nodes/catalog';
import type { ModelValue } from '../lib/core/nodes/ports';
import { createRegistry } from '../lib/core/nodes/registry';
import { scoreBatch, type BatchJob, type BatchResult } from '../lib/core/scoring/batch';
import { serve } from './thread-rpc';

if (!parentPort) throw new Error('scoring-thread-main runs in a worker thread');
const registry = createRegistry(builtinNodes);
let model: ModelValue | null = null;

serve(
	{
		async open(m: ModelValue): Promise<void> {
			model = m;
		},
		async score(job: BatchJob): Promise<BatchResult> {
			if (!model) throw new Error('scoring thread: open() a model first');
			return scoreBatch(registry, model, job);
		}
	},
	parentPort
);
