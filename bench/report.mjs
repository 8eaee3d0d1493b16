// Turns merged case results into bench/results/latest.json and latest.md, and judges targets.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** Accuracy difference still counted as "equal accuracy". */
export const ACCURACY_TOLERANCE = 0.01;
export const STARTUP_BUDGET_BYTES = 300 * 1024;

/** @param {number|undefined|null} ms */
export function fmtMs(ms) {
	if (ms === undefined || ms === null || !Number.isFinite(ms)) return '—';
	if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
	if (ms >= 100) return `${ms.toFixed(0)} ms`;
	if (ms >= 10) return `${ms.toFixed(1)} ms`;
	return `${ms.toFixed(2)} ms`;
}

/** The ratio tessera / reference: per epoch for models that have it, otherwise total ms. */
export function ratioOf(r) {
	if (!r.tessera || !r.reference) return null;
	// not comparable when the two sides trained on different rows (e.g. a --quick GPU subset)
	const tRows = r.tessera.extra?.trainRows;
	const refRows = r.reference.extra?.train;
	if (typeof tRows === 'number' && typeof refRows === 'number' && tRows !== refRows) return null;
	const t = r.tessera.perEpochMs ?? r.tessera.ms;
	const ref = r.tessera.perEpochMs !== undefined && r.reference.perEpochMs !== undefined ? r.reference.perEpochMs : r.reference.ms;
	if (!(t >= 0) || !(ref > 0)) return null;
	return t / ref;
}

const sameAccuracy = (r) =>
	r.tessera?.accuracy !== undefined && r.reference?.accuracy !== undefined
		? r.tessera.accuracy >= r.reference.accuracy - ACCURACY_TOLERANCE
		: null;

/**
 * Whether the case meets its target; null when it has none or it could not be judged.
 * @param {import('./cases.mjs').CaseResult} r
 */
export function judge(r) {
	const t = r.tessera;
	if (!t) return null;
	const ratio = ratioOf(r);
	switch (r.id) {
		case 'import-csv':
			return ratio === null ? null : ratio <= 1.5;
		case 'batch-scoring':
		case 'drift':
			return ratio === null ? null : ratio <= 1;
		case 'profile':
		case 'correlation':
			return ratio === null ? null : ratio <= 1;
		case 'logistic':
		case 'mlp-auto': {
			const acc = sameAccuracy(r);
			return ratio === null || acc === null ? null : ratio <= 1 && acc;
		}
		case 'longtask-import':
		case 'longtask-train':
			if (t.count !== undefined) return t.count === 0;
			return t.ms <= 50;
		case 'startup':
			return t.bytes === undefined ? null : t.bytes < STARTUP_BUDGET_BYTES;
		case 'persist-reopen':
			return ratio === null ? null : ratio < 1;
		default:
			if (r.id.startsWith('train-') && r.target !== 'report only') {
				const acc = sameAccuracy(r);
				const limit = r.target.includes('2×') ? 2 : 1;
				return ratio === null || acc === null ? null : ratio <= limit && acc;
			}
			return r.met ?? null;
	}
}

function tesseraCell(r) {
	const t = r.tessera;
	if (!t) return r.note?.startsWith('not run') ? 'not run' : '—';
	const parts = [];
	if (r.id.startsWith('longtask')) {
		parts.push(t.count === 0 && !(t.ms > 0) ? '0 over 50 ms' : `${t.count ?? '?'} over 50 ms, longest ${fmtMs(t.ms)}`);
	} else if (r.id === 'startup') {
		if (t.bytes !== undefined) parts.push(`${(t.bytes / 1024).toFixed(0)} KB gzip`);
		parts.push(`TTI ${fmtMs(t.ms)}`);
	} else {
		parts.push(fmtMs(t.ms));
		if (t.perEpochMs !== undefined) parts.push(`(${fmtMs(t.perEpochMs)}/epoch)`);
	}
	if (t.accuracy !== undefined) parts.push(`acc ${t.accuracy.toFixed(3)}`);
	return parts.join(' ');
}

