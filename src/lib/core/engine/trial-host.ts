import type { BackendChoice, NodeContext, TrialOutcome, TrialSetup } from '../nodes/define';
import type { ParamValues } from '../nodes/params';
import type { DatasetValue, ModelValue } from '../nodes/ports';
import type { Registry } from '../nodes/registry';
import { applyRecipe, retrain } from './recipe';
import { scoreTrial } from './trial';

/**
 * What a trial thread does for the pool (trial-pool.ts): hold a search's data, score
 * configurations. A browser worker and a Node worker thread expose the same object.
 */
export interface TrialWorkerApi {
	open(session: string, data: DatasetValue, model: ModelValue, setup: TrialSetup, backend: BackendChoice, seed: number): Promise<void>;
	run(session: string, trial: number, params: ParamValues): Promise<TrialOutcome>;
	cancel(trial: number): Promise<void>;
	close(session: string): Promise<void>;
}

interface Session {
	readonly data: DatasetValue;
	readonly model: ModelValue;
	readonly setup: TrialSetup;
	readonly backend: BackendChoice;
	readonly seed: number;
}

export function createTrialWorkerApi(registry: Registry): TrialWorkerApi {
	const sessions = new Map<string, Session>();
	const running = new Map<number, AbortController>();
	return {
		async open(session, data, model, setup, backend, seed) {
			sessions.set(session, { data, model, setup, backend, seed });
		},
		async run(session, trial, params) {
			const s = sessions.get(session);
			if (!s) throw new Error('the search was closed before this trial started');
			const controller = new AbortController();
			running.set(trial, controller);
			const ctx: NodeContext = {
				signal: controller.signal,
				seed: s.seed,
				backend: s.backend,
				progress: () => {},
				loadSource: () => Promise.reject(new Error('a trial cannot load data')),
				applyRecipe: (data, recipe) => applyRecipe(registry, data, recipe, ctx),
				retrain: (data, model, overrides) => retrain(registry, data, model, ctx, overrides)
			};
			try {
				return await scoreTrial(registry, s.data, s.model, params, s.setup, ctx);
			} finally {
				running.delete(trial);
			}
		},
		async cancel(trial) {
			running.get(trial)?.abort();
		},
		async close(session) {
			sessions.delete(session);
		}
	};
}
