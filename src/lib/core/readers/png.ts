/**
 * A small PNG decoder in pure TypeScript, so the CLI and Node tests read zips of PNG images
 * without a browser. The worker decodes with the browser instead (any format it knows);
 * this one covers what image datasets use: 8-bit (and 16-bit, reduced to 8) grayscale,
 * grayscale + alpha, RGB, RGBA and palette images, not interlaced.
 */
import { unzlibSync } from 'fflate';
import type { DecodedImage } from '../frame/images';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Samples per pixel by colour type. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Larger images are almost certainly not a dataset of small pictures, and would exhaust memory. */
export const MAX_PIXELS = 64 * 1024 * 1024;

export function isPng(bytes: Uint8Array): boolean {
	return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * The size a PNG's header claims, or null when it has no readable IHDR. The browser's decoder
 * is asked only after this passes: a file that claims 100,000 × 100,000 pixels is refused
 * before anything is allocated for it.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
	// IHDR is the first chunk: signature (8), length (4), "IHDR" (4), width, height.
	if (!isPng(bytes) || bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
	return { width: u32(bytes, 16), height: u32(bytes, 20) };
}

/** Refuses a size outside 1 … MAX_PIXELS pixels, naming the file. */
export function checkImageSize(width: number, height: number, what: string): void {
	if (width < 1 || height < 1 || width * height > MAX_PIXELS)
		throw new Error(
			`${what}: image size ${width.toLocaleString('en')}×${height.toLocaleString('en')} is out of range (at most ${MAX_PIXELS.toLocaleString('en')} pixels)`
		);
}

function u32(bytes: Uint8Array, at: number): number {
	return ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters in place; returns the filtered-out scanlines without their filter bytes. */
function unfilter(data: Uint8Array, height: number, stride: number, bpp: number, what: string): Uint8Array {
	if (data.length < height * (stride + 1))
		throw new Error(`${what}: image data is truncated (${data.length} of ${height * (stride + 1)} bytes)`);
	const out = new Uint8Array(height * stride);
	for (let y = 0; y < height; y++) {
		const type = data[y * (stride + 1)];
		const src = y * (stride + 1) + 1;
		const row = y * stride;
		const prev = row - stride;
		for (let i = 0; i < stride; i++) {
			const x = data[src + i];
			const a = i >= bpp ? out[row + i - bpp] : 0;
			const b = y > 0 ? out[prev + i] : 0;
			const c = y > 0 && i >= bpp ? out[prev + i - bpp] : 0;
			let v: number;
			if (type === 0) v = x;
			else if (type === 1) v = x + a;
			else if (type === 2) v = x + b;
			else if (type === 3) v = x + ((a + b) >> 1);
			else if (type === 4) v = x + paeth(a, b, c);
			else throw new Error(`${what}: unknown row filter ${type} in row ${y}`);
			out[row + i] = v & 0xff;
		}
	}
	return out;
}

/**
 * Decodes a PNG to RGBA. `what` names the file in errors (e.g. its path inside a zip).
 * Chunk CRCs are not checked: zlib's own checksum already guards the pixel data.
 */
export function decodePng(bytes: Uint8Array, what = 'image'): DecodedImage {
	if (!isPng(bytes)) throw new Error(`${what}: not a PNG file`);
	let width = 0;
	let height = 0;
	let depth = 0;
	let colorType = -1;
	let palette: Uint8Array | null = null;
	let transparency: Uint8Array | null = null;
	const idat: Uint8Array[] = [];
	let at = 8;
	while (at + 8 <= bytes.length) {
		const length = u32(bytes, at);
		const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
		const body = bytes.subarray(at + 8, at + 8 + length);
		if (body.length < length) throw new Error(`${what}: the ${type} chunk is truncated`);
		if (type === 'IHDR') {
			width = u32(body, 0);
			height = u32(body, 4);
			depth = body[8];
			colorType = body[9];
			if (body[12] !== 0) throw new Error(`${what}: interlaced PNGs are not supported; save it without interlacing`);
		} else if (type === 'PLTE') palette = body;
		else if (type === 'tRNS') transparency = body;
		else if (type === 'IDAT') idat.push(body);
		else if (type === 'IEND') break;
		at += 12 + length;
	}
	const channels = CHANNELS[colorType];
	if (channels === undefined) throw new Error(`${what}: unknown PNG colour type ${colorType}`);
	if (depth !== 8 && depth !== 16) throw new Error(`${what}: ${depth}-bit PNGs are not supported; use 8-bit samples`);
	if (colorType === 3 && (!palette || depth !== 8)) throw new Error(`${what}: palette PNG without an 8-bit palette`);
	checkImageSize(width, height, what);
	if (!idat.length) throw new Error(`${what}: no image data (IDAT chunk)`);

	const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
	let offset = 0;
	for (const c of idat) {
		joined.set(c, offset);
		offset += c.length;
	}
	const bytesPerSample = depth / 8;
	const bpp = channels * bytesPerSample;
	let inflated: Uint8Array;
	try {
		// Into a buffer of exactly the size the header implies: a small IDAT that inflates to
		// gigabytes (a decompression bomb inside a PNG) cannot grow past it.
		inflated = unzlibSync(joined, { out: new Uint8Array(height * (width * bpp + 1)) });
	} catch (e) {
		throw new Error(`${what}: the compressed image data is corrupt (${e instanceof Error ? e.message : String(e)})`);
	}
	const raw = unfilter(inflated, height, width * bpp, bpp, what);

	const pixels = new Uint8ClampedArray(width * height * 4);
	// 16-bit samples keep their high byte: datasets need no more than 8 bits per channel.
	const sample = (p: number, ch: number) => raw[p * bpp + ch * bytesPerSample];
	for (let p = 0; p < width * height; p++) {
		const o = p * 4;
		if (colorType === 3) {
			const index = raw[p];
			if (index * 3 + 2 >= palette!.length) throw new Error(`${what}: pixel ${p} refers to palette entry ${index}, past the palette's end`);
			pixels[o] = palette![index * 3];
			pixels[o + 1] = palette![index * 3 + 1];
			pixels[o + 2] = palette![index * 3 + 2];
			pixels[o + 3] = transparency && index < transparency.length ? transparency[index] : 255;
		} else if (channels <= 2) {
			const g = sample(p, 0);
			pixels[o] = pixels[o + 1] = pixels[o + 2] = g;
			pixels[o + 3] = channels === 2 ? sample(p, 1) : 255;
		} else {
			pixels[o] = sample(p, 0);
			pixels[o + 1] = sample(p, 1);
			pixels[o + 2] = sample(p, 2);
			pixels[o + 3] = channels === 4 ? sample(p, 3) : 255;
		}
	}
	return { width, height, pixels };
}
