import {
	addNode,
	connect,
	disconnect,
	moveNode,
	removeNode,
	parseDocument,
	serialiseDocument,
	setLabel,
	setName,
	setParam,
	setSeed,
	useDataset,
	affectedBy,
	removeAnnotations,
	type Affected,
	type EditResult
} from '$lib/core/doc';
import { extractSubgraph, pasteFragment } from '$lib/core/doc/clipboard';
import { upgradeStoredDocument } from '$lib/core/doc/stored';
import type { DataEntry, DocNode, PipelineDocument, PortRef, Position } from '$lib/core/doc/types';
import type { ParamValue } from '$lib/core/nodes/params';
import type { QuickModelOptions } from '$lib/core/nodes/templates/quick-model';
import { useComparedModel, type ComparedModel } from '$lib/core/nodes/templates/use-model';
import { getProject, revisionOf } from '$lib/persistence/projects';
import type { ProjectRecord } from '$lib/persistence/db';
import { tidyLayout, type Size } from '$lib/core/doc/layout';
import { wireEdge, type WireEnd } from '$lib/core/doc/wire-drop';
import { nextMacrotask } from '$lib/core/util/yield';
import { emptyHistory, record, redoStep, undoStep, type History } from './history';
import { freeSpot, quickModelBelow } from './layout';
import { ProjectSave } from './project-save.svelte';
import { FOLLOWING, ProjectSync, type ProjectNotice } from './project-sync';
import { registry } from './registry';

export type Outcome = { ok: true } | { ok: false; error: string };

// Following another tab's edits has a module of its own; importers keep reading these here.
export { FOLLOWING, type ProjectNotice } from './project-sync';

/** What a paste did: the new nodes' ids and what was left out; or why nothing was pasted. */
export type PasteOutcome = { ok: true; ids: readonly string[]; warnings: readonly string[] } | { ok: false; error: string };

