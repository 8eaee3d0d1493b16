/**
 * Whether tree arrays read from a file are safe to walk. Trees are grown parent first, so a
 * child's index is always greater than its parent's: checking that (and every index in range)
 * proves every walk ends at a leaf — a hostile file with a cycle would otherwise loop forever.
 */
export function treeArraysIssue(
	where: string,
	t: { readonly feature: ArrayLike<number>; readonly left: ArrayLike<number>; readonly right: ArrayLike<number> },
	features: number
): string | null {
	const n = t.feature.length;
	if (!n) return `${where} has no nodes`;
	if (t.left.length !== n || t.right.length !== n) return `${where}: its node arrays differ in length`;
	for (let i = 0; i < n; i++) {
		const f = t.feature[i];
		if (!Number.isInteger(f) || f >= features) return `${where} node ${i} splits on feature ${f}, which does not exist`;
		if (f < 0) continue;
		const l = t.left[i];
		const r = t.right[i];
		if (!Number.isInteger(l) || !Number.isInteger(r) || l <= i || r <= i || l >= n || r >= n)
			return `${where} node ${i} points to a child out of order or out of range`;
	}
	return null;
}
