/**
 * Hostile zips and PNGs built byte by byte, for the reader tests and the CLI tests: each
 * claims more than it holds, so a reader that trusts the claim before checking it would
 * spend the memory (or fail some other way) instead of refusing with a message.
 */
import { zipSync, zlibSync } from 'fflate';

const le32 = (b: Uint8Array, at: number, v: number) => {
	b[at] = v & 255;
	b[at + 1] = (v >>> 8) & 255;
	b[at + 2] = (v >>> 16) & 255;
	b[at + 3] = (v >>> 24) & 255;
};

/** Offsets of each central-directory record (signature PK\1\2) of a zip. */
function directoryRecords(zip: Uint8Array): number[] {
	const out: number[] = [];
	for (let i = 0; i + 4 <= zip.length; i++) if (zip[i] === 0x50 && zip[i + 1] === 0x4b && zip[i + 2] === 1 && zip[i + 3] === 2) out.push(i);
	return out;
}

/** A 2×2 gray PNG (filter None), valid, so only the claims around it are hostile. */
export function tinyPng(width = 2, height = 2, gray = 128): Uint8Array {
	const rows: number[] = [];
	for (let y = 0; y < height; y++) rows.push(0, ...new Array<number>(width).fill(gray));
	return pngWith(width, height, zlibSync(Uint8Array.from(rows)));
}

/** A gray 8-bit PNG whose IHDR claims `width` × `height` around the given IDAT bytes. */
export function pngWith(width: number, height: number, idat: Uint8Array): Uint8Array {
	const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
	const chunk = (type: string, body: ArrayLike<number>) => [
		...u32(body.length),
		...Array.from(type, (c) => c.charCodeAt(0)),
		...Array.from(body),
		0,
		0,
		0,
		0
	];
	return Uint8Array.from([
		0x89,
		0x50,
		0x4e,
		0x47,
		0x0d,
		0x0a,
		0x1a,
		0x0a,
		...chunk('IHDR', [...u32(width), ...u32(height), 8, 0, 0, 0, 0]),
		...chunk('IDAT', idat),
		...chunk('IEND', [])
	]);
}

/**
 * A zip bomb as its directory tells it: `members` images of `claimedBytes` each (up to 4 GB
 * apiece), whose compressed data is garbage. Inflating any of them fails, so a reader that
 * answers with the size limit has judged the directory before inflating.
 */
export function zipBomb(members: number, claimedBytes: number): Uint8Array {
	const files: Record<string, Uint8Array> = {};
	for (let i = 0; i < members; i++) files[`bomb/${i}.png`] = new Uint8Array(64).fill(7);
	const zip = zipSync(files, { level: 0 });
	for (const at of directoryRecords(zip)) {
		zip[at + 10] = 8; // compression: deflate (the stored bytes are not a deflate stream)
		le32(zip, at + 24, claimedBytes); // uncompressed size
	}
	return zip;
}

/** A 98-byte file whose end record (zip64) claims `entries` entries. */
export function zipClaimingEntries(entries: number): Uint8Array {
	const zip64End = new Uint8Array(56);
	le32(zip64End, 0, 0x06064b50);
	le32(zip64End, 4, 44);
	le32(zip64End, 24, entries % 2 ** 32); // entries on this disk
	le32(zip64End, 28, Math.floor(entries / 2 ** 32));
	le32(zip64End, 32, entries % 2 ** 32); // entries in total
	le32(zip64End, 36, Math.floor(entries / 2 ** 32));
	const locator = new Uint8Array(20);
	le32(locator, 0, 0x07064b50);
	le32(locator, 8, 0); // the zip64 end record's offset
	const end = new Uint8Array(22);
	le32(end, 0, 0x06054b50);
	end[8] = end[9] = end[10] = end[11] = 0xff; // 0xffff: see the zip64 record
	return Uint8Array.from([...zip64End, ...locator, ...end]);
}

/** A zip of images with a zip inside it. */
export function nestedZip(): Uint8Array {
	const inner = zipSync({ 'cats/1.png': tinyPng() });
	return zipSync({ 'cats/1.png': tinyPng(), 'more/inner.zip': inner });
}
