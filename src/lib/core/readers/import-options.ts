import type { ImportOptions } from '../engine/api';
import { FINGERPRINT_PREFIX, fingerprintBytes, fingerprintForm, fingerprintText, type Fingerprint } from '../util/fingerprint';
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
 * The fingerprint of an imported dataset: the bytes' SHA-256, or — when the user forced an
 * encoding, delimiter or decimal separator — the SHA-256 of the bytes' fingerprint and those
 * choices, since the same bytes read another way are another dataset. The studio and the CLI
 * both use this, so a pipeline's hash matches the same file read the same way anywhere.
 */
export async function datasetHash(bytes: Uint8Array, chosen: ReaderChoices): Promise<Fingerprint> {
	const bytesHash = await fingerprintBytes(bytes);
	if (Object.keys(chosen).length === 0) return bytesHash;
	return fingerprintText(`${bytesHash} ${stableStringify(chosen)}`);
}

/** What Tessera recorded before fingerprints were SHA-256 in full: SHA-256 cut to 16 hex digits. */
async function legacyDigest(bytes: Uint8Array): Promise<string> {
	return (await fingerprintBytes(bytes)).slice(FINGERPRINT_PREFIX.length, FINGERPRINT_PREFIX.length + 16);
}

/** A dataset's hash as earlier versions wrote it (that 16-digit checksum): kept only to check old records. */
export async function legacyDatasetHash(bytes: Uint8Array, chosen: ReaderChoices): Promise<string> {
	const bytesHash = await legacyDigest(bytes);
	if (Object.keys(chosen).length === 0) return bytesHash;
	return legacyDigest(new TextEncoder().encode(`${bytesHash} ${stableStringify(chosen)}`));
}

/**
 * Whether these bytes, read with these choices, are the dataset a pipeline, bundle or model
 * recorded as `recorded`: `same` (SHA-256 agrees), `same-legacy` (the record is an older
 * 16-digit checksum and the bytes give it: accepted, with a note, since that checksum is
 * weaker), or `different` with the file's fingerprint.
 */
export type DatasetCheck =
	| { readonly kind: 'same'; readonly hash: Fingerprint }
	| { readonly kind: 'same-legacy'; readonly hash: Fingerprint }
	| { readonly kind: 'different'; readonly hash: Fingerprint };

export async function checkDataset(bytes: Uint8Array, chosen: ReaderChoices, recorded: string): Promise<DatasetCheck> {
	const hash = await datasetHash(bytes, chosen);
	if (hash === recorded) return { kind: 'same', hash };
	if (fingerprintForm(recorded) === 'legacy' && (await legacyDatasetHash(bytes, chosen)) === recorded) return { kind: 'same-legacy', hash };
	return { kind: 'different', hash };
}
