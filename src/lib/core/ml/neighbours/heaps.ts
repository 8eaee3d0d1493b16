/**
 * Bounded max-heaps, one per query of a chunk, ordered by (distance, training index), so the
 * root is the neighbour to drop first. Candidates arrive in increasing index order, so a later
 * candidate at the root's distance never displaces it: ties keep the earlier training row.
 */
export class Heaps {
	readonly dist: Float64Array;
	readonly idx: Int32Array;
	readonly size: Int32Array;
	/** Distance a candidate must beat to enter (Infinity until the heap is full). */
	readonly top: Float64Array;

	constructor(
		readonly queries: number,
		readonly k: number
	) {
		this.dist = new Float64Array(queries * k);
		this.idx = new Int32Array(queries * k);
		this.size = new Int32Array(queries);
		this.top = new Float64Array(queries).fill(Infinity);
	}

	reset(): void {
		this.size.fill(0);
		this.top.fill(Infinity);
	}

	push(q: number, d: number, i: number): void {
		const k = this.k;
		const base = q * k;
		const dist = this.dist;
		const idx = this.idx;
		let pos: number;
		if (this.size[q] < k) {
			// Sift up from the end.
			pos = this.size[q]++;
			while (pos > 0) {
				const parent = (pos - 1) >> 1;
				const pd = dist[base + parent];
				if (pd > d || (pd === d && idx[base + parent] > i)) break;
				dist[base + pos] = pd;
				idx[base + pos] = idx[base + parent];
				pos = parent;
			}
		} else {
			// Replace the root and sift down.
			pos = 0;
			for (;;) {
				let child = 2 * pos + 1;
				if (child >= k) break;
				const right = child + 1;
				if (
					right < k &&
					(dist[base + right] > dist[base + child] || (dist[base + right] === dist[base + child] && idx[base + right] > idx[base + child]))
				)
					child = right;
				const cd = dist[base + child];
				if (cd < d || (cd === d && idx[base + child] < i)) break;
				dist[base + pos] = cd;
				idx[base + pos] = idx[base + child];
				pos = child;
			}
		}
		dist[base + pos] = d;
		idx[base + pos] = i;
		if (this.size[q] === k) this.top[q] = dist[base];
	}

	/** Writes query q's neighbours, nearest first, into the output arrays at row `row`. */
	drain(q: number, row: number, index: Int32Array, distance: Float64Array, root: (d: number) => number): void {
		const k = this.k;
		// A query with a missing value has no finite distance: its heap stays short.
		const order = Array.from({ length: this.size[q] }, (_, j) => j);
		const base = q * k;
		order.sort((a, b) => this.dist[base + a] - this.dist[base + b] || this.idx[base + a] - this.idx[base + b]);
		for (let j = 0; j < k; j++) {
			index[row * k + j] = j < order.length ? this.idx[base + order[j]] : -1;
			distance[row * k + j] = j < order.length ? root(this.dist[base + order[j]]) : NaN;
		}
	}
}
