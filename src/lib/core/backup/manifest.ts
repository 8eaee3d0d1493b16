import { safeJsonParse } from '../doc/safe-json';
import { unsafeEntryName } from '../bundle/format';
import {
	BackupError,
	MANIFEST_PATH,
	WORKSPACE_FORMAT,
	WORKSPACE_LIMITS,
	WORKSPACE_VERSION,
	type DatasetEntry,
	type FileEntry,
	type RecordEntry,
	type WorkspaceManifest
} from './format';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSha = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The manifest of a workspace backup, checked field by field; every message names the field. */
export function readWorkspaceManifest(text: string): WorkspaceManifest {
	const parsed = safeJsonParse(text, { maxBytes: WORKSPACE_LIMITS.maxManifestBytes, maxDepth: 8 });
	if (!parsed.ok) throw new BackupError(`${MANIFEST_PATH} cannot be read: ${parsed.errors.slice(0, 3).join('; ')}`);
	const raw = parsed.value;
	const fail = (where: string, what: string): never => {
		throw new BackupError(`${MANIFEST_PATH}: ${where} ${what}`);
	};
	if (!isRecord(raw)) return fail('the manifest', 'must be an object');
	if (raw.format !== WORKSPACE_FORMAT)
		return fail(
			'"format"',
			raw.format === 'tessera/bundle'
				? 'is "tessera/bundle": this is a share bundle of one project — open it with "Open pipeline or bundle…"'
				: `must be "${WORKSPACE_FORMAT}"`
		);
	if (raw.version !== WORKSPACE_VERSION)
		fail(
			'"version"',
			`is ${JSON.stringify(raw.version)}; this app reads workspace backups of version ${WORKSPACE_VERSION}${
				typeof raw.version === 'number' && raw.version > WORKSPACE_VERSION ? ' (it was written by a newer Tessera: update the app)' : ''
			}`
		);
	if (!isRecord(raw.files)) return fail('"files"', 'must map each entry to its sha256 and bytes');
	const files: Record<string, FileEntry> = {};
	for (const [path, f] of Object.entries(raw.files)) {
		if (unsafeEntryName(path) || path === MANIFEST_PATH) fail(`"files"`, `names an unsafe entry "${path.slice(0, 120)}"`);
		if (!isRecord(f) || !isSha(f.sha256) || !isCount(f.bytes))
			fail(`"files"."${path}"`, 'must be { sha256: 64 hex digits, bytes: a whole number }');
		files[path] = { sha256: (f as { sha256: string }).sha256, bytes: (f as { bytes: number }).bytes };
	}
	const list = (key: 'projects' | 'experiments' | 'models'): RecordEntry[] => {
		const items = raw[key];
		if (!Array.isArray(items)) return fail(`"${key}"`, 'must be a list');
		const ids = new Set<string>();
		return items.map((e: unknown, i): RecordEntry => {
			const at = `${key}[${i}]`;
			if (!isRecord(e)) return fail(at, 'must be an object');
			if (typeof e.id !== 'string' || !e.id) fail(`${at}.id`, 'must be a non-empty string');
			if (ids.has(e.id as string)) fail(`${at}.id`, `repeats "${e.id}"`);
			ids.add(e.id as string);
			if (typeof e.name !== 'string') fail(`${at}.name`, 'must be a string');
			if (typeof e.path !== 'string' || !e.path.startsWith(`${key}/`) || !e.path.endsWith('.json') || !files[e.path])
				fail(`${at}.path`, `must name a ${key}/….json entry listed in "files"`);
			if (!isSha(e.hash)) fail(`${at}.hash`, 'must be a SHA-256 (64 hex digits)');
			return { id: e.id as string, name: e.name as string, path: e.path as string, hash: e.hash as string };
		});
	};
	const projects = list('projects');
	const experiments = list('experiments');
	const models = list('models');
	if (!Array.isArray(raw.datasets)) return fail('"datasets"', 'must be a list');
	const folders = new Set<string>();
	const datasets = raw.datasets.map((d: unknown, i): DatasetEntry => {
		const at = `datasets[${i}]`;
		if (!isRecord(d)) return fail(at, 'must be an object');
		for (const k of ['id', 'name', 'fingerprint'] as const)
			if (typeof d[k] !== 'string' || !d[k]) fail(`${at}.${k}`, 'must be a non-empty string');
		if (!isCount(d.rows)) fail(`${at}.rows`, 'must be a whole number');
		if (typeof d.folder !== 'string' || !/^datasets\/[^/]+\/$/.test(d.folder) || folders.has(d.folder) || !files[`${d.folder}meta.json`])
			fail(`${at}.folder`, 'must be its own datasets/…/ folder holding a meta.json listed in "files"');
		folders.add(d.folder as string);
		return {
			id: d.id as string,
			name: d.name as string,
			fingerprint: d.fingerprint as string,
			rows: d.rows as number,
			folder: d.folder as string
		};
	});
	const counts = raw.counts;
	const actual = { projects: projects.length, datasets: datasets.length, experiments: experiments.length, models: models.length };
	if (!isRecord(counts)) return fail('"counts"', 'must be an object');
	for (const k of Object.keys(actual) as (keyof typeof actual)[])
		if (counts[k] !== actual[k]) fail(`"counts".${k}`, `says ${JSON.stringify(counts[k])}, but ${actual[k]} are listed`);
	return {
		format: WORKSPACE_FORMAT,
		version: WORKSPACE_VERSION,
		created: typeof raw.created === 'string' ? raw.created : '',
		tessera: typeof raw.tessera === 'string' ? raw.tessera : '',
		counts: actual,
		projects,
		datasets,
		experiments,
		models,
		files
	};
}
