import type { BackendChoice, TrialRunner, TrialSession } from '../nodes/define';
import type { TrialWorkerApi } from './trial-host';
import { abortError } from '../util/abort';

/** A thread the pool runs trials in: a browser worker or a Node worker thread, reached by messages. */
export interface TrialThread {
	readonly api: TrialWorkerApi;
	terminate(): void;
	/** Called once if the thread dies; the pool fails its trial and starts another thread. */
	onCrash(listener: (reason: string) => void): void;
}

interface Member {
	readonly thread: TrialThread;
	/** Sessions whose data this thread holds. */
	readonly sessions: Set<string>;
	busy: boolean;
	/** Rejects the trial in flight when the thread dies. */
	fail: ((e: Error) => void) | null;
}

/** Threads hold a copy of the catalog (and tfjs): let them go a while after the last search. */
const IDLE_MS = 60_000;

/**
 * A pool of trial threads for hyperparameter search: each holds the search's data once and
 * trains one configuration at a time. A crashed thread fails only its own trial (the search
 * records it and goes on) and is replaced.
 */
export function createTrialPool(spawn: () => TrialThread, size: number, backend: () => BackendChoice, seed: () => number): TrialRunner {
	const members: Member[] = [];
	const waiting: ((m: Member) => void)[] = [];
	let nextTrial = 0;
	let nextSession = 0;
	let openSessions = 0;
	let retire: ReturnType<typeof setTimeout> | null = null;

	const release = (m: Member) => {
		m.busy = false;
		const next = waiting.shift();
		if (next) {
			m.busy = true;
			next(m);
		}
	};
	const add = (): Member => {
		const thread = spawn();
		const member: Member = { thread, sessions: new Set(), busy: false, fail: null };
		thread.onCrash((reason) => {
			thread.terminate();
			const at = members.indexOf(member);
			if (at < 0) return;
			members.splice(at, 1);
			member.fail?.(new Error(`a trial worker stopped (${reason}); its trial is recorded as failed`));
			release(add());
		});
		members.push(member);
		return member;
	};
	const acquire = (): Promise<Member> => {
		const idle = members.find((m) => !m.busy);
		if (idle) {
			idle.busy = true;
			return Promise.resolve(idle);
		}
		return new Promise((resolve) => waiting.push(resolve));
	};

	return {
		parallel: size,
		async open(data, model, setup): Promise<TrialSession> {
			if (retire) clearTimeout(retire);
			retire = null;
			openSessions++;
			while (members.length < size) add();
			const session = `s${++nextSession}`;
			const opened = new Map<Member, Promise<void>>();
			// The data is copied to a thread the first time it runs a trial of this session.
			const ensure = (m: Member) => {
				let p = opened.get(m);
				if (!p || !m.sessions.has(session)) {
					m.sessions.add(session);
					p = m.thread.api.open(session, data, model, setup, backend(), seed());
					opened.set(m, p);
				}
				return p;
			};
			return {
				async run(params, signal) {
					const m = await acquire();
					const trial = ++nextTrial;
					// Fire and forget: a thread that is gone has nothing left to cancel.
					const onAbort = () => void m.thread.api.cancel(trial).catch(() => {});
					signal.addEventListener('abort', onAbort, { once: true });
					try {
						if (signal.aborted) throw abortError();
						return await new Promise((resolve, reject) => {
							m.fail = reject;
							ensure(m)
								.then(() => m.thread.api.run(session, trial, params))
								.then(resolve, (e: unknown) => {
									// Errors cross threads as plain errors: keep a cancel recognisable.
									if (signal.aborted) reject(abortError());
									else reject(e instanceof Error ? e : new Error(String(e)));
								});
						});
					} finally {
						m.fail = null;
						signal.removeEventListener('abort', onAbort);
						if (members.includes(m)) release(m);
					}
				},
				close() {
					for (const m of members) {
						if (m.sessions.delete(session)) void m.thread.api.close(session).catch(() => {});
					}
					if (--openSessions > 0) return;
					retire = setTimeout(() => {
						if (openSessions > 0) return;
						for (const m of members.splice(0)) m.thread.terminate();
					}, IDLE_MS);
					// A CLI process must not wait a minute for idle threads.
					(retire as { unref?: () => void }).unref?.();
				}
			};
		}
	};
}
