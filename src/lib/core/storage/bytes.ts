/**
 * Sizes as a person reads them in a storage message: "about 48 MB", "1.2 GB". Two significant
 * figures below ten units, whole units above: the figures are estimates, and more digits
 * would claim a precision that IndexedDB's own accounting does not have. Binary units
 * (1 KB = 1,024 bytes), as the rest of the app writes sizes.
 */
const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function roundedBytes(n: number): string {
	if (!Number.isFinite(n) || n <= 0) return '0 B';
	let value = n;
	let unit = 0;
	while (value >= 1024 && unit < UNITS.length - 1) {
		value /= 1024;
		unit++;
	}
	// 1023.6 KB rounds to "1024 KB": say "1.0 MB" instead.
	if (unit < UNITS.length - 1 && Math.round(value) >= 1024) {
		value /= 1024;
		unit++;
	}
	const text = unit === 0 ? String(Math.round(value)) : value < 10 ? value.toFixed(1) : String(Math.round(value));
	return `${text} ${UNITS[unit]}`;
}
