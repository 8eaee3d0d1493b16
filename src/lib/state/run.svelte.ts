import { engine } from '$lib/client/engine';
import type { Affected } from '$lib/core/doc/affected';
import type { PipelineDocument } from '$lib/core/doc/types';
import type { BackendReport, NodeResult, RowWindow, RunSummary } from '$lib/core/engine/api';
import { stopNote, type EngineEvent, type NodeStatus } from '$lib/core/engine/events';
import type { FrameSchema } from '$lib/core/frame/types';
import type { BackendChoice } from '$lib/core/nodes/define';
import type { Report } from '$lib/core/nodes/reports';

export interface NodeRun {
	readonly status: NodeStatus;
	readonly fraction?: number;
	readonly message?: string;
	readonly error?: string;
	readonly ms?: number;
	/** performance.now() on this page when the node started, for the ETA. */
	readonly startedAt?: number;
	/** The node's own estimate of the time left, when it gives one (events.ts). */
	readonly etaMs?: number;
	/** Curves streamed while training (one value per step), kept after the node finishes. */
	readonly live?: Readonly<Record<string, readonly number[]>>;
	/** Lines streamed beside the curves, newest last (e.g. a search's finished trials); at most LIVE_NOTES. */
	readonly notes?: readonly string[];
	/** The report as far as the running node has got (define.ts CurvePoint.partial), e.g. a leaderboard filling in. */
	readonly partial?: Report;
	/** Idle after an edit, but its last result is still there to look at (marked as out of date). */
	readonly stale?: boolean;
}

const LIVE_NOTES = 50;

const BACKEND_KEY = 'tessera.backend';
const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm', 'webgl', 'cpu'];

function storedBackend(): BackendChoice {
	try {
		const v = localStorage.getItem(BACKEND_KEY);
		return v && (BACKENDS as readonly string[]).includes(v) ? (v as BackendChoice) : 'auto';
	} catch {
		return 'auto';
	}
}

const IDLE: NodeRun = { status: 'idle' };

/** Everything downstream of `start` (inclusive). */
function downstream(doc: PipelineDocument, start: string): Set<string> {
	const out = new Set<string>([start]);
	const stack = [start];
	while (stack.length) {
		const id = stack.pop()!;
		for (const e of doc.edges)
			if (e.from.node === id && !out.has(e.to.node)) {
				out.add(e.to.node);
				stack.push(e.to.node);
			}
	}
	return out;
}

/**
 * Run status for the open project. Engine events arrive in batches from the worker;
 * they are queued and applied in one state update per animation frame, so a chatty
 * training loop never floods the page thread.
 */
export class RunState {
	nodes = $state.raw<Readonly<Record<string, NodeRun>>>({});
	running = $state(false);
	summary = $state.raw<RunSummary | null>(null);
	error = $state<string | null>(null);
	backend = $state<BackendChoice>(storedBackend());
	report = $state.raw<BackendReport | null>(null);
	/** Bumps whenever some node finished (done or cached): result views refetch. */
	resultsVersion = $state(0);
	startedAt = $state<number | null>(null);

	private queue: EngineEvent[] = [];
	private frame = 0;
	private runSeq = 0;

	status(node: string): NodeRun {
		return this.nodes[node] ?? IDLE;
	}

	setBackend(choice: BackendChoice): void {
		this.backend = choice;
		try {
			localStorage.setItem(BACKEND_KEY, choice);
		} catch {
			/* storage unavailable: keep it for this session */
		}
	}

	/** The backend a run would use now. */
	get resolvedBackend(): string | null {
		if (this.backend !== 'auto') return this.backend;
		return this.report?.auto ?? null;
	}

	async loadBackends(): Promise<void> {
		try {
			this.report = await engine().backends();
		} catch (e) {
			this.error = `Could not detect compute backends: ${e instanceof Error ? e.message : String(e)}`;
		}
	}

	private readonly onEvents = (events: readonly EngineEvent[]): void => {
		for (const e of events) this.queue.push(e);
		if (!this.frame) {
			this.frame =
				typeof requestAnimationFrame === 'function'
					? requestAnimationFrame(() => this.drain())
					: (setTimeout(() => this.drain(), 16) as unknown as number);
		}
	};

