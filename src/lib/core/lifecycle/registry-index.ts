/**
 * The index of a registry directory (`registry.json`): which versions of which models exist,
 * which one is served, and what happened to them. Pure: parsing, checking and every edit the
 * lifecycle commands make (register, promote, roll back) live here, so the server, the CLI and
 * the tests change the index one way. The file system side is src/cli/registry-dir.ts.
 *
 *   { "models": { "churn": {
 *       "active": "2",
 *       "versions": { "1": { "file": "churn-1.tessera-model", "stage": "Archived", … },
 *                     "2": { "file": "churn-2.tessera-model", "stage": "Production", … } },
 *       "history": [ { "event": "registered", "version": "2", "at": "…", "actor": "…" }, … ] } } }
 *
 * Only `active` and each version's `file` are required: an index written before stages and
 * history existed still loads. Stages use MLflow's names; `active` stays the one truth for what
 * is served, and writers keep the stages consistent with it (the active version is Production,
 * the one it replaced Archived).
 */

export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

export interface VersionEntry {
	/** The model file, relative to the registry folder. */
	readonly file: string;
	readonly stage?: Stage;
	/** ISO time it was registered. */
	readonly registeredAt?: string;
	/** The model file's content hash (SHA-256 of its body, as its manifest says). */
	readonly contentHash?: string;
	/** Flat figures on the held-out rows it was judged on (or its own test metrics). */
	readonly metrics?: Readonly<Record<string, number>>;
	/** The model card written beside it, relative to the folder. */
	readonly card?: string;
	/** Limitations a person typed in, shown in its model card. */
	readonly limitations?: string;
}

/** The scores a promotion was decided on (both on the same held-out rows). */
export interface DecisionRecord {
	readonly metric: string;
	readonly direction: 'max' | 'min';
	readonly challenger: number | null;
	readonly champion: number | null;
	readonly championVersion: string | null;
	readonly minGain: number;
	/** Which held-out rows and how many. */
	readonly rows: { readonly role: 'test' | 'validation'; readonly count: number };
	readonly promoted: boolean;
}

/** What fired an automatic rollback. */
export interface RuleRecord {
	readonly rule: string;
	readonly value: number;
	/** Scoring requests the value was measured on. */
	readonly requests: number;
}

interface EventBase {
	readonly at: string;
	/** Who or what did it: a user name, `tessera retrain`, `tessera serve`. */
	readonly actor: string;
	readonly reason?: string;
}

export type HistoryEvent =
	| (EventBase & { readonly event: 'registered'; readonly version: string; readonly decision?: DecisionRecord })
	| (EventBase & { readonly event: 'promoted'; readonly version: string; readonly from: string | null; readonly decision?: DecisionRecord })
	| (EventBase & { readonly event: 'rolled-back'; readonly version: string; readonly from: string; readonly rule?: RuleRecord });

export interface ModelEntry {
	/** The version served to a request that names none: the Production one. */
	readonly active: string;
	readonly versions: Readonly<Record<string, VersionEntry>>;
	readonly history?: readonly HistoryEvent[];
}

export interface RegistryIndex {
	readonly models: Readonly<Record<string, ModelEntry>>;
}

/** A registry index that cannot be read or an edit that cannot be made, in words a person can act on. */
export class RegistryIndexError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'RegistryIndexError';
	}
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const EVENTS = ['registered', 'promoted', 'rolled-back'];

