import type { ComputePool } from '../src/lib/core/compute/pool';
import type { ImportOptions } from '../src/lib/core/engine/api';
import type { Frame } from '../src/lib/core/frame/types';
import { readerOptions } from '../src/lib/core/readers/import-options';
import { readTableBytes } from '../src/lib/core/readers/readers';
import { decodeImageInBrowser } from './decode-image';

/**
 * The reader follows the file name's extension, else the content (readers.ts); CSV is
 * fed in chunks with a yield between them so a cancel message can arrive.
 */
export function parseBytes(
	bytes: Uint8Array,
	fileName: string,
	signal?: AbortSignal,
	onProgress?: (n: number) => void,
	options: ImportOptions = {},
	compute?: ComputePool
): Promise<Frame> {
	return readTableBytes(bytes, { fileName, signal, onProgress, decodeImage: decodeImageInBrowser, compute, ...readerOptions(options) });
}
