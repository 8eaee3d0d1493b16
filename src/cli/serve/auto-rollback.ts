/**
 * `tessera serve <registry-dir> --rollback-on "error_rate>0.05"`: after a promotion, the
 * server watches the version it promoted. Every scoring request that version answers goes
 * into a window of the last N (core/lifecycle/rollback-rules.ts); when a rule holds on a full
 * window, the server writes the rollback into the index itself (the same atomic writer as
 * `tessera rollback`, with the rule and the value it measured in the history), says so on
 * stderr, and its own watcher swaps back as for any other change of registry.json.
 *
 * Once per promotion: the rollback makes the promotion no longer the last event, so nothing is
 * watched until the next promotion; a rule that fired is not evaluated again meanwhile (the
 * write and the reload take a moment, and requests keep coming).
 */
import { rollbackVersion, watchedPromotion } from '../../lib/core/lifecycle/registry-index';
import { firedRule, RequestWindow, type FiredRule, type RollbackRule } from '../../lib/core/lifecycle/rollback-rules';
import { refreshCards } from '../model-cards';
import { updateRegistryIndex } from '../registry-dir';
import type { Catalog, ServedModel } from './models';

export interface AutoRollbackOptions {
	readonly dir: string;
	readonly rules: readonly RollbackRule[];
	/** Scoring requests a rule is evaluated on. */
	readonly window: number;
	readonly catalog: Catalog;
	readonly log: (line: string) => void;
}

export class AutoRollback {
	/** The window of the promotion being watched, per model name (keyed by version and promotion time). */
	private readonly windows = new Map<string, { key: string; window: RequestWindow }>();
	private readonly fired = new Set<string>();

	constructor(private readonly options: AutoRollbackOptions) {}

	/** A scoring request's outcome, from the server's response hook. */
	observe(served: ServedModel, status: number, latencyMs: number): void {
		const entry = this.options.catalog.entries.get(served.name)?.index;
		const watched = entry && watchedPromotion(entry);
		if (!watched || watched.version !== served.version) return;
		const key = `${served.version}@${watched.at}`;
		if (this.fired.has(`${served.name}@${key}`)) return;
		let current = this.windows.get(served.name);
		if (current?.key !== key) {
			current = { key, window: new RequestWindow(this.options.window) };
			this.windows.set(served.name, current);
		}
		current.window.add({ status, latencyMs });
		const fired = firedRule(this.options.rules, current.window, () => maxPsi(served));
		if (!fired) return;
		this.fired.add(`${served.name}@${key}`);
		void this.rollback(served, watched, fired);
	}

	private async rollback(served: ServedModel, watched: { version: string; from: string; at: string }, fired: FiredRule): Promise<void> {
		const { dir, log } = this.options;
		const what = `${fired.rule.text} measured ${Number(fired.value.toPrecision(4))} over the last ${fired.requests} requests`;
		try {
			let done = false;
			const index = await updateRegistryIndex(dir, (index) => {
				const entry = index.models[served.name];
				const now = entry && watchedPromotion(entry);
				// Someone promoted or rolled back meanwhile (another worker, a person): leave it.
				if (!now || now.version !== watched.version || now.at !== watched.at) return index;
				done = true;
				return rollbackVersion(
					index,
					served.name,
					watched.from,
					{ at: new Date().toISOString(), actor: 'tessera serve', reason: `automatic rollback: ${what}` },
					{ rule: fired.rule.text, value: fired.value, requests: fired.requests }
				);
			});
			if (!done) return;
			log(`tessera serve: automatic rollback of ${served.name}@${watched.version} to version ${watched.from}: ${what}`);
			await refreshCards(dir, index, served.name, [watched.version, watched.from]).catch(() => {});
		} catch (e) {
			log(`tessera serve: automatic rollback of ${served.name}@${watched.version} failed: ${e instanceof Error ? e.message : String(e)}`);
		}
	}
}

function maxPsi(served: ServedModel): number | null {
	const scores = served.drift
		.scores()
		.map((s) => s.psi)
		.filter(Number.isFinite);
	return scores.length ? Math.max(...scores) : null;
}
