/// <reference lib="webworker" />
import { computeKernels } from '../src/lib/core/compute/kernels';
import { serveComputeThread, type JobMessage } from '../src/lib/core/compute/thread';

// A compute thread (nested in the engine worker): runs its part of each call of a job, blocking on shared memory between calls.
serveComputeThread(
	{
		onMessage: (listener) => self.addEventListener('message', (event: MessageEvent<JobMessage>) => listener(event.data)),
		post: (message) => self.postMessage(message)
	},
	computeKernels
);
