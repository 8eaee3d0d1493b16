import { wrap, type Remote } from 'comlink';
import type { BackendChoice, TrialRunner, TrialSession } from '../src/lib/core/nodes/define';
import type { TrialWorkerApi } from './trial-api';

interface Member {
	readonly worker: Worker;
	readonly api: Remote<TrialWorkerApi>;
	/** Sessions whose data this worker holds. */
	readonly sessions: Set<string>;
	busy: boolean;
	/** Rejects the trial in flight when the worker dies. */
	fail: ((e: Error) => void) | null;
}

/**
 * A pool of trial workers for hyperparameter search: each holds the search's data once and
 * trains one configuration at a time. A crashed worker fails only its own trial (the search
 * records it and goes on) and is replaced.
 */
export function createTrialPool(spawn: () => Worker, size: number, backend: () => BackendChoice, seed: () => number): TrialRunner {
	const members: Member[] = [];
	const waiting: ((m: Member) => void)[] = [];
	let nextTrial = 0;
	let nextSession = 0;
	let openSessions = 0;
	/** Idle workers hold a copy of the catalog and tfjs: let them go a while after the last search. */
	let retire: ReturnType<typeof setTimeout> | null = null;
	const IDLE_MS = 60_000;

	const add = (): Member => {
		const worker = spawn();
		const member: Member = { worker, api: wrap<TrialWorkerApi>(worker), sessions: new Set(), busy: false, fail: null };
		worker.addEventListener('error', (event) => {
			event.preventDefault();
			worker.terminate();
			members.splice(members.indexOf(member), 1);
			member.fail?.(new Error(`a trial worker stopped (${event.message || 'crashed'}); its trial is recorded as failed`));
			release(add());
		});
		members.push(member);
		return member;
	};
	const release = (m: Member) => {
		m.busy = false;
		const next = waiting.shift();
		if (next) {
			m.busy = true;
			next(m);
		}
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
			// The data is copied to a worker the first time it runs a trial of this session.
			const ensure = (m: Member) => {
				let p = opened.get(m);
				if (!p || !m.sessions.has(session)) {
					m.sessions.add(session);
					p = m.api.open(session, data, model, setup, backend(), seed());
					opened.set(m, p);
				}
				return p;
			};
			return {
				async run(params, signal) {
					const m = await acquire();
					const trial = ++nextTrial;
					const onAbort = () => void m.api.cancel(trial);
					signal.addEventListener('abort', onAbort, { once: true });
					try {
						if (signal.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
						return await new Promise((resolve, reject) => {
							m.fail = reject;
							ensure(m)
								.then(() => m.api.run(session, trial, params))
								.then(resolve, (e: unknown) => {
									// Errors cross comlink as plain errors: keep a cancel recognisable.
									if (signal.aborted) reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
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
						if (m.sessions.delete(session)) void m.api.close(session);
					}
					if (--openSessions > 0) return;
					retire = setTimeout(() => {
						if (openSessions > 0) return;
						for (const m of members.splice(0)) m.worker.terminate();
					}, IDLE_MS);
				}
			};
		}
	};
}
