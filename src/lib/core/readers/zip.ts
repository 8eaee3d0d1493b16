/**
 * A zip of images as a frame (see images.ts for the columns). Two layouts:
 *
 * - one folder per class: `cats/001.png`, `dogs/002.png` (any depth; the image's own
 *   folder is its label). A zip whose images all sit at its root gives unlabelled rows,
 *   for scoring with Predict.
 * - a CSV inside the zip with a path column and a label column (`path,label`); paths are
 *   relative to the CSV's folder. Images the CSV does not name are left out.
 *
 * Decoding is injected: the worker passes one built on the browser (every format it
 * knows); the CLI and tests use the pure-TS PNG decoder.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { CsvParser } from './csv-parser';
import { imagesToFrame, type ImageDecoder, type ImageFrameOptions, type LabelledImage } from '../frame/images';
import { decodePng, isPng } from './png';
import type { Frame } from '../frame/types';
import { yielder } from '../util/yield';
import { abortError } from '../util/abort';
import { surveyZip } from './zip-limits';

export interface ReadImageZipOptions extends ImageFrameOptions {
	/** Omitted: PNG only, decoded in TypeScript. */
	readonly decodeImage?: ImageDecoder;
	readonly signal?: AbortSignal;
	/** Bytes of the archive accounted for so far (as the other readers report). */
	readonly onProgress?: (bytesRead: number) => void;
}

/** A zip of images that cannot be read as one: the person can fix it (the CLI exits 2). */
export class ImageZipError extends Error {
	override name = 'ImageZipError';
}

const IMAGE_EXTENSION = /\.(png|jpe?g|gif|bmp|webp)$/i;
const PATH_HEADERS = ['path', 'file', 'filename', 'file_name', 'image', 'image_path', 'filepath'];
const LABEL_HEADERS = ['label', 'class', 'target', 'category', 'y'];

