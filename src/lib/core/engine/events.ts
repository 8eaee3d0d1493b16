import type { CurvePoint } from '../nodes/define';

/** Per-node events streamed from the engine to whoever runs it (DESIGN.md §5). */
export type NodeStatus = 'idle' | 'queued' | 'running' | 'cached' | 'done' | 'error' | 'cancelled';

export type EngineEvent =
	| { readonly type: 'queued'; readonly node: string }
	| { readonly type: 'cached'; readonly node: string }
	| { readonly type: 'started'; readonly node: string }
	| { readonly type: 'progress'; readonly node: string; readonly fraction: number; readonly message?: string; readonly point?: CurvePoint }
	/** `note`: the node stopped early but kept a usable result (e.g. a model cancelled mid-training). */
	| { readonly type: 'done'; readonly node: string; readonly ms: number; readonly note?: string }
	/** `notConfigured`: the node is not set up yet (core/nodes/errors.ts): nothing ran. */
	| { readonly type: 'error'; readonly node: string; readonly message: string; readonly notConfigured?: true }
	| { readonly type: 'cancelled'; readonly node: string };
