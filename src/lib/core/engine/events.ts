import type { CurvePoint } from '../nodes/define';

/** A node that stopped on Cancel but kept a usable result: what it kept (e.g. 'the weights of epoch 12'). */
export interface RunStop {
	readonly reason: 'cancelled';
	readonly kept: string;
}

/** How a kept-after-Cancel result reads in the UI. */
export const stopNote = (s: RunStop): string => `${s.reason}: kept ${s.kept}`;

/** Per-node events streamed from the engine to whoever runs it (DESIGN.md §5). */
export type NodeStatus = 'idle' | 'queued' | 'running' | 'cached' | 'done' | 'error' | 'cancelled';

export type EngineEvent =
	| { readonly type: 'queued'; readonly node: string }
	| { readonly type: 'cached'; readonly node: string }
	| { readonly type: 'started'; readonly node: string }
	/** `etaMs`: the node's own estimate of the time left (e.g. from its epoch times); absent, the UI estimates from `fraction`. */
	| {
			readonly type: 'progress';
			readonly node: string;
			readonly fraction: number;
			readonly message?: string;
			readonly point?: CurvePoint;
			readonly etaMs?: number;
	  }
	/** `stopped`: the node stopped early but kept a usable result (e.g. a model cancelled mid-training). */
	| { readonly type: 'done'; readonly node: string; readonly ms: number; readonly stopped?: RunStop }
	/** `notConfigured`: the node is not set up yet (core/nodes/errors.ts): nothing ran. */
	| { readonly type: 'error'; readonly node: string; readonly message: string; readonly notConfigured?: true }
	| { readonly type: 'cancelled'; readonly node: string };
