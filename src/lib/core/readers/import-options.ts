import type { ImportOptions } from '../engine/api';
import { contentHash } from '../util/digest';
import { stableStringify } from '../util/hash';
import type { ReadTableOptions } from './readers';

export type ReaderChoices = Pick<ReadTableOptions, 'encoding' | 'decimal' | 'delimiter'>;

/** A user's import choices as reader options: 'auto' is the readers' own detection (an omitted option). */
export function readerOptions(o: ImportOptions): ReaderChoices {
	return {
		...(o.encoding && o.encoding !== 'auto' ? { encoding: o.encoding } : {}),
		...(o.decimal && o.decimal !== 'auto' ? { decimal: o.decimal } : {}),
		...(o.delimiter && o.delimiter !== 'auto' ? { delimiter: o.delimiter } : {})
	};
}

/**
 * The fingerprint of an imported dataset: the bytes' hash, or — when the user forced an
 * encoding, delimiter or decimal separator — a hash of the bytes' hash and those choices,
 * since the same bytes read another way are another dataset. The studio and the CLI both
 * use this, so a pipeline's hash matches the same file read the same way anywhere.
 */
export async function datasetHash(bytes: Uint8Array, chosen: ReaderChoices): Promise<string> {
	const bytesHash = await contentHash(bytes);
	if (Object.keys(chosen).length === 0) return bytesHash;
	return contentHash(new TextEncoder().encode(`${bytesHash} ${stableStringify(chosen)}`));
}
