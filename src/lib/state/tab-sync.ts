/**
 * Which tab edits a project when several have it open (issue 18, "two tabs").
 *
 * The editor is the tab holding the project's Web Lock (`tessera:project:<id>`): the browser
 * grants it to one tab at a time and releases it when that tab closes or crashes, so no
 * heartbeat is needed. Other tabs follow: they queue for the lock (and so take over by
 * themselves when the editor goes) and show each saved document read-only. "Edit here
 * instead" asks the editor on the project's BroadcastChannel to save and step down, then
 * steals the lock; an editor that does not answer in time (frozen, or an older build) has the
 * lock stolen anyway, and the revision guard on the save (persistence/projects.ts) refuses
 * whatever it still tries to write over.
 *
 * `step` is the state machine, pure; `TabSync` runs its effects against the lock manager,
 * the channel and timers it is given (the browser's, or fakes in tests).
 */

/** What this tab may do with the project now. */
export type TabRole =
	/** Waiting for the first answer from the lock manager. */
	| { readonly kind: 'starting' }
	| { readonly kind: 'editor' }
	/** Asked to hand over: saving what is pending, edits refused, until the other tab takes the lock. */
	| { readonly kind: 'yielding'; readonly to: string }
	| { readonly kind: 'follower' }
	/** "Edit here instead" pressed: waiting for the editor's answer (`stealing` once the lock is asked for). */
	| { readonly kind: 'taking-over'; readonly stealing: boolean }
	| { readonly kind: 'closed' };

/** What tabs on one project say to each other. */
export type TabMessage = { readonly kind: 'yield'; readonly from: string } | { readonly kind: 'yielded'; readonly to: string };

export type TabEvent =
	/** The lock is this tab's: granted at once, after waiting in the queue, or stolen. */
	| { readonly kind: 'lock-granted' }
	/** Another tab holds the lock (the answer to a request that would not wait). */
	| { readonly kind: 'lock-busy' }
	/** Another tab stole the lock this tab held. */
	| { readonly kind: 'lock-lost' }
	/** The person pressed "Edit here instead". */
	| { readonly kind: 'take-over' }
	| { readonly kind: 'message'; readonly message: TabMessage }
	/** The save asked for by a `flush` effect finished (saved, or refused and reloaded). */
	| { readonly kind: 'flushed' }
	| { readonly kind: 'timeout' }
	| { readonly kind: 'close' };

/** Why the role changed, for the words the tab shows. */
export type RoleChange = 'first' | 'editor-left' | 'took-over' | 'resumed' | 'another-tab-editing' | 'handed-over' | 'taken-over';

export type TabEffect =
	| { readonly kind: 'request-lock'; readonly mode: 'if-available' | 'queue' | 'steal' }
	/** Leave the lock's queue (before stealing, so this tab does not wait behind itself). */
	| { readonly kind: 'leave-queue' }
	| { readonly kind: 'release-lock' }
	| { readonly kind: 'post'; readonly message: TabMessage }
	| { readonly kind: 'flush' }
	| { readonly kind: 'start-timer'; readonly ms: number }
	| { readonly kind: 'cancel-timer' }
	| { readonly kind: 'role-changed'; readonly change: RoleChange };

/** How long a tab taking over waits for the editor's answer before stealing the lock. */
export const ANSWER_MS = 2_000;
/** How long a yielding editor waits to be taken over before it goes back to editing (the other tab went away). */
export const YIELD_MS = 10_000;

export interface Step {
	readonly role: TabRole;
	readonly effects: readonly TabEffect[];
}

const stay = (role: TabRole): Step => ({ role, effects: [] });

