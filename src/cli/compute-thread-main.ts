import { parentPort, workerData } from 'node:worker_threads';
import type { KernelTable } from '../lib/core/compute/kernel';
import { computeKernels } from '../lib/core/compute/kernels';
import { serveComputeThread, type JobMessage } from '../lib/core/compute/thread';

if (!parentPort) throw new Error('compute-thread-main runs in a worker thread');
const port = parentPort;
// Tests name another table (their own kernels); the studio's and the CLI's threads use the one table.
const from = (workerData as { kernels?: string } | null)?.kernels;
const table: KernelTable = from ? ((await import(from)) as { kernels: KernelTable }).kernels : computeKernels;
serveComputeThread(
	{ onMessage: (listener) => port.on('message', (m: JobMessage) => listener(m)), post: (m) => port.postMessage(m) },
	table
);
