import { parentPort } from 'node:worker_threads';
import { createTrialWorkerApi } from '../lib/core/engine/trial-host';
import { builtinNodes } from '../lib/core/nodes/catalog';
import { createRegistry } from '../lib/core/nodes/registry';
import { serve } from './thread-rpc';

if (!parentPort) throw new Error('trial-thread-main runs in a worker thread');
serve({ ...createTrialWorkerApi(createRegistry(builtinNodes)) }, parentPort);