	/** Apply every queued event in one state update. */
	private drain(): void {
		this.frame = 0;
		if (this.queue.length === 0) return;
		const events = this.queue;
		this.queue = [];
		const next: Record<string, NodeRun> = { ...this.nodes };
		let finished = false;
		// Live curves are copied once per drain (so the UI sees new objects), then appended to.
		const copied = new Map<string, Record<string, number[]>>();
		const addPoint = (node: string, values: Readonly<Record<string, number>>) => {
			let live = copied.get(node);
			if (!live) {
				live = Object.fromEntries(Object.entries(next[node]?.live ?? {}).map(([k, v]) => [k, [...v]]));
				copied.set(node, live);
			}
			for (const [k, v] of Object.entries(values)) (live[k] ??= []).push(v);
			return live;
		};
		for (const e of events) {
			switch (e.type) {
				case 'queued':
					next[e.node] = { status: 'queued' };
					break;
				case 'cached':
					next[e.node] = { status: 'cached' };
					finished = true;
					break;
				case 'started':
					copied.delete(e.node);
					next[e.node] = { status: 'running', fraction: 0, startedAt: performance.now() };
					break;
				case 'progress':
					next[e.node] = {
						status: 'running',
						startedAt: next[e.node]?.startedAt,
						fraction: e.fraction,
						message: e.message,
						...(e.etaMs !== undefined ? { etaMs: e.etaMs } : {}),
						live: e.point ? addPoint(e.node, e.point.values) : next[e.node]?.live,
						notes: e.point?.note ? [...(next[e.node]?.notes ?? []), e.point.note].slice(-LIVE_NOTES) : next[e.node]?.notes,
						partial: e.point?.partial ?? next[e.node]?.partial
					};
					break;
				case 'done':
					next[e.node] = { status: 'done', ms: e.ms, message: e.stopped ? stopNote(e.stopped) : undefined, live: next[e.node]?.live };
					finished = true;
					break;
				case 'error':
					next[e.node] = { status: 'error', error: e.message };
					break;
				case 'cancelled':
					next[e.node] = { status: 'cancelled' };
					break;
			}
		}
		this.nodes = next;
		if (finished) this.resultsVersion++;
	}

	async run(doc: PipelineDocument, targets?: readonly string[], project?: string): Promise<RunSummary | null> {
		const seq = ++this.runSeq;
		this.running = true;
		this.error = null;
		this.startedAt = Date.now();
		try {
			const summary = await engine().run(doc, { targets, backend: this.backend, project }, this.onEvents);
			if (seq !== this.runSeq) return summary;
			this.drain();
			// Errors reported only in the summary (e.g. plan errors) still show on their nodes.
			const errs = Object.entries(summary.errors);
			if (errs.length) {
				const next = { ...this.nodes };
				for (const [node, message] of errs) next[node] = { status: 'error', error: message };
				this.nodes = next;
			}
			this.summary = summary;
			this.resultsVersion++;
			return summary;
		} catch (e) {
			if (seq === this.runSeq) {
				this.drain();
				this.error = e instanceof Error ? e.message : String(e);
				this.failUnfinished(this.error);
			}
			return null;
		} finally {
			if (seq === this.runSeq) {
				this.running = false;
				this.startedAt = null;
			}
		}
	}

	/**
	 * The run itself failed (the engine worker died mid-run): the node that was running shows
	 * why, and the ones still waiting show that they did not run, instead of spinning forever.
	 */
	private failUnfinished(message: string): void {
		const next = { ...this.nodes };
		for (const [id, n] of Object.entries(next)) {
			if (n.status === 'running') next[id] = { status: 'error', error: message };
			else if (n.status === 'queued') next[id] = { status: 'cancelled' };
		}
		this.nodes = next;
	}

	/**
	 * On opening a project: show every node whose result is known without running (kept from
	 * an earlier run, issue 11) as `cached`, result panel filled. A run started meanwhile wins.
	 */
	async restore(doc: PipelineDocument, project: string): Promise<number> {
		const seq = this.runSeq;
		try {
			const known = await engine().savedResults(doc, { backend: this.backend, project });
			if (seq !== this.runSeq || this.running || known.length === 0) return 0;
			const next: Record<string, NodeRun> = { ...this.nodes };
			let shown = 0;
			for (const id of known)
				if (!next[id] || next[id].status === 'idle') {
					next[id] = { status: 'cached' };
					shown++;
				}
			this.nodes = next;
			this.resultsVersion++;
			return shown;
		} catch {
			// Nothing known: the nodes stay idle, as before anything was kept.
			return 0;
		}
	}

	async cancel(): Promise<void> {
		try {
			await engine().cancelRun();
		} catch (e) {
			this.error = e instanceof Error ? e.message : String(e);
		}
	}

	/**
	 * An edit made these results stale: the affected nodes and what depends on them go back to
	 * idle, those that had a result keeping it on show marked out of date (a node mid-run keeps
	 * its status), and removed nodes are forgotten.
	 */
	invalidate(doc: PipelineDocument, affected: Affected): void {
		const stale = new Set<string>();
		if (affected.kind === 'all') for (const n of doc.nodes) stale.add(n.id);
		else {
			for (const id of affected.nodes) for (const d of downstream(doc, id)) stale.add(d);
			for (const id of affected.removed) stale.add(id);
		}
		const removed = affected.kind === 'nodes' ? affected.removed : new Set<string>();
		let changed = false;
		const next: Record<string, NodeRun> = { ...this.nodes };
		for (const id of stale) {
			const was = next[id];
			if (!was || was.status === 'running' || was.status === 'queued' || (was.status === 'idle' && was.stale)) continue;
			const hadResult = was.status === 'done' || was.status === 'cached';
			if (hadResult && !removed.has(id)) next[id] = { status: 'idle', stale: true };
			else delete next[id];
			changed = true;
		}
		if (changed) this.nodes = next;
	}

	result(node: string): Promise<NodeResult | null> {
		return engine().result(node);
	}

	rows(node: string, port: string, offset: number, limit: number): Promise<RowWindow | null> {
		return engine().rows(node, port, offset, limit);
	}

	inputSchema(doc: PipelineDocument, node: string, port: string): Promise<FrameSchema | null> {
		return engine().inputSchema(doc, node, port);
	}
}
