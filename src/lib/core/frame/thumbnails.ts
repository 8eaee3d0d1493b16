import type { ImageShape } from './images';

/**
 * One image's pixel values (the px_ columns of a row, in reading order) as RGBA bytes for a
 * canvas. Values in [0, 1] (as imported) are drawn as they are; values outside it (after a
 * Scale step) are stretched over the image's own range, so a scaled image still reads. A
 * missing value is drawn transparent.
 */
export function thumbnailRgba(values: ArrayLike<number>, shape: ImageShape): Uint8ClampedArray {
	const pixels = shape.height * shape.width;
	let lo = Infinity;
	let hi = -Infinity;
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (v < lo) lo = v;
		if (v > hi) hi = v;
	}
	const unit = lo >= 0 && hi <= 1;
	const from = unit ? 0 : lo;
	const span = unit ? 1 : hi - lo || 1;
	const out = new Uint8ClampedArray(pixels * 4);
	for (let p = 0; p < pixels; p++) {
		let missing = false;
		for (let c = 0; c < 3; c++) {
			const v = values[p * shape.channels + (shape.channels === 1 ? 0 : c)];
			if (v !== v) missing = true;
			out[p * 4 + c] = Math.round(((v - from) / span) * 255);
		}
		out[p * 4 + 3] = missing ? 0 : 255;
	}
	return out;
}

/** A row's pixel values from cell text (a window of rows, as the page receives it), in `columns` order. */
export function pixelsOfRow(cells: readonly string[], indices: readonly number[]): Float64Array {
	const out = new Float64Array(indices.length);
	for (let k = 0; k < indices.length; k++) {
		const s = cells[indices[k]];
		out[k] = s === '' || s === undefined ? NaN : Number(s);
	}
	return out;
}
