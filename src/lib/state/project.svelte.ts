import {
	addNode,
	connect,
	disconnect,
	moveNode,
	removeNode,
	serialiseDocument,
	setLabel,
	setName,
	setParam,
	setSeed,
	touch,
	useDataset,
	affectedBy,
	type Affected
} from '$lib/core/doc';
import type { DataEntry, PipelineDocument, PortRef, Position } from '$lib/core/doc/types';
import type { ParamValue } from '$lib/core/nodes/params';
import { quickModel, type QuickModelOptions } from '$lib/core/nodes/templates/quick-model';
import { useComparedModel, type ComparedModel } from '$lib/core/nodes/templates/use-model';
import { getProject, saveProject } from '$lib/persistence/projects';
import { tidyLayout, type Size } from '$lib/core/doc/layout';
import { wireEdge, type WireEnd } from '$lib/core/doc/wire-drop';
import { freeSpot } from './layout';
import { registry } from './registry';

export type Outcome = { ok: true } | { ok: false; error: string };

const SAVE_DELAY_MS = 300;
/** Undo steps kept per open project. */
const HISTORY_LIMIT = 100;

/**
 * The open project: its document (replaced, never mutated), edits applied through the
 * core/doc commands, and autosave. A failed save keeps the edit in memory and says so.
 */
export class ProjectState {
	id = $state<string | null>(null);
	doc = $state.raw<PipelineDocument | null>(null);
	loading = $state(false);
	loadError = $state<string | null>(null);
	saveError = $state<string | null>(null);
	saving = $state(false);
	/** Whether Undo / Redo have a step to take. */
	canUndo = $state(false);
	canRedo = $state(false);

	/** Earlier and undone documents, newest last; bounded. */
	private past: PipelineDocument[] = [];
	private future: PipelineDocument[] = [];
	/** Told of every edit and what it affected: the one place results are marked stale. */
	private readonly onEdit: (doc: PipelineDocument, affected: Affected) => void;

	constructor(options: { onEdit?: (doc: PipelineDocument, affected: Affected) => void } = {}) {
		this.onEdit = options.onEdit ?? (() => {});
	}

	private timer: ReturnType<typeof setTimeout> | null = null;
	private dirty = false;
	private savingPromise: Promise<void> | null = null;

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
			this.id = record.id;
			this.doc = record.doc;
			this.past = [];
			this.future = [];
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
	private apply(next: PipelineDocument, step: 'edit' | 'undo' | 'redo' = 'edit'): void {
		const before = this.doc;
		if (next === before || !before) return;
		if (step === 'edit') {
			this.past = [...this.past.slice(-(HISTORY_LIMIT - 1)), before];
			this.future = [];
		}
		this.doc = next;
		this.syncHistory();
		this.onEdit(next, affectedBy(before, next));
		this.dirty = true;
		this.schedule();
	}

	undo(): boolean {
		const previous = this.past.at(-1);
		if (!previous || !this.doc) return false;
		this.past = this.past.slice(0, -1);
		this.future = [...this.future, this.doc];
		this.apply(previous, 'undo');
		return true;
	}

	redo(): boolean {
		const next = this.future.at(-1);
		if (!next || !this.doc) return false;
		this.future = this.future.slice(0, -1);
		this.past = [...this.past, this.doc];
		this.apply(next, 'redo');
		return true;
	}

	private syncHistory(): void {
		this.canUndo = this.past.length > 0;
		this.canRedo = this.future.length > 0;
	}