/** "3 nodes", "1 connection": a count in words for the names of undo steps. */
function count(n: number, one: string): string {
	return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/** Undo steps kept per open project. */
const HISTORY_LIMIT = 100;

/**
 * The open project: its document (replaced, never mutated), edits applied through the
 * core/doc commands, autosaved (project-save.svelte.ts) and kept up with other tabs
 * (project-sync.ts).
 */
export class ProjectState {
	id = $state<string | null>(null);
	doc = $state.raw<PipelineDocument | null>(null);
	loading = $state(false);
	loadError = $state<string | null>(null);
	/** Whether Undo / Redo have a step to take. */
	canUndo = $state(false);
	canRedo = $state(false);
	/** What Undo / Redo would take back or do again ("add Split"), for the toolbar's titles. */
	undoLabel = $state<string | null>(null);
	redoLabel = $state<string | null>(null);

	/** Earlier and undone documents with the names of their steps; bounded. */
	private history: History<PipelineDocument> = emptyHistory();
	/** Set while `batch` runs: its edits become one undo step, recorded when it ends. */
	private batching = false;
	/** Told of every edit and what it affected: the one place results are marked stale. */
	private readonly onEdit: (doc: PipelineDocument, affected: Affected) => void;
	private readonly onNotice: (notice: ProjectNotice) => void;
	private readonly save: ProjectSave;
	private readonly sync: ProjectSync;

	/**
	 * Whether this tab may change the document: false while another tab edits the project
	 * (tab-sync.ts decides; project-tabs.svelte.ts sets it). Every edit checks it in `apply`.
	 */
	editable = $state(true);

	constructor(
		options: {
			onEdit?: (doc: PipelineDocument, affected: Affected) => void;
			onSaved?: (id: string, revision: number) => void;
			onNotice?: (notice: ProjectNotice) => void;
		} = {}
	) {
		this.onEdit = options.onEdit ?? (() => {});
		this.onNotice = options.onNotice ?? (() => {});
		const onSaved = options.onSaved ?? (() => {});
		const id = () => this.id;
		const doc = () => this.doc;
		this.save = new ProjectSave({ id, doc, saved: onSaved, conflict: (newer) => this.sync.takeNewer(newer) });
		this.sync = new ProjectSync(
			{
				id,
				doc,
				replace: (stored, clearHistory) => this.replaceWith(stored, clearHistory),
				keep: (mine, label) => {
					this.history = record(this.history, mine, label, HISTORY_LIMIT);
					this.syncHistory();
				},
				notice: (notice) => this.onNotice(notice)
			},
			this.save
		);
	}

	/** Whether a save is under way. */
	get saving(): boolean {
		return this.save.saving;
	}

	/** Why the open document is not saved, in words for the person; null when it is. */
	get saveError(): string | null {
		return this.save.error;
	}

	async load(id: string): Promise<void> {
		this.loading = true;
		this.loadError = null;
		try {
			const record = await getProject(id);
			if (!record) {
				this.loadError = 'That project does not exist (it may have been deleted).';
				this.doc = null;
				return;
			}
			// A project saved by an earlier Tessera is upgraded as an opened file is (core/doc/stored.ts).
			const stored = upgradeStoredDocument(record.doc, registry);
			if (!stored.ok) {
				this.loadError = `This project cannot be opened: ${stored.errors.join('; ')}`;
				this.doc = null;
				return;
			}
			this.id = record.id;
			this.doc = stored.doc;
			this.save.revision = revisionOf(record);
			this.history = emptyHistory();
			this.syncHistory();
		} catch (e) {
			this.loadError = e instanceof Error ? e.message : String(e);
		} finally {
			this.loading = false;
		}
	}

	get name(): string {
		return this.doc?.meta.name ?? '';
	}

	/**
	 * Every edit ends here: replace the document, record the step for Undo, tell the run state
	 * what the edit affected (so no caller has to remember to mark results stale), and save.
	 */
	private apply(next: PipelineDocument, label: string | null): boolean {
		const before = this.doc;
		if (!before) return false;
		if (!this.editable) {
			this.onNotice({ text: FOLLOWING, tone: 'warning' });
			return false;
		}
		if (next === before) return true;
		if (label !== null && !this.batching) this.history = record(this.history, before, label, HISTORY_LIMIT);
		this.doc = next;
		this.syncHistory();
		this.onEdit(next, affectedBy(before, next));
		this.save.changed();
		return true;
	}

	/** An edit's outcome: done, or refused because this tab only follows the project. */
	private outcome(applied: boolean): Outcome {
		return applied ? { ok: true } : { ok: false, error: FOLLOWING };
	}

	/**
	 * Runs several edits as ONE undo step named `label` (a paste, a cut, an import that adds a
	 * node and points it at data). Nested batches join the outer one.
	 */
	batch<R>(label: string, edits: () => R): R {
		if (this.batching) return edits();
		const before = this.doc;
		this.batching = true;
		try {
			return edits();
		} finally {
			this.batching = false;
			if (before && this.doc && this.doc !== before) {
				this.history = record(this.history, before, label, HISTORY_LIMIT);
				this.syncHistory();
			}
		}
	}

	undo(): boolean {
		if (!this.doc) return false;
		const step = undoStep(this.history, this.doc);
		if (!step || !this.editable) return false;
		this.history = step.history;
		return this.apply(step.state, null);
	}

	redo(): boolean {
		if (!this.doc) return false;
		const step = redoStep(this.history, this.doc);
		if (!step || !this.editable) return false;
		this.history = step.history;
		return this.apply(step.state, null);
	}

	private syncHistory(): void {
		this.canUndo = this.history.past.length > 0;
		this.canRedo = this.history.future.length > 0;
		this.undoLabel = this.history.past.at(-1)?.label ?? null;
		this.redoLabel = this.history.future.at(-1)?.label ?? null;
	}

	/** A node's name in the words of an undo step: its label, else its type's title. */
	private title(id: string, doc: PipelineDocument | null = this.doc): string {
		const node: DocNode | undefined = doc?.nodes.find((n) => n.id === id);
		if (!node) return id;
		return node.label ?? registry.get(node.type)?.title ?? node.type;
	}

	/**
	 * Save now if anything changed (also called on pagehide). One save at a time: each is based
	 * on the revision the previous one stored, so a tab never conflicts with itself.
	 */
	flush(): Promise<void> {
		return this.save.flush();
	}

	/** Shows the stored document if it is newer and this tab has nothing unsaved (project-sync.ts). */
	pull(): Promise<void> {
		return this.sync.pull();
	}

	/** Another tab's document replaces this tab's (upgraded as on load), as the base of the next save. */
	private replaceWith(stored: ProjectRecord, clearHistory: boolean): void {
		const before = this.doc;
		// The other tab may still run an earlier build (before its Reload): its document is upgraded as on load.
		const upgraded = upgradeStoredDocument(stored.doc, registry);
		const doc = upgraded.ok ? upgraded.doc : stored.doc;
		this.save.replaced(revisionOf(stored));
		this.doc = doc;
		if (clearHistory) this.history = emptyHistory();
		this.syncHistory();
		if (before) this.onEdit(doc, affectedBy(before, doc));
	}

	retrySave(): void {
		this.save.retry();
	}

	addNode(type: string, position?: Position, params?: Readonly<Record<string, ParamValue>>, near?: Position | null): string | null {
		if (!this.doc) return null;
		const at = position ?? freeSpot(this.doc, near);
		const { doc, id } = addNode(this.doc, registry, type, at, params);
		return this.apply(doc, `add ${registry.get(type)?.title ?? type}`) ? id : null;
	}

	/** Nodes (with their connections) and connections, as one step for Undo. */
	remove(nodes: readonly string[], edges: readonly string[]): void {
		if (!this.doc) return;
		// Connections of deleted nodes go with them: the name counts only the others.
		const gone = new Set(nodes);
		const loose = edges.filter((id) => {
			const e = this.doc?.edges.find((x) => x.id === id);
			return e && !gone.has(e.from.node) && !gone.has(e.to.node);
		}).length;
		const label =
			nodes.length === 1 && loose === 0
				? `delete ${this.title(nodes[0])}`
				: [nodes.length ? count(nodes.length, 'node') : '', loose ? count(loose, 'connection') : ''].filter(Boolean).join(' and ');
		let doc = this.doc;
		for (const id of edges) doc = disconnect(doc, id);
		for (const id of nodes) doc = removeNode(doc, id);
		// The canvas selection may hold frames and notes too (they are flow nodes there).
		this.apply(removeAnnotations(doc, nodes), nodes.length === 1 && loose === 0 ? label : `delete ${label}`);
	}

	moveNodes(moves: readonly { id: string; position: Position }[]): void {
		if (!this.doc) return;
		let doc = this.doc;
		for (const m of moves) {
			const node = doc.nodes.find((n) => n.id === m.id);
			if (!node || (node.position.x === m.position.x && node.position.y === m.position.y)) continue;
			doc = moveNode(doc, m.id, { x: Math.round(m.position.x), y: Math.round(m.position.y) });
		}
		this.apply(doc, moves.length === 1 ? `move ${this.title(moves[0].id)}` : `move ${count(moves.length, 'node')}`);
	}

	setParam(node: string, name: string, value: unknown): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = setParam(this.doc, registry, node, name, value);
		if (!result.ok) return { ok: false, error: result.error };
		return this.outcome(this.apply(result.doc, `set ${name} of ${this.title(node)}`));
	}

	/** Several params at once, all or nothing. */
	setParams(node: string, values: Readonly<Record<string, unknown>>): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		let doc = this.doc;
		for (const [name, value] of Object.entries(values)) {
			const result = setParam(doc, registry, node, name, value);
			if (!result.ok) return { ok: false, error: result.error };
			doc = result.doc;
		}
		return this.outcome(this.apply(doc, `set ${Object.keys(values).join(', ')} of ${this.title(node)}`));
	}

	/** Points a Dataset node at uploaded data and records it (name, hash, rows, size) in the document. */
	useDataset(node: string, entry: DataEntry): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = useDataset(this.doc, registry, node, entry);
		if (!result.ok) return { ok: false, error: result.error };
		return this.outcome(this.apply(result.doc, `use ${entry.name}`));
	}

	setLabel(node: string, label: string): void {
		if (this.doc) this.apply(setLabel(this.doc, node, label), `rename ${this.title(node)}`);
	}

	setSeed(seed: number): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = setSeed(this.doc, seed);
		if (!result.ok) return { ok: false, error: result.error };
		return this.outcome(this.apply(result.doc, 'change the seed'));
	}

	rename(name: string): void {
		if (this.doc) this.apply(setName(this.doc, name), 'rename the project');
	}

	connect(from: PortRef, to: PortRef): { ok: true; replaced?: string } | { ok: false; reason: string } {
		if (!this.doc) return { ok: false, reason: 'no project is open' };
		const result = connect(this.doc, registry, from, to);
		if (!result.ok) return { ok: false, reason: result.reason };
		if (!this.apply(result.doc, `connect ${this.title(from.node)} to ${this.title(to.node)}`)) return { ok: false, reason: FOLLOWING };
		return { ok: true, replaced: result.replaced };
	}

	/** Use this model (Compare models): the family's node with its compared settings, fed by the compared data; one step for Undo. */
	useComparedModel(compareNode: string, chosen: ComparedModel): Outcome & { id?: string } {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		try {
			const { doc, id } = useComparedModel(this.doc, registry, compareNode, chosen);
			return this.apply(doc, 'use the compared model') ? { ok: true, id } : this.outcome(false);
		} catch (e) {
			return { ok: false, error: e instanceof Error ? e.message : String(e) };
		}
	}

	/** Quick model: built and laid out in one page-thread task, drawn in the next, so neither is a long task (issue 19). */
	async quickModel(options: QuickModelOptions): Promise<Outcome> {
		try {
			const base = this.doc;
			const built = base && quickModelBelow(base, registry, options);
			await nextMacrotask();
			if (!this.doc) return { ok: false, error: 'no project is open' };
			// An edit made in between is built upon, not lost.
			return this.outcome(this.apply(this.doc === base && built ? built : quickModelBelow(this.doc, registry, options), 'Quick model'));
		} catch (e) {
			return { ok: false, error: e instanceof Error ? e.message : String(e) };
		}
	}

	/**
	 * One edit made of core/doc commands (frames, notes, a lesson's "Show me"): one Undo step,
	 * or the command's refusal. The change function gets the current document.
	 */
	edit(change: (doc: PipelineDocument) => EditResult, label = 'edit'): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = change(this.doc);
		if (!result.ok) return { ok: false, error: result.error };
		return this.outcome(this.apply(result.doc, label));
	}

	/** The chosen nodes, the edges between them and the data they name, as pipeline-file text (for the clipboard). */
	copyText(nodes: readonly string[]): string | null {
		if (!this.doc || nodes.length === 0) return null;
		return serialiseDocument(extractSubgraph(this.doc, nodes));
	}

	/**
	 * Pastes pipeline-file text: read like a file being opened (limits, migrations,
	 * validation), then added with fresh ids at `at` (canvas coordinates), or beside where the
	 * nodes were copied from. One undo step; refused text changes nothing and says why.
	 */
	pasteText(text: string, at: Position | null): PasteOutcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const parsed = parseDocument(text, registry);
		if (!parsed.ok) return { ok: false, error: `Nothing pasted: the clipboard does not hold Tessera nodes (${parsed.errors[0]}).` };
		if (parsed.readOnly)
			return { ok: false, error: `Nothing pasted: the copied nodes come from a newer version of Tessera (${parsed.warnings[0]}).` };
		if (parsed.doc.nodes.length + parsed.doc.notes.length + parsed.doc.frames.length === 0)
			return { ok: false, error: 'Nothing pasted: the copied pipeline has no nodes or notes.' };
		return this.paste(parsed.doc, at, 'paste', parsed.warnings);
	}

	/** Copies of the chosen nodes with the edges between them, beside the originals; one undo step. */
	duplicate(nodes: readonly string[]): PasteOutcome {
		if (!this.doc || nodes.length === 0) return { ok: false, error: 'Select a node to duplicate first.' };
		return this.paste(extractSubgraph(this.doc, nodes), null, 'duplicate', []);
	}

	private paste(fragment: PipelineDocument, at: Position | null, verb: string, warnings: readonly string[]): PasteOutcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = pasteFragment(this.doc, fragment, at);
		if (result.ids.length === 0) return { ok: false, error: `Nothing pasted: ${result.warnings.join('; ') || 'no nodes'}.` };
		if (
			!this.apply(
				result.doc,
				`${verb} ${result.ids.length === 1 ? this.title(result.ids[0], result.doc) : count(result.ids.length, 'node')}`
			)
		)
			return { ok: false, error: FOLLOWING };
		return { ok: true, ids: result.ids, warnings: [...warnings, ...result.warnings] };
	}

	/** Tidy layout: every node placed left to right by data flow, as one step for Undo. */
	tidy(sizes: ReadonlyMap<string, Size> = new Map()): void {
		if (this.doc) this.apply(tidyLayout(this.doc, registry, { sizeOf: (n) => sizes.get(n.id) }), 'tidy the layout');
	}

	/** A node added where a wire was dropped, and connected to that wire's end: one step for Undo. */
	addWired(type: string, position: Position, end: WireEnd, port: string): Outcome & { id?: string } {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const added = addNode(this.doc, registry, type, position);
		const edge = wireEdge(end, added.id, port);
		const result = connect(added.doc, registry, edge.from, edge.to);
		if (!result.ok) return { ok: false, error: result.reason };
		return this.apply(result.doc, `add ${registry.get(type)?.title ?? type}`) ? { ok: true, id: added.id } : this.outcome(false);
	}

	/** The pipeline file as text, for Export. */
	serialise(): string | null {
		return this.doc ? serialiseDocument(this.doc) : null;
	}

	dispose(): void {
		void this.flush();
	}
}
