import type { ImageDecoder } from '../src/lib/core/frame/images';
import { decodePngImage } from '../src/lib/core/readers/zip';
import { checkImageSize, pngSize } from '../src/lib/core/readers/png';

/**
 * Decodes an image of a zip with the browser (PNG, JPEG, GIF, BMP, WebP), in the worker:
 * createImageBitmap, then an OffscreenCanvas for the RGBA bytes. Colour-space conversion
 * is off so pixel values are the file's own, as the TypeScript PNG decoder (CLI) reads them.
 * Where either API is missing (Node), PNGs are decoded in TypeScript instead.
 * The pixel limit is checked twice: from a PNG's header before the browser decodes anything,
 * and for every format from the bitmap's size before its RGBA copy is allocated.
 */
export const decodeImageInBrowser: ImageDecoder = async (bytes, path) => {
	if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return decodePngImage(bytes, path);
	const claimed = pngSize(bytes);
	if (claimed) checkImageSize(claimed.width, claimed.height, path);
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
			colorSpaceConversion: 'none',
			premultiplyAlpha: 'none'
		});
	} catch {
		throw new Error(`${path}: not a PNG, JPEG, GIF, BMP or WebP image the browser can decode`);
	}
	try {
		checkImageSize(bitmap.width, bitmap.height, path);
		const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error(`${path}: this browser gives workers no 2D canvas to read the image's pixels`);
		context.drawImage(bitmap, 0, 0);
		return { width: bitmap.width, height: bitmap.height, pixels: context.getImageData(0, 0, bitmap.width, bitmap.height).data };
	} finally {
		bitmap.close();
	}
};
