import type { ComputeJob } from './pool';

/**
 * Parallel for: `kernel` over items [0, count) in contiguous runs, one per thread. The kernel
 * writes each item's result where only that item writes, so any split gives the same arrays.
 */
export const parallelFor = (job: ComputeJob, kernel: string, count: number, args: readonly number[] = []): Promise<void> =>
	job.run(kernel, count, args);

/**
 * Ordered reduce: the items are cut into chunks of `chunk` (a size that never depends on the
 * threads), `kernel` writes chunk c's partial result to `partials[c]` (its arguments: chunk,
 * count, then `args`), and the partials are combined here in chunk order. So the result is
 * the same to the bit with 1 thread or N.
 */
export async function orderedReduce(
	job: ComputeJob,
	kernel: string,
	count: number,
	chunk: number,
	partials: Float64Array,
	args: readonly number[] = [],
	combine: (acc: number, partial: number) => number = (acc, partial) => acc + partial
): Promise<number> {
	if (!(chunk >= 1)) throw new Error(`a reduction's chunk must be at least 1 (got ${chunk})`);
	const chunks = Math.ceil(count / chunk);
	if (partials.length < chunks) throw new Error(`a reduction over ${chunks} chunks needs ${chunks} partials (got ${partials.length})`);
	await job.run(kernel, chunks, [chunk, count, ...args]);
	let acc = chunks ? partials[0] : 0;
	for (let c = 1; c < chunks; c++) acc = combine(acc, partials[c]);
	return acc;
}