function referenceCell(r) {
	const ref = r.reference;
	if (!ref) return '—';
	const parts = [`${ref.tool}: ${fmtMs(ref.ms)}`];
	if (ref.perEpochMs !== undefined) parts.push(`(${fmtMs(ref.perEpochMs)}/epoch)`);
	if (ref.accuracy !== undefined) parts.push(`acc ${ref.accuracy.toFixed(3)}`);
	// A second reference (DuckDB for import and profile) with Tessera's ratio to it.
	const second = r.secondReference;
	if (second && r.tessera?.ms > 0 && second.ms > 0)
		parts.push(`; ${second.tool}: ${fmtMs(second.ms)} (ratio ${(r.tessera.ms / second.ms).toFixed(2)}×)`);
	return parts.join(' ');
}

const metCell = (met) => (met === true ? 'yes' : met === false ? '**no**' : '—');
const esc = (s) =>
	String(s ?? '')
		.replace(/\|/g, '\\|')
		.replace(/\n/g, ' ');

/** Threads Tessera's side ran on, where the case records it (Node cases); '—' where it does not (the browser's). */
function threadsCell(r) {
	const threads = r.tessera?.extra?.threads;
	return typeof threads === 'number' ? String(threads) : '—';
}

/** For a fit timed on one thread too: that time and its ratio, beside the ratio with all threads. */
export function threadsNote(r) {
	const one = r.tessera?.extra?.oneThreadMs;
	if (typeof one !== 'number' || !r.reference?.ms) return '';
	const all = r.tessera.extra.threads;
	return `1 thread: ${fmtMs(one)} (${(one / r.reference.ms).toFixed(2)}×); ${all} threads: ${fmtMs(r.tessera.ms)} (${(r.tessera.ms / r.reference.ms).toFixed(2)}×)`;
}

export function machineLine(m) {
	const py = m.python
		? `; reference: Python ${m.python.python}, pandas ${m.python.pandas}, numpy ${m.python.numpy}, scikit-learn ${m.python.sklearn}`
		: '; reference: not available';
	const blas = m.blas?.find?.((b) => b.internal_api === 'openblas');
	return (
		`${m.cores} cores (${m.cpuModel}), ${m.memoryGB} GB memory, ${m.platform}; Node ${m.node}; ` +
		`Chromium ${m.chromium ?? 'unknown'}; tfjs backends ${m.backends?.length ? m.backends.join(', ') : 'unknown'}` +
		`${py}${blas ? ` (OpenBLAS ${blas.version} ${blas.architecture ?? ''}, ${blas.num_threads} threads)` : ''}; ` +
		`OPENBLAS_CORETYPE=${m.OPENBLAS_CORETYPE ?? '(unset)'}; ${m.date}`
	);
}

export function markdown(doc) {
	const lines = [];
	lines.push(
		`Benchmark: ${doc.mode} run — rows: import ${doc.rows.import.toLocaleString('en-US')}, correlation ${doc.rows.corr.toLocaleString('en-US')}, classify ${doc.rows.classify.toLocaleString('en-US')} (80% train / 20% validation), MLP ${doc.epochs} epochs; median of ${doc.repeats} runs after a warm-up.`
	);
	lines.push('');
	lines.push('| Case | Tessera | Threads | Reference | Ratio | Target | Met? | Note |');
	lines.push('|---|---|---|---|---|---|---|---|');
	for (const r of doc.cases) {
		const ratio = r.ratio === null || r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`;
		const note = [threadsNote(r), r.note].filter(Boolean).join('; ');
		lines.push(
			`| ${esc(r.id)} (${r.where}) | ${esc(tesseraCell(r))} | ${threadsCell(r)} | ${esc(referenceCell(r))} | ${ratio} | ${esc(r.target ?? '')} | ${metCell(r.met)} | ${esc(note)} |`
		);
	}
	lines.push('');
	lines.push(`Machine: ${machineLine(doc.machine)}`);
	if (doc.referenceNote) lines.push('', `Reference: ${doc.referenceNote}`);
	lines.push(
		'',
		'Ratio = Tessera / reference (per epoch for the MLP); below 1 means Tessera is faster. Threads = threads Tessera used (the compute pool: one per core, `TESSERA_THREADS` to change).'
	);
	return lines.join('\n') + '\n';
}

/** Writes latest.json and latest.md; returns the Markdown. */
export async function writeReport(doc, dir = RESULTS_DIR) {
	await fsp.mkdir(dir, { recursive: true });
	const md = markdown(doc);
	await fsp.writeFile(path.join(dir, 'latest.json'), JSON.stringify(doc, null, 2) + '\n');
	await fsp.writeFile(path.join(dir, 'latest.md'), md);
	return md;
}
