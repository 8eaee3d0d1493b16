import type { ParamValue } from '../nodes/params';

export const DOC_FORMAT = 'tessera/pipeline';
/** Version of the document envelope (the "doc" sequence). */
export const DOC_VERSION = 2;

export interface Position {
	readonly x: number;
	readonly y: number;
}

export interface DocNode {
	readonly id: string;
	readonly type: string;
	/** Params by name, never by position (DESIGN.md §3). */
	readonly params: Readonly<Record<string, ParamValue>>;
	readonly position: Position;
	readonly label?: string;
	/** Set on open for a node whose type this app does not know: kept, shown, never run. */
	readonly inert?: { readonly reason: string };
}

export interface PortRef {
	readonly node: string;
	readonly port: string;
}

export interface DocEdge {
	readonly id: string;
	readonly from: PortRef;
	readonly to: PortRef;
}

/** A dataset referenced by name + content hash, optionally embedded as CSV text. */
export interface DataEntry {
	readonly name: string;
	readonly hash: string;
	readonly rows?: number;
	/** Size of the file in bytes, so a teammate can be told what to upload. */
	readonly bytes?: number;
	readonly embedded?: { readonly format: 'csv'; readonly text: string };
}

export interface DocMeta {
	readonly name: string;
	readonly created: string;
	readonly modified: string;
	readonly app?: string;
}

export interface PipelineDocument {
	readonly format: typeof DOC_FORMAT;
	/** Version per migration sequence: "doc" and "node:<type>". */
	readonly schema: { readonly sequences: Readonly<Record<string, number>> };
	readonly meta: DocMeta;
	readonly nodes: readonly DocNode[];
	readonly edges: readonly DocEdge[];
	readonly seeds: { readonly global: number };
	readonly data: readonly DataEntry[];
}
