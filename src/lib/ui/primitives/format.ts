/** Small formatting helpers shared by the views. */
export function fmtNumber(v: number | null | undefined, digits = 4): string {
	if (v === null || v === undefined || Number.isNaN(v)) return '—';
	if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
	if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
	const a = Math.abs(v);
	if (a !== 0 && (a < 1e-3 || a >= 1e7)) return v.toExponential(2);
	return v.toFixed(a >= 1000 ? 1 : digits);
}

export function fmtFixed(v: number | null | undefined, digits = 4): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return '—';
	return v.toFixed(digits);
}

export function fmtInt(v: number): string {
	return v.toLocaleString('en-US');
}

export function fmtBytes(n: number): string {
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
	if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
	return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function fmtMs(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
	return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function fmtDate(iso: string): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	const now = Date.now();
	const diff = now - d.getTime();
	if (diff < 60_000) return 'just now';
	if (diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
	if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)} h ago`;
	return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A pipeline file name from a project name. */
export function fileSafe(name: string): string {
	return (name.replace(/[^\w\- .]+/g, '_').trim() || 'pipeline').slice(0, 80);
}
