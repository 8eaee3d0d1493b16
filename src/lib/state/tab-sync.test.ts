import { describe, expect, it } from 'vitest';
import {
	ANSWER_MS,
	canEdit,
	lockName,
	readTabMessage,
	step,
	TabSync,
	YIELD_MS,
	type LockManagerLike,
	type RoleChange,
	type TabChannel,
	type TabMessage,
	type TabRole,
	type Timers
} from './tab-sync';

describe('step: the pure state machine', () => {
	const me = 'tab-b';

	it('the first tab to get the lock edits; a tab that finds it held follows and queues for it', () => {
		expect(step({ kind: 'starting' }, { kind: 'lock-granted' }, me)).toEqual({
			role: { kind: 'editor' },
			effects: [{ kind: 'role-changed', change: 'first' }]
		});
		expect(step({ kind: 'starting' }, { kind: 'lock-busy' }, me)).toEqual({
			role: { kind: 'follower' },
			effects: [
				{ kind: 'request-lock', mode: 'queue' },
				{ kind: 'role-changed', change: 'another-tab-editing' }
			]
		});
	});

	it('"Edit here instead": ask the editor, then steal on its answer or when it does not answer', () => {
		const asked = step({ kind: 'follower' }, { kind: 'take-over' }, me);
		expect(asked.role).toEqual({ kind: 'taking-over', stealing: false });
		expect(asked.effects).toEqual([
			{ kind: 'post', message: { kind: 'yield', from: me } },
			{ kind: 'start-timer', ms: ANSWER_MS }
		]);
		const steal = [{ kind: 'cancel-timer' }, { kind: 'leave-queue' }, { kind: 'request-lock', mode: 'steal' }];
		expect(step(asked.role, { kind: 'message', message: { kind: 'yielded', to: me } }, me).effects).toEqual(steal);
		expect(step(asked.role, { kind: 'timeout' }, me).effects).toEqual(steal);
		// An answer meant for another tab changes nothing.
		expect(step(asked.role, { kind: 'message', message: { kind: 'yielded', to: 'tab-c' } }, me)).toEqual({ role: asked.role, effects: [] });
		expect(step({ kind: 'taking-over', stealing: true }, { kind: 'lock-granted' }, me)).toEqual({
			role: { kind: 'editor' },
			effects: [{ kind: 'cancel-timer' }, { kind: 'role-changed', change: 'took-over' }]
		});
	});

	it('an editor asked to yield saves first, answers after the save, and follows once the lock is taken', () => {
		const yielding = step({ kind: 'editor' }, { kind: 'message', message: { kind: 'yield', from: 'tab-c' } }, me);
		expect(yielding.role).toEqual({ kind: 'yielding', to: 'tab-c' });
		expect(yielding.effects).toEqual([{ kind: 'flush' }, { kind: 'start-timer', ms: YIELD_MS }]);
		expect(canEdit(yielding.role)).toBe(false);
		expect(step(yielding.role, { kind: 'flushed' }, me).effects).toEqual([{ kind: 'post', message: { kind: 'yielded', to: 'tab-c' } }]);
		expect(step(yielding.role, { kind: 'lock-lost' }, me)).toEqual({
			role: { kind: 'follower' },
			effects: [{ kind: 'cancel-timer' }, { kind: 'request-lock', mode: 'queue' }, { kind: 'role-changed', change: 'handed-over' }]
		});
		// Nobody took it (the asking tab closed): edit again.
		expect(step(yielding.role, { kind: 'timeout' }, me)).toEqual({
			role: { kind: 'editor' },
			effects: [{ kind: 'role-changed', change: 'resumed' }]
		});
	});

	it('an editor whose lock is stolen without asking still tries to save (the revision guard decides) and follows', () => {
		expect(step({ kind: 'editor' }, { kind: 'lock-lost' }, me)).toEqual({
			role: { kind: 'follower' },
			effects: [{ kind: 'flush' }, { kind: 'request-lock', mode: 'queue' }, { kind: 'role-changed', change: 'taken-over' }]
		});
	});

	it('only the editor edits; closing releases everything once', () => {
		const roles: TabRole[] = [
			{ kind: 'starting' },
			{ kind: 'editor' },
			{ kind: 'yielding', to: 'x' },
			{ kind: 'follower' },
			{ kind: 'taking-over', stealing: false },
			{ kind: 'closed' }
		];
		expect(roles.filter(canEdit)).toEqual([{ kind: 'editor' }]);
		expect(step({ kind: 'follower' }, { kind: 'close' }, me).effects).toEqual([
			{ kind: 'cancel-timer' },
			{ kind: 'leave-queue' },
			{ kind: 'release-lock' }
		]);
		expect(step({ kind: 'closed' }, { kind: 'close' }, me).effects).toEqual([]);
		expect(step({ kind: 'closed' }, { kind: 'lock-granted' }, me).role).toEqual({ kind: 'closed' });
	});

	it('messages from the channel are checked', () => {
		expect(readTabMessage({ kind: 'yield', from: 'a' })).toEqual({ kind: 'yield', from: 'a' });
		expect(readTabMessage({ kind: 'yielded', to: 'a' })).toEqual({ kind: 'yielded', to: 'a' });
		expect(readTabMessage({ kind: 'yield', from: 3 })).toBeNull();
		expect(readTabMessage({ kind: 'steal-everything' })).toBeNull();
		expect(readTabMessage('yield')).toBeNull();
		expect(readTabMessage(null)).toBeNull();
	});
});

