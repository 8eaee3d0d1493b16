import type { Kernel, KernelTable } from '../lib/core/compute/kernel';

/** Kernels for the compute pool's tests (src/cli/compute-threads.test.ts), loaded by test threads by URL. */
interface TestBuffers {
	readonly x: Float64Array;
	readonly out: Float64Array;
	readonly partials: Float64Array;
}

const affine: Kernel<TestBuffers> = ({ buffers }, from, to, args) => {
	for (let i = from; i < to; i++) buffers.out[i] = buffers.x[i] * args[0] + args[1];
};

/** A sum that rounds differently for every order: a change in the order would show in the bits. */
const chunkSums: Kernel<TestBuffers> = ({ buffers }, from, to, args) => {
	const [chunk, count] = args;
	for (let c = from; c < to; c++) {
		let s = 0;
		for (let i = c * chunk; i < Math.min(count, (c + 1) * chunk); i++) s += buffers.x[i];
		buffers.partials[c] = s;
	}
};

const failOn: Kernel<TestBuffers> = (_job, from, to, args) => {
	if (from <= args[0] && args[0] < to) throw new Error(`item ${args[0]} is bad`);
};

/** The thread running any part but the caller's dies, as a thread that runs out of memory would. */
const die: Kernel<TestBuffers> = ({ part }) => {
	if (part > 0) process.exit(3);
};

export const kernels: KernelTable = { 'test.affine': affine, 'test.chunkSums': chunkSums, 'test.failOn': failOn, 'test.die': die };
