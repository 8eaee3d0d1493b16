/**
 * Header names become column names, which must be unique and non-empty: an empty name
 * becomes `column_<position>` and a repeat gets `_2`, `_3`, ... (skipping any suffix a
 * real header already uses), so a column is never silently dropped or merged.
 */
export function uniqueHeaderNames(raw: readonly string[]): string[] {
	const taken = new Set<string>(raw.filter((name) => name !== ''));
	const used = new Set<string>();
	const names: string[] = [];
	for (let i = 0; i < raw.length; i++) {
		const base = raw[i] === '' ? `column_${i + 1}` : raw[i];
		let name = base;
		if (used.has(name)) {
			let k = 2;
			while (used.has(`${base}_${k}`) || taken.has(`${base}_${k}`)) k++;
			name = `${base}_${k}`;
		}
		used.add(name);
		names.push(name);
	}
	return names;
}