/** The Web Locks API for one name, as the spec describes it: one holder, a FIFO queue, `ifAvailable`, `steal`, `signal`. */
class FakeLocks implements LockManagerLike {
	private holder: { reject: (e: unknown) => void } | null = null;
	private queue: { grant: () => void; signal?: AbortSignal }[] = [];
	readonly names = new Set<string>();

	request(
		name: string,
		options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
		callback: (lock: unknown) => Promise<void> | void
	): Promise<unknown> {
		this.names.add(name);
		return new Promise((resolve, reject) => {
			const entry = { reject };
			const grant = () => {
				this.holder = entry;
				Promise.resolve(callback({ name })).then(
					(value) => {
						if (this.holder !== entry) return;
						this.holder = null;
						resolve(value);
						this.next();
					},
					(e) => {
						if (this.holder !== entry) return;
						this.holder = null;
						reject(e);
						this.next();
					}
				);
			};
			if (options.steal) {
				this.holder?.reject(new DOMException('stolen', 'AbortError'));
				this.holder = null;
				grant();
			} else if (options.ifAvailable && (this.holder || this.queue.length)) {
				Promise.resolve(callback(null)).then(resolve, reject);
			} else if (!this.holder && !this.queue.length) grant();
			else {
				const waiting = { grant, signal: options.signal };
				this.queue.push(waiting);
				options.signal?.addEventListener('abort', () => {
					const i = this.queue.indexOf(waiting);
					if (i < 0) return;
					this.queue.splice(i, 1);
					reject(new DOMException('left the queue', 'AbortError'));
				});
			}
		});
	}

	private next(): void {
		if (this.holder) return;
		this.queue.shift()?.grant();
	}
}

/** BroadcastChannel semantics: delivered later, to every other open channel, never to the sender. */
class Hub {
	private channels = new Set<{ deliver: (data: unknown) => void }>();
	/** Tabs whose messages are lost (a frozen tab, an older build). */
	deaf = new Set<string>();

	channel(tab: string): TabChannel {
		const listeners = new Set<(data: unknown) => void>();
		const self = { deliver: (data: unknown) => listeners.forEach((l) => l(data)) };
		this.channels.add(self);
		return {
			post: (message: TabMessage) => {
				const copy = structuredClone(message);
				for (const c of this.channels) if (c !== self) setTimeout(() => c.deliver(copy), 0);
			},
			listen: (l) => {
				listeners.add((data) => {
					if (!this.deaf.has(tab)) l(data);
				});
				return () => listeners.clear();
			},
			close: () => void this.channels.delete(self)
		};
	}
}