/** The next role of tab `me` after `event`, and what to do. */
export function step(role: TabRole, event: TabEvent, me: string): Step {
	if (event.kind === 'close')
		return role.kind === 'closed'
			? stay(role)
			: { role: { kind: 'closed' }, effects: [{ kind: 'cancel-timer' }, { kind: 'leave-queue' }, { kind: 'release-lock' }] };
	switch (role.kind) {
		case 'starting':
			if (event.kind === 'lock-granted') return { role: { kind: 'editor' }, effects: [{ kind: 'role-changed', change: 'first' }] };
			if (event.kind === 'lock-busy')
				return {
					role: { kind: 'follower' },
					effects: [
						{ kind: 'request-lock', mode: 'queue' },
						{ kind: 'role-changed', change: 'another-tab-editing' }
					]
				};
			return stay(role);
		case 'editor':
			if (event.kind === 'message' && event.message.kind === 'yield')
				return {
					role: { kind: 'yielding', to: event.message.from },
					effects: [{ kind: 'flush' }, { kind: 'start-timer', ms: YIELD_MS }]
				};
			if (event.kind === 'lock-lost') return becomeFollower('taken-over', [{ kind: 'flush' }]);
			return stay(role);
		case 'yielding':
			if (event.kind === 'flushed') return { role, effects: [{ kind: 'post', message: { kind: 'yielded', to: role.to } }] };
			if (event.kind === 'lock-lost') return becomeFollower('handed-over', [{ kind: 'cancel-timer' }]);
			if (event.kind === 'timeout') return { role: { kind: 'editor' }, effects: [{ kind: 'role-changed', change: 'resumed' }] };
			return stay(role);
		case 'follower':
			if (event.kind === 'lock-granted') return { role: { kind: 'editor' }, effects: [{ kind: 'role-changed', change: 'editor-left' }] };
			if (event.kind === 'take-over')
				return {
					role: { kind: 'taking-over', stealing: false },
					effects: [
						{ kind: 'post', message: { kind: 'yield', from: me } },
						{ kind: 'start-timer', ms: ANSWER_MS }
					]
				};
			return stay(role);
		case 'taking-over':
			if (event.kind === 'lock-granted')
				return { role: { kind: 'editor' }, effects: [{ kind: 'cancel-timer' }, { kind: 'role-changed', change: 'took-over' }] };
			if (role.stealing) return stay(role);
			// The editor has saved and stepped down, or did not answer in time: steal the lock.
			if ((event.kind === 'message' && event.message.kind === 'yielded' && event.message.to === me) || event.kind === 'timeout')
				return {
					role: { kind: 'taking-over', stealing: true },
					effects: [{ kind: 'cancel-timer' }, { kind: 'leave-queue' }, { kind: 'request-lock', mode: 'steal' }]
				};
			return stay(role);
		case 'closed':
			return stay(role);
	}
}

function becomeFollower(change: RoleChange, first: readonly TabEffect[]): Step {
	return {
		role: { kind: 'follower' },
		effects: [...first, { kind: 'request-lock', mode: 'queue' }, { kind: 'role-changed', change }]
	};
}

/** Whether a tab in `role` may change the document. */
export function canEdit(role: TabRole): boolean {
	return role.kind === 'editor';
}

/** A message from another tab, checked (a channel carries whatever any script of this origin posts). */
export function readTabMessage(data: unknown): TabMessage | null {
	if (typeof data !== 'object' || data === null) return null;
	const m = data as Record<string, unknown>;
	if (m.kind === 'yield' && typeof m.from === 'string') return { kind: 'yield', from: m.from };
	if (m.kind === 'yielded' && typeof m.to === 'string') return { kind: 'yielded', to: m.to };
	return null;
}

/** The part of the Web Locks API used here (`navigator.locks` has this shape). */
export interface LockManagerLike {
	request(
		name: string,
		options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
		callback: (lock: unknown) => Promise<void> | void
	): Promise<unknown>;
}

/** A channel to the other tabs on the same project (a BroadcastChannel in the browser). */
export interface TabChannel {
	post(message: TabMessage): void;
	/** Calls `listener` with each message another tab posts; returns how to stop. */
	listen(listener: (data: unknown) => void): () => void;
	close(): void;
}