/** Zip members that are neither data nor folders of data: macOS resource forks, dotfiles. */
function ignored(name: string): boolean {
	return name.endsWith('/') || name.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

function normalise(path: string): string {
	const parts: string[] = [];
	for (const part of path.replace(/\\/g, '/').split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') parts.pop();
		else parts.push(part);
	}
	return parts.join('/');
}

const folderOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')));

/** The PNG decoder with the message a CLI user needs for other formats. */
export const decodePngImage: ImageDecoder = (bytes, path) => {
	if (!isPng(bytes))
		throw new ImageZipError(
			`${path}: not a PNG image; here only PNG images can be read (the studio in a browser also reads JPEG, GIF, BMP and WebP)`
		);
	return decodePng(bytes, path);
};

/** path → label from a CSV member; its paths are relative to its own folder. */
function labelsFromCsv(csvPath: string, text: string, images: ReadonlySet<string>): Map<string, string | null> {
	// Raw cells, not typed columns: a label reads as written ("yes" must not become "true").
	const parser = new CsvParser();
	parser.push(text.replace(/^\uFEFF/, ''));
	const table = parser.end();
	const find = (names: string[]) => table.header.findIndex((h) => names.includes(h.trim().toLowerCase()));
	const pathAt = find(PATH_HEADERS) >= 0 ? find(PATH_HEADERS) : 0;
	const labelAt = find(LABEL_HEADERS) >= 0 ? find(LABEL_HEADERS) : pathAt === 0 ? 1 : 0;
	if (table.header.length < 2)
		throw new ImageZipError(`${csvPath}: needs two columns, the image path and its label (a header such as "path,label")`);
	const base = folderOf(csvPath);
	const out = new Map<string, string | null>();
	for (let r = 0; r < table.rowCount; r++) {
		const given = table.columns[pathAt].get(r);
		if (given.trim() === '') throw new ImageZipError(`${csvPath} row ${r + 2}: the ${table.header[pathAt]} cell is empty`);
		const inFolder = normalise(base ? `${base}/${given}` : given);
		const path = images.has(inFolder) ? inFolder : normalise(given);
		if (!images.has(path)) throw new ImageZipError(`${csvPath} row ${r + 2}: "${given}" is not an image in the archive`);
		const label = table.columns[labelAt].get(r).trim();
		out.set(path, label === '' ? null : label);
	}
	if (out.size === 0) throw new ImageZipError(`${csvPath}: lists no images`);
	return out;
}

/** The one CSV that labels the images: the shallowest; two at that depth are ambiguous. */
function labelFile(csvs: string[]): string | null {
	if (!csvs.length) return null;
	const depth = (p: string) => p.split('/').length;
	const top = Math.min(...csvs.map(depth));
	const shallow = csvs.filter((p) => depth(p) === top);
	if (shallow.length > 1)
		throw new ImageZipError(`the zip holds several CSV files (${shallow.join(', ')}); keep one that lists path,label`);
	return shallow[0];
}

/** Labels by folder: the image's own folder names its class. */
function labelsFromFolders(paths: string[]): Map<string, string | null> {
	const atRoot = paths.filter((p) => !p.includes('/'));
	if (atRoot.length && atRoot.length < paths.length)
		throw new ImageZipError(
			`${atRoot[0]}: sits outside the class folders; put every image in a folder named after its class (cats/001.png), or add a CSV of path,label`
		);
	return new Map(paths.map((p) => [p, p.includes('/') ? folderOf(p).slice(folderOf(p).lastIndexOf('/') + 1) : null]));
}

export async function readImageZip(bytes: Uint8Array, options: ReadImageZipOptions = {}): Promise<Frame> {
	const { signal, onProgress } = options;
	const decode = options.decodeImage ?? decodePngImage;
	const wanted = (name: string) => !ignored(name) && (IMAGE_EXTENSION.test(name) || /\.csv$/i.test(name));
	// Limits from the central directory first (zip-limits.ts): nothing is inflated until they pass.
	surveyZip(bytes, wanted);
	let members: Record<string, Uint8Array>;
	try {
		members = unzipSync(bytes, { filter: (f: UnzipFileInfo) => wanted(f.name) });
	} catch (e) {
		throw new ImageZipError(`not a readable zip archive: ${e instanceof Error ? e.message : String(e)}`);
	}
	const names = Object.keys(members).map((n) => [n, normalise(n)] as const);
	const byPath = new Map(names.map(([raw, path]) => [path, members[raw]]));
	const imagePaths = names
		.map(([, p]) => p)
		.filter((p) => IMAGE_EXTENSION.test(p))
		.sort();
	if (!imagePaths.length) throw new ImageZipError('the zip holds no images (PNG, JPEG, GIF, BMP or WebP)');
	const csv = labelFile(names.map(([, p]) => p).filter((p) => /\.csv$/i.test(p)));
	const labels = csv ? labelsFromCsv(csv, new TextDecoder().decode(byPath.get(csv)), new Set(imagePaths)) : labelsFromFolders(imagePaths);

	const images: LabelledImage[] = [];
	const chosen = imagePaths.filter((p) => labels.has(p));
	const breathe = yielder();
	for (let i = 0; i < chosen.length; i++) {
		if (signal?.aborted) throw abortError();
		const path = chosen[i];
		let decoded;
		try {
			decoded = await decode(byPath.get(path)!, path);
		} catch (e) {
			// A TypeError or RangeError is a bug in a decoder, not a message for the person: not wrapped.
			if (e instanceof Error && e.name !== 'Error' && e.name !== 'ImageZipError') throw e;
			const message = e instanceof Error ? e.message : String(e);
			throw new ImageZipError(message.includes(path) ? message : `${path}: ${message}`);
		}
		images.push({ ...decoded, path, label: labels.get(path) ?? null });
		// Decoding is the slow part: report it, and let a Cancel message in.
		onProgress?.(Math.round((bytes.length * (i + 1)) / (chosen.length + 1)));
		await breathe();
	}
	const frame = imagesToFrame(images, options);
	onProgress?.(bytes.length);
	return frame;
}