/** Parse and check `registry.json`'s text; `where` names the file in messages. */
export function parseRegistryIndex(text: string, where: string): RegistryIndex {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (e) {
		throw new RegistryIndexError(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
	}
	const bad = (what: string) => new RegistryIndexError(`${where}: ${what} (see README "Serve" for the layout)`);
	if (!isObject(value) || !isObject(value.models)) throw bad('expected {"models": {...}}');
	for (const [name, m] of Object.entries(value.models)) {
		if (!isObject(m) || typeof m.active !== 'string' || !isObject(m.versions))
			throw bad(`model "${name}" needs "active" (a version) and "versions"`);
		for (const [v, entry] of Object.entries(m.versions)) {
			if (!isObject(entry) || typeof entry.file !== 'string') throw bad(`model "${name}" version "${v}" needs "file"`);
			if (entry.stage !== undefined && !STAGES.includes(entry.stage as Stage))
				throw bad(`model "${name}" version "${v}": "stage" must be one of ${STAGES.join(', ')}, got ${JSON.stringify(entry.stage)}`);
			if (entry.metrics !== undefined && (!isObject(entry.metrics) || !Object.values(entry.metrics).every((x) => typeof x === 'number')))
				throw bad(`model "${name}" version "${v}": "metrics" must map names to numbers`);
			for (const key of ['registeredAt', 'contentHash', 'card', 'limitations'] as const)
				if (entry[key] !== undefined && typeof entry[key] !== 'string') throw bad(`model "${name}" version "${v}": "${key}" must be text`);
		}
		if (!(m.active in m.versions)) throw bad(`model "${name}": the active version "${m.active}" is not among its versions`);
		if (m.history !== undefined) {
			if (!Array.isArray(m.history)) throw bad(`model "${name}": "history" must be a list of events`);
			m.history.forEach((e: unknown, i: number) => {
				if (!isObject(e) || !EVENTS.includes(e.event as string) || typeof e.version !== 'string' || typeof e.at !== 'string')
					throw bad(`model "${name}" history[${i}] needs "event" (${EVENTS.join(', ')}), "version" and "at"`);
			});
		}
	}
	return value as unknown as RegistryIndex;
}

/** The index as written: two-space JSON with a final newline (diffs and `cat` read well). */
export function serialiseRegistryIndex(index: RegistryIndex): string {
	return JSON.stringify(index, null, 2) + '\n';
}

/** A version's stage: as recorded, else Production for the active one and None for the rest (an index from before stages). */
export function stageOf(entry: ModelEntry, version: string): Stage {
	if (version === entry.active) return 'Production';
	const stage = entry.versions[version]?.stage;
	return stage === 'Production' ? 'Archived' : (stage ?? 'None');
}

function modelOf(index: RegistryIndex, name: string): ModelEntry {
	const entry = index.models[name];
	if (!entry)
		throw new RegistryIndexError(`the registry has no model "${name}" (models: ${Object.keys(index.models).join(', ') || 'none'})`);
	return entry;
}

function withModel(index: RegistryIndex, name: string, entry: ModelEntry): RegistryIndex {
	return { ...index, models: { ...index.models, [name]: entry } };
}

/** Versions are whole numbers counting up from 1, as in the browser registry and MLflow. */
export function nextVersion(entry: ModelEntry | undefined): string {
	if (!entry) return '1';
	const numbers = Object.keys(entry.versions)
		.map(Number)
		.filter((n) => Number.isInteger(n) && n > 0);
	return String(numbers.length ? Math.max(...numbers) + 1 : 1);
}

export interface Stamp {
	readonly at: string;
	readonly actor: string;
	readonly reason?: string;
}

/**
 * Add a version (stage None). A model not yet in the index gets this as its active version,
 * since an index entry must always name one; promote() records that it went to Production.
 */
export function registerVersion(
	index: RegistryIndex,
	name: string,
	version: string,
	entry: VersionEntry,
	stamp: Stamp,
	decision?: DecisionRecord
): RegistryIndex {
	const current = index.models[name];
	if (current && version in current.versions) throw new RegistryIndexError(`model "${name}" already has a version "${version}"`);
	const event: HistoryEvent = { event: 'registered', version, ...stamp, ...(decision ? { decision } : {}) };
	return withModel(index, name, {
		active: current?.active ?? version,
		versions: { ...current?.versions, [version]: { ...entry, stage: 'None', registeredAt: entry.registeredAt ?? stamp.at } },
		history: [...(current?.history ?? []), event]
	});
}

/** Make `version` the served one (Production); the one it replaces becomes Archived. */
export function promoteVersion(
	index: RegistryIndex,
	name: string,
	version: string,
	stamp: Stamp,
	decision?: DecisionRecord
): RegistryIndex {
	const entry = modelOf(index, name);
	if (!(version in entry.versions))
		throw new RegistryIndexError(`model "${name}" has no version "${version}" (versions: ${Object.keys(entry.versions).join(', ')})`);
	// A first version is active from its registration: its promotion replaces nothing.
	const firstPromotion = !(entry.history ?? []).some((e) => e.event !== 'registered') && entry.active === version;
	const from = firstPromotion ? null : entry.active;
	if (from === version) throw new RegistryIndexError(`model "${name}" version "${version}" is already the active one`);
	return withModel(index, name, {
		active: version,
		versions: restage(entry.versions, version, from),
		history: [...(entry.history ?? []), { event: 'promoted', version, from, ...stamp, ...(decision ? { decision } : {}) }]
	});
}

function restage(versions: ModelEntry['versions'], active: string, previous: string | null): ModelEntry['versions'] {
	const out: Record<string, VersionEntry> = {};
	for (const [v, e] of Object.entries(versions))
		out[v] = v === active ? { ...e, stage: 'Production' } : v === previous || e.stage === 'Production' ? { ...e, stage: 'Archived' } : e;
	return out;
}

/**
 * The version a rollback returns to when none is named: the one the active version replaced
 * when it was last promoted. Null when history records none (a first version, an index from
 * before history, or a version that itself came back by a rollback — rolling that back again
 * would restore the version that failed).
 */
export function previousActive(entry: ModelEntry): string | null {
	const history = entry.history ?? [];
	for (let i = history.length - 1; i >= 0; i--) {
		const e = history[i];
		if (e.version !== entry.active || e.event === 'registered') continue;
		return e.event === 'promoted' && e.from !== null && e.from in entry.versions ? e.from : null;
	}
	return null;
}

/** Restore `to` (default: previousActive) as the served version; the one rolled back from becomes Archived. */
export function rollbackVersion(
	index: RegistryIndex,
	name: string,
	to: string | undefined,
	stamp: Stamp,
	rule?: RuleRecord
): RegistryIndex {
	const entry = modelOf(index, name);
	const target = to ?? previousActive(entry);
	if (target === null)
		throw new RegistryIndexError(
			`model "${name}": the history records no version that ${entry.active} replaced; name one with --to (versions: ${Object.keys(entry.versions).join(', ')})`
		);
	if (!(target in entry.versions))
		throw new RegistryIndexError(`model "${name}" has no version "${target}" (versions: ${Object.keys(entry.versions).join(', ')})`);
	if (target === entry.active) throw new RegistryIndexError(`model "${name}" version "${target}" is already the active one`);
	return withModel(index, name, {
		active: target,
		versions: restage(entry.versions, target, entry.active),
		history: [...(entry.history ?? []), { event: 'rolled-back', version: target, from: entry.active, ...stamp, ...(rule ? { rule } : {}) }]
	});
}

/**
 * The promotion an automatic rollback rule watches: the active version, when the last event
 * that changed what is served was its promotion over another version. After a rollback this
 * is null, so a rule fires at most once per promotion.
 */
export function watchedPromotion(entry: ModelEntry): { version: string; from: string; at: string } | null {
	const history = entry.history ?? [];
	for (let i = history.length - 1; i >= 0; i--) {
		const e = history[i];
		if (e.event === 'registered') continue;
		if (e.event === 'promoted' && e.version === entry.active && e.from !== null && e.from in entry.versions)
			return { version: e.version, from: e.from, at: e.at };
		return null;
	}
	return null;
}

/** Set fields of one version (its card, limitations). */
export function updateVersion(index: RegistryIndex, name: string, version: string, change: Partial<VersionEntry>): RegistryIndex {
	const entry = modelOf(index, name);
	const current = entry.versions[version];
	if (!current) throw new RegistryIndexError(`model "${name}" has no version "${version}"`);
	return withModel(index, name, { ...entry, versions: { ...entry.versions, [version]: { ...current, ...change } } });
}
