import type { ItemKind, WorkspaceManifest } from './format';

/**
 * Merging a backup into a browser's workspace, planned before anything is written. An item
 * that is not here is added; one here with the same id and the same content is skipped; one
 * here with the same id and different content is a conflict, resolved by the person's choice
 * — never overwritten without asking. Datasets are identified by their fingerprint (the
 * content hash the pipelines name), so they are either here already or new.
 */
export type ItemStatus = 'new' | 'same' | 'differs';

export interface PlannedItem {
	readonly kind: ItemKind;
	/** The id in the backup (a dataset's fingerprint for datasets). */
	readonly id: string;
	readonly name: string;
	readonly status: ItemStatus;
}

export type Tally = Readonly<Record<ItemStatus, number>>;

export interface ImportPlan {
	readonly items: readonly PlannedItem[];
	readonly tally: Readonly<Record<ItemKind, Tally>>;
	/** Whether any item differs: the person must choose before the import writes. */
	readonly conflicts: number;
}

/** What this browser holds, as content hashes computed the way the backup computes them. */
export interface LocalInventory {
	readonly projects: ReadonlyMap<string, string>;
	readonly experiments: ReadonlyMap<string, string>;
	readonly models: ReadonlyMap<string, string>;
	/** Fingerprints of the stored datasets. */
	readonly fingerprints: ReadonlySet<string>;
	/** Model names in the registry (a renamed imported copy must not take one). */
	readonly modelNames: ReadonlySet<string>;
}

const KINDS: readonly ItemKind[] = ['project', 'dataset', 'experiment', 'model'];

export function planImport(manifest: WorkspaceManifest, local: LocalInventory): ImportPlan {
	const items: PlannedItem[] = [];
	const judge = (kind: ItemKind, id: string, name: string, hash: string, here: ReadonlyMap<string, string>) => {
		const known = here.get(id);
		items.push({ kind, id, name, status: known === undefined ? 'new' : known === hash ? 'same' : 'differs' });
	};
	for (const p of manifest.projects) judge('project', p.id, p.name, p.hash, local.projects);
	for (const d of manifest.datasets)
		items.push({ kind: 'dataset', id: d.fingerprint, name: d.name, status: local.fingerprints.has(d.fingerprint) ? 'same' : 'new' });
	for (const e of manifest.experiments) judge('experiment', e.id, e.name, e.hash, local.experiments);
	for (const m of manifest.models) judge('model', m.id, m.name, m.hash, local.models);
	const tally = Object.fromEntries(
		KINDS.map((k) => {
			const mine = items.filter((i) => i.kind === k);
			return [
				k,
				{
					new: mine.filter((i) => i.status === 'new').length,
					same: mine.filter((i) => i.status === 'same').length,
					differs: mine.filter((i) => i.status === 'differs').length
				}
			];
		})
	) as Record<ItemKind, Tally>;
	return { items, tally, conflicts: items.filter((i) => i.status === 'differs').length };
}

/** What to do with the items that differ. */
export type ConflictChoice = 'keep-both' | 'replace' | 'skip';

/** One item's fate: written under `id` (and, for a kept copy, a new name), or left alone. */
export type ImportAction =
	| { readonly op: 'add'; readonly kind: ItemKind; readonly from: string; readonly id: string; readonly rename: string | null }
	| { readonly op: 'replace'; readonly kind: ItemKind; readonly from: string; readonly id: string }
	| { readonly op: 'skip'; readonly kind: ItemKind; readonly from: string; readonly why: 'same' | 'differs' };

export interface ResolvedImport {
	readonly actions: readonly ImportAction[];
	/** Backup project id → the id its records point at here (a kept copy has a new id). */
	readonly projectIds: ReadonlyMap<string, string>;
	/** Backup model name → the name its imported versions take here (a kept copy is renamed). */
	readonly modelNames: ReadonlyMap<string, string>;
}

export const IMPORTED_SUFFIX = ' (imported)';

/** The first free "name (imported)", "name (imported 2)", … among `taken`. */
export function importedName(name: string, taken: ReadonlySet<string>): string {
	let candidate = `${name}${IMPORTED_SUFFIX}`;
	for (let k = 2; taken.has(candidate); k++) candidate = `${name} (imported ${k})`;
	return candidate;
}

/**
 * The plan with the person's choice applied. A kept copy of a project gets a new id (from
 * `newId`) and "(imported)" after its name; the experiments and models of the backup that
 * point at it are re-pointed. A kept copy of a model version goes under "name (imported)"
 * with its version number; of an experiment, under a new id.
 */
export function resolveImport(plan: ImportPlan, choice: ConflictChoice, local: LocalInventory, newId: () => string): ResolvedImport {
	const projectIds = new Map<string, string>();
	const modelNames = new Map<string, string>();
	const taken = new Set(local.modelNames);
	const actions = plan.items.map((item): ImportAction => {
		const { kind, id: from } = item;
		if (item.status === 'same') return { op: 'skip', kind, from, why: 'same' };
		if (item.status === 'new') return { op: 'add', kind, from, id: from, rename: null };
		if (choice === 'skip') return { op: 'skip', kind, from, why: 'differs' };
		if (choice === 'replace') return { op: 'replace', kind, from, id: from };
		switch (kind) {
			case 'project': {
				const id = newId();
				projectIds.set(from, id);
				return { op: 'add', kind, from, id, rename: `${item.name}${IMPORTED_SUFFIX}` };
			}
			case 'model': {
				const name = modelNames.get(item.name) ?? importedName(item.name, taken);
				modelNames.set(item.name, name);
				taken.add(name);
				return { op: 'add', kind, from, id: `${name}@${from.slice(item.name.length + 1)}`, rename: name };
			}
			default:
				return { op: 'add', kind, from, id: newId(), rename: null };
		}
	});
	return { actions, projectIds, modelNames };
}

/** The summary a person reads before the import writes, e.g. "3 new projects, 1 already here, 1 differs". */
export function describeTally(kind: ItemKind, t: Tally): string | null {
	const total = t.new + t.same + t.differs;
	if (total === 0) return null;
	const noun = kind === 'model' ? 'model version' : kind;
	const plural = (n: number) => `${n} ${noun}${n === 1 ? '' : 's'}`;
	const parts = [
		t.new ? `${t.new} new` : null,
		t.same ? `${t.same} already here` : null,
		t.differs ? `${t.differs} differ${t.differs === 1 ? 's' : ''}` : null
	].filter((p): p is string => p !== null);
	return `${plural(total)}: ${parts.join(', ')}`;
}
