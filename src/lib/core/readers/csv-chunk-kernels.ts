/**
 * The compute-pool kernels of the parallel CSV reader (csv-parallel.ts): each item is one
 * chunk of the file's UTF-8 bytes that starts at a record boundary.
 * - `csvCount` (csv-count-pass.ts): records per chunk, and where each chunk's last record ends.
 * - `csvFill` (csv-fill-pass.ts): each cell's number, or its span and dictionary code.
 */
import { countKernel } from './csv-count-pass';
import { fillKernel } from './csv-fill-pass';

export const csvKernels = { csvCount: countKernel, csvFill: fillKernel };
