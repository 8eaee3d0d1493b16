import type { KernelTable } from './kernel';
import { histKernels } from '../ml/trees/hist-kernels';
import { binningKernels } from '../ml/trees/binning';
import { gemmSearchKernels } from '../ml/neighbours/gemm-kernels';
import { denseTrainKernels } from '../ml/dense/train-kernels';
import { csvKernels } from '../readers/csv-chunk-kernels';
import { linearKernels } from '../ml/models/linear-kernels';
import { predictKernels } from '../ml/trees/predict-kernels';

/** Every kernel a compute thread can run: the studio's worker and the CLI's threads import this one table. */
export const computeKernels: KernelTable = {
	...histKernels,
	...binningKernels,
	...csvKernels,
	...linearKernels,
	...gemmSearchKernels,
	...denseTrainKernels,
	...predictKernels
};