export interface Timers {
	set(fn: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

export interface TabSyncOptions {
	/** This tab's id (random per page load). */
	readonly me: string;
	readonly project: string;
	/** null where the browser has no Web Locks: the tab edits alone, guarded only by revisions. */
	readonly locks: LockManagerLike | null;
	readonly channel: TabChannel;
	readonly timers: Timers;
	/** Saves what this tab has pending; resolves when the save has finished either way. */
	flush(): Promise<void>;
	/** Told of every change of role, with why where it is worth saying (null: yielding, taking over). */
	onRole(role: TabRole, change: RoleChange | null): void;
}

export const lockName = (project: string): string => `tessera:project:${project}`;

/** Runs `step` for one tab on one project against the given lock manager, channel and timers. */
export class TabSync {
	role: TabRole = { kind: 'starting' };
	private readonly opts: TabSyncOptions;
	/** Releases the lock this tab holds (resolves the promise its request callback returned). */
	private release: (() => void) | null = null;
	/** Leaves the queue this tab waits in. */
	private queue: AbortController | null = null;
	private timer: unknown = null;
	private stopListening: () => void = () => {};

	constructor(opts: TabSyncOptions) {
		this.opts = opts;
	}

	start(): void {
		this.stopListening = this.opts.channel.listen((data) => {
			const message = readTabMessage(data);
			if (message) this.dispatch({ kind: 'message', message });
		});
		if (!this.opts.locks) {
			this.dispatch({ kind: 'lock-granted' });
			return;
		}
		this.run({ kind: 'request-lock', mode: 'if-available' });
	}

	takeOver(): void {
		this.dispatch({ kind: 'take-over' });
	}

	close(): void {
		this.dispatch({ kind: 'close' });
		this.stopListening();
		this.opts.channel.close();
	}

	dispatch(event: TabEvent): void {
		const before = this.role;
		const next = step(before, event, this.opts.me);
		this.role = next.role;
		for (const effect of next.effects) this.run(effect);
		if (next.role.kind === before.kind) return;
		const said = next.effects.find((e) => e.kind === 'role-changed');
		this.opts.onRole(this.role, said?.kind === 'role-changed' ? said.change : null);
	}

	private run(effect: TabEffect): void {
		switch (effect.kind) {
			case 'request-lock':
				return this.requestLock(effect.mode);
			case 'leave-queue':
				this.queue?.abort();
				this.queue = null;
				return;
			case 'release-lock':
				this.release?.();
				this.release = null;
				return;
			case 'post':
				return this.opts.channel.post(effect.message);
			case 'flush':
				void this.opts.flush().finally(() => this.dispatch({ kind: 'flushed' }));
				return;
			case 'start-timer':
				if (this.timer !== null) this.opts.timers.clear(this.timer);
				this.timer = this.opts.timers.set(() => {
					this.timer = null;
					this.dispatch({ kind: 'timeout' });
				}, effect.ms);
				return;
			case 'cancel-timer':
				if (this.timer !== null) this.opts.timers.clear(this.timer);
				this.timer = null;
				return;
			case 'role-changed':
				// Told once the step's other effects have run (`dispatch`).
				return;
		}
	}

	private requestLock(mode: 'if-available' | 'queue' | 'steal'): void {
		const locks = this.opts.locks;
		if (!locks) return;
		const queue = mode === 'queue' ? new AbortController() : null;
		if (queue) this.queue = queue;
		const options = mode === 'if-available' ? { ifAvailable: true } : mode === 'steal' ? { steal: true } : { signal: queue!.signal };
		let held = false;
		locks
			.request(lockName(this.opts.project), options, (lock) => {
				if (lock === null) {
					this.dispatch({ kind: 'lock-busy' });
					return;
				}
				if (this.queue === queue) this.queue = null;
				// A grant this tab no longer wants (it closed, or already holds the lock): give it back.
				if (this.release || this.role.kind === 'closed') return;
				held = true;
				const hold = new Promise<void>((resolve) => (this.release = resolve));
				this.dispatch({ kind: 'lock-granted' });
				return hold;
			})
			.catch(() => {
				// Rejected: left the queue (AbortError, wanted), or the lock held was stolen.
				if (!held) return;
				this.release = null;
				this.dispatch({ kind: 'lock-lost' });
			});
	}
}