/** Timers fired by the test, never by the clock. */
class ManualTimers implements Timers {
	private pending = new Map<number, () => void>();
	private seq = 0;
	set(fn: () => void): unknown {
		this.pending.set(++this.seq, fn);
		return this.seq;
	}
	clear(handle: unknown): void {
		this.pending.delete(handle as number);
	}
	fireAll(): void {
		const due = [...this.pending.values()];
		this.pending.clear();
		for (const fn of due) fn();
	}
	get count(): number {
		return this.pending.size;
	}
}

/** Lets promises, lock grants and channel deliveries run. */
const settle = async () => {
	for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

interface Tab {
	sync: TabSync;
	changes: (RoleChange | null)[];
	flushes: number;
}

function tabs(locks: LockManagerLike | null = new FakeLocks()) {
	const hub = new Hub();
	const timers = new ManualTimers();
	const open = (me: string): Tab => {
		const tab: Tab = { sync: null as unknown as TabSync, changes: [], flushes: 0 };
		tab.sync = new TabSync({
			me,
			project: 'p1',
			locks,
			channel: hub.channel(me),
			timers,
			flush: async () => void tab.flushes++,
			onRole: (_role, change) => tab.changes.push(change)
		});
		tab.sync.start();
		return tab;
	};
	return { hub, timers, open };
}

const kind = (t: Tab) => t.sync.role.kind;

describe('TabSync: tabs on one project with the Web Locks and BroadcastChannel semantics', () => {
	it('A edits, B follows; B takes over after A saved; A follows; A takes over again when B closes', async () => {
		const locks = new FakeLocks();
		const { open, timers } = tabs(locks);
		const a = open('a');
		await settle();
		const b = open('b');
		await settle();
		expect([kind(a), kind(b)]).toEqual(['editor', 'follower']);
		expect([...locks.names]).toEqual([lockName('p1')]);

		b.sync.takeOver();
		await settle();
		expect(a.flushes).toBe(1);
		expect([kind(a), kind(b)]).toEqual(['follower', 'editor']);
		expect(a.changes).toEqual(['first', null, 'handed-over']);
		expect(b.changes).toEqual(['another-tab-editing', null, 'took-over']);
		// Both waits ended without firing: B got its answer, A was taken over.
		expect(timers.count).toBe(0);

		b.sync.close();
		await settle();
		expect(kind(a)).toBe('editor');
		expect(a.changes.at(-1)).toBe('editor-left');
	});

	it('an editor that does not answer has the lock stolen after the wait; it still flushes and then follows', async () => {
		const { open, hub, timers } = tabs();
		const a = open('a');
		await settle();
		const b = open('b');
		await settle();
		hub.deaf.add('a');
		b.sync.takeOver();
		await settle();
		expect([kind(a), kind(b)]).toEqual(['editor', 'taking-over']);
		timers.fireAll();
		await settle();
		expect([kind(a), kind(b)]).toEqual(['follower', 'editor']);
		expect(a.changes.at(-1)).toBe('taken-over');
		expect(a.flushes).toBe(1);
	});

	it('three tabs: when the editor closes exactly one follower (the first in the queue) edits', async () => {
		const { open } = tabs();
		const a = open('a');
		await settle();
		const b = open('b');
		const c = open('c');
		await settle();
		expect([kind(a), kind(b), kind(c)]).toEqual(['editor', 'follower', 'follower']);
		a.sync.close();
		await settle();
		expect([kind(a), kind(b), kind(c)]).toEqual(['closed', 'editor', 'follower']);
		// C takes over from B; then only C edits.
		c.sync.takeOver();
		await settle();
		expect([kind(b), kind(c)]).toEqual(['follower', 'editor']);
	});

	it('a yielding editor that nobody takes over (the asking tab closed) edits again', async () => {
		const { open, timers } = tabs();
		const a = open('a');
		await settle();
		const b = open('b');
		await settle();
		b.sync.takeOver();
		b.sync.close();
		await settle();
		expect(kind(a)).toBe('yielding');
		timers.fireAll();
		await settle();
		expect(kind(a)).toBe('editor');
		expect(a.changes.at(-1)).toBe('resumed');
	});

	it('without Web Locks a tab edits at once (the revision guard is then the only protection)', async () => {
		const { open } = tabs(null);
		const a = open('a');
		const b = open('b');
		await settle();
		expect([kind(a), kind(b)]).toEqual(['editor', 'editor']);
	});
});