	private schedule(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.flush();
		}, SAVE_DELAY_MS);
	}

	/** Save now if anything changed (also called on pagehide). */
	async flush(): Promise<void> {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = null;
		}
		if (!this.dirty || !this.id || !this.doc) return this.savingPromise ?? undefined;
		const id = this.id;
		const doc = this.doc;
		this.dirty = false;
		this.saving = true;
		const attempt = (async () => {
			try {
				await saveProject(id, touch(doc));
				if (this.doc === doc) this.saveError = null;
			} catch (e) {
				this.dirty = true;
				this.saveError = `Your changes are not saved yet: ${e instanceof Error ? e.message : String(e)}. They are kept in this tab; Tessera retries on the next edit.`;
			} finally {
				this.saving = false;
			}
		})();
		this.savingPromise = attempt;
		return attempt;
	}

	retrySave(): void {
		this.dirty = true;
		void this.flush();
	}

	addNode(type: string, position?: Position, params?: Readonly<Record<string, ParamValue>>, near?: Position | null): string | null {
		if (!this.doc) return null;
		const at = position ?? freeSpot(this.doc, near);
		const { doc, id } = addNode(this.doc, registry, type, at, params);
		this.apply(doc);
		return id;
	}

	/** Nodes (with their connections) and connections, as one step for Undo. */
	remove(nodes: readonly string[], edges: readonly string[]): void {
		if (!this.doc) return;
		let doc = this.doc;
		for (const id of edges) doc = disconnect(doc, id);
		for (const id of nodes) doc = removeNode(doc, id);
		this.apply(doc);
	}

	moveNodes(moves: readonly { id: string; position: Position }[]): void {
		if (!this.doc) return;
		let doc = this.doc;
		for (const m of moves) {
			const node = doc.nodes.find((n) => n.id === m.id);
			if (!node || (node.position.x === m.position.x && node.position.y === m.position.y)) continue;
			doc = moveNode(doc, m.id, { x: Math.round(m.position.x), y: Math.round(m.position.y) });
		}
		this.apply(doc);
	}

	setParam(node: string, name: string, value: unknown): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = setParam(this.doc, registry, node, name, value);
		if (!result.ok) return { ok: false, error: result.error };
		this.apply(result.doc);
		return { ok: true };
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
		this.apply(doc);
		return { ok: true };
	}

	/** Points a Dataset node at uploaded data and records it (name, hash, rows, size) in the document. */
	useDataset(node: string, entry: DataEntry): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = useDataset(this.doc, registry, node, entry);
		if (!result.ok) return { ok: false, error: result.error };
		this.apply(result.doc);
		return { ok: true };
	}

	setLabel(node: string, label: string): void {
		if (this.doc) this.apply(setLabel(this.doc, node, label));
	}

	setSeed(seed: number): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const result = setSeed(this.doc, seed);
		if (!result.ok) return { ok: false, error: result.error };
		this.apply(result.doc);
		return { ok: true };
	}

	rename(name: string): void {
		if (this.doc) this.apply(setName(this.doc, name));
	}

	connect(from: PortRef, to: PortRef): { ok: true; replaced?: string } | { ok: false; reason: string } {
		if (!this.doc) return { ok: false, reason: 'no project is open' };
		const result = connect(this.doc, registry, from, to);
		if (!result.ok) return { ok: false, reason: result.reason };
		this.apply(result.doc);
		return { ok: true, replaced: result.replaced };
	}

	/** Use this model (Compare models): the family's node with its compared settings, fed by the compared data; one step for Undo. */
	useComparedModel(compareNode: string, chosen: ComparedModel): Outcome & { id?: string } {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		try {
			const { doc, id } = useComparedModel(this.doc, registry, compareNode, chosen);
			this.apply(doc);
			return { ok: true, id };
		} catch (e) {
			return { ok: false, error: e instanceof Error ? e.message : String(e) };
		}
	}

	quickModel(options: QuickModelOptions): Outcome {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		try {
			// Below whatever is already on the canvas.
			const bottom = this.doc.nodes.reduce((m, n) => Math.max(m, n.position.y), -Infinity);
			const origin = options.origin ?? (Number.isFinite(bottom) ? { x: 0, y: bottom + 220 } : undefined);
			this.apply(quickModel(this.doc, registry, { ...options, ...(origin ? { origin } : {}) }));
			return { ok: true };
		} catch (e) {
			return { ok: false, error: e instanceof Error ? e.message : String(e) };
		}
	}

	/** Tidy layout: every node placed left to right by data flow, as one step for Undo. */
	tidy(sizes: ReadonlyMap<string, Size> = new Map()): void {
		if (this.doc) this.apply(tidyLayout(this.doc, registry, { sizeOf: (n) => sizes.get(n.id) }));
	}

	/** A node added where a wire was dropped, and connected to that wire's end: one step for Undo. */
	addWired(type: string, position: Position, end: WireEnd, port: string): Outcome & { id?: string } {
		if (!this.doc) return { ok: false, error: 'no project is open' };
		const added = addNode(this.doc, registry, type, position);
		const edge = wireEdge(end, added.id, port);
		const result = connect(added.doc, registry, edge.from, edge.to);
		if (!result.ok) return { ok: false, error: result.reason };
		this.apply(result.doc);
		return { ok: true, id: added.id };
	}

	/** The pipeline file as text, for Export. */
	serialise(): string | null {
		return this.doc ? serialiseDocument(this.doc) : null;
	}

	dispose(): void {
		void this.flush();
	}
}
