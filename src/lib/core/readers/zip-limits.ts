/**
 * What a zip of images may hold, judged from its central directory alone, before a byte is
 * inflated: a zip bomb (huge uncompressed size), millions of entries, or a zip inside the
 * zip is refused with a message while the only memory spent is the archive itself.
 *
 * Inflating is safe once the survey passes: fflate inflates each member into a buffer of the
 * size its directory entry declares, so a member that lies about its size cannot grow past it.
 */
import { unzipSync } from 'fflate';

export const ZIP_LIMITS = {
	/** Entries in the central directory (MNIST's 70,000 images fit). */
	maxEntries: 100_000,
	/** Uncompressed bytes of the members that are read (images and CSVs). */
	maxExpanded: 1 << 30
} as const;

/** The smallest central-directory record: a count that needs more bytes than the file has is a lie. */
const DIRECTORY_RECORD = 46;
const END_RECORD = 22;
const END_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;

export type ZipRefusal =
	| { readonly kind: 'not-zip'; readonly detail: string }
	| { readonly kind: 'too-many-entries'; readonly entries: number }
	| { readonly kind: 'directory-lies'; readonly entries: number; readonly bytes: number }
	| { readonly kind: 'too-large'; readonly expanded: number }
	| { readonly kind: 'nested'; readonly name: string };

export function zipRefusalMessage(r: ZipRefusal): string {
	const mb = (n: number) => `${Math.round(n / (1 << 20)).toLocaleString('en')} MB`;
	switch (r.kind) {
		case 'not-zip':
			return `not a readable zip archive: ${r.detail}`;
		case 'too-many-entries':
			return `the zip lists ${r.entries.toLocaleString('en')} entries; at most ${ZIP_LIMITS.maxEntries.toLocaleString('en')} are read — split it into smaller archives`;
		case 'directory-lies':
			return `the zip is corrupt: its directory claims ${r.entries.toLocaleString('en')} entries, more than its ${r.bytes.toLocaleString('en')} bytes can hold`;
		case 'too-large':
			return `the zip's images expand to ${mb(r.expanded)}, more than the ${mb(ZIP_LIMITS.maxExpanded)} that are read; import fewer or smaller images`;
		case 'nested':
			return `${r.name}: a zip inside the zip; archives inside archives are not opened — unzip it and import the inner archive itself`;
	}
}

export class ZipLimitError extends Error {
	constructor(readonly refusal: ZipRefusal) {
		super(zipRefusalMessage(refusal));
		this.name = 'ZipLimitError';
	}
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
/** A zip64 count as a number; counts past 2^53 are lies anyway, and compare as such. */
const u64 = (b: Uint8Array, at: number) => u32(b, at) + u32(b, at + 4) * 2 ** 32;

/** The entry count the end-of-central-directory record declares (zip64 where present), or a refusal. */
function declaredEntries(bytes: Uint8Array): number {
	// The end record sits in the last 22 + 65,535 (comment) bytes.
	const stop = Math.max(0, bytes.length - END_RECORD - 0xffff);
	for (let e = bytes.length - END_RECORD; e >= stop; e--) {
		if (u32(bytes, e) !== END_SIGNATURE) continue;
		let entries = u16(bytes, e + 10);
		if (e >= 20 && u32(bytes, e - 20) === ZIP64_LOCATOR) {
			const at = Number(u64(bytes, e - 12));
			if (at + 56 <= bytes.length && u32(bytes, at) === ZIP64_END) entries = u64(bytes, at + 32);
		}
		return entries;
	}
	throw new ZipLimitError({ kind: 'not-zip', detail: 'no end-of-archive record (the file is truncated or not a zip)' });
}

export interface ZipSurvey {
	readonly entries: number;
	/** Uncompressed bytes of the members `wanted` accepted. */
	readonly expanded: number;
}

/**
 * Reads the central directory only and refuses what the limits forbid. `wanted` says which
 * members will be inflated (their sizes count); a member named *.zip is refused as nesting.
 */
export function surveyZip(bytes: Uint8Array, wanted: (name: string) => boolean): ZipSurvey {
	const entries = declaredEntries(bytes);
	if (entries > ZIP_LIMITS.maxEntries) throw new ZipLimitError({ kind: 'too-many-entries', entries });
	if (entries * DIRECTORY_RECORD > bytes.length) throw new ZipLimitError({ kind: 'directory-lies', entries, bytes: bytes.length });
	let expanded = 0;
	try {
		// With a filter that accepts nothing, fflate walks the directory and inflates nothing.
		unzipSync(bytes, {
			filter: (f) => {
				if (/\.zip$/i.test(f.name) && !f.name.split('/').some((p) => p.startsWith('.') || p === '__MACOSX'))
					throw new ZipLimitError({ kind: 'nested', name: f.name });
				if (wanted(f.name)) expanded += f.originalSize;
				return false;
			}
		});
	} catch (e) {
		if (e instanceof ZipLimitError) throw e;
		throw new ZipLimitError({ kind: 'not-zip', detail: e instanceof Error ? e.message : String(e) });
	}
	if (expanded > ZIP_LIMITS.maxExpanded) throw new ZipLimitError({ kind: 'too-large', expanded });
	return { entries, expanded };
}
