import { afterAll, describe, expect, it } from 'vitest';
import { announceProjects, onProjectsChanged, readProjectsChange, type ProjectsChange } from './projects-channel';

/** Another tab: its own BroadcastChannel on the same name. */
const other = new BroadcastChannel('tessera:projects');
afterAll(() => other.close());

const next = <T>(subscribe: (resolve: (value: T) => void) => void) => new Promise<T>(subscribe);

describe('the projects-changed channel', () => {
	it('carries ids and revisions both ways between tabs', async () => {
		const heard = next<unknown>((resolve) => other.addEventListener('message', (e) => resolve(e.data), { once: true }));
		announceProjects({ kind: 'saved', project: 'p1', revision: 4 });
		expect(await heard).toEqual({ kind: 'saved', project: 'p1', revision: 4 });

		const changes: ProjectsChange[] = [];
		const got = next<void>((resolve) => {
			const stop = onProjectsChanged((c) => {
				changes.push(c);
				if (c.kind === 'removed') {
					stop();
					resolve();
				}
			});
		});
		// Junk on the channel is dropped; the two real changes arrive in order.
		other.postMessage({ kind: 'saved', project: 'p2', revision: 1.5 });
		other.postMessage({ kind: 'added', project: 'p2' });
		other.postMessage('<img src=x onerror=alert(1)>');
		other.postMessage({ kind: 'removed', project: 'p2' });
		await got;
		expect(changes).toEqual([
			{ kind: 'added', project: 'p2' },
			{ kind: 'removed', project: 'p2' }
		]);
	});

	it('reads only well-formed changes', () => {
		expect(readProjectsChange({ kind: 'saved', project: 'a', revision: 2 })).toEqual({ kind: 'saved', project: 'a', revision: 2 });
		expect(readProjectsChange({ kind: 'saved', project: 'a' })).toBeNull();
		expect(readProjectsChange({ kind: 'renamed', project: 'a' })).toBeNull();
		expect(readProjectsChange({ kind: 'added', project: 7 })).toBeNull();
		expect(readProjectsChange(null)).toBeNull();
	});
});
