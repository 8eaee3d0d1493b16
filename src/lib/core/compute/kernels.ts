import type { KernelTable } from './kernel';

/** Every kernel a compute thread can run: the studio's worker and the CLI's threads import this one table. */
export const computeKernels: KernelTable = {};
