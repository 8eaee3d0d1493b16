/** Edit distance (insert, delete, substitute), case-insensitive: "did you mean" hints. */
export function editDistance(a: string, b: string): number {
	const s = a.toLowerCase();
	const t = b.toLowerCase();
	let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
	for (let i = 1; i <= s.length; i++) {
		const cur = [i];
		for (let j = 1; j <= t.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
		prev = cur;
	}
	return prev[t.length];
}

/** The closest candidate within a few edits (about a third of the name), or null. */
export function closest(name: string, candidates: Iterable<string>): string | null {
	const limit = Math.max(2, Math.floor(name.length / 3));
	let best: string | null = null;
	let bestDistance = Infinity;
	for (const c of candidates) {
		// Long names cost O(n·m); a name far longer or shorter cannot be within the limit anyway.
		if (Math.abs(c.length - name.length) > limit) continue;
		const d = editDistance(name, c);
		if (d < bestDistance) [best, bestDistance] = [c, d];
	}
	return bestDistance <= limit ? best : null;
}

export const hint = (suggestion: string | null) => (suggestion === null ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`);
