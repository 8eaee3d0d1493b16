import type { ParamValue } from '../nodes/params';

export const DOC_FORMAT = 'tessera/pipeline';
/** Version of the document envelope (the "doc" sequence). */
export const DOC_VERSION = 3;

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

export interface Size {
	readonly width: number;
	readonly height: number;
}

/** The fixed palette a frame's colour comes from: named, so a file never carries CSS. */
export const FRAME_COLOURS = ['slate', 'blue', 'green', 'amber', 'rose', 'violet'] as const;
export type FrameColour = (typeof FRAME_COLOURS)[number];

/**
 * A titled, coloured rectangle drawn behind nodes (format 3). Its members are the nodes whose
 * position lies inside the rectangle, worked out when needed rather than stored: a file
 * cannot hold a member list that disagrees with the picture, deleting a node needs no
 * bookkeeping, and a frame can be drawn first and filled later (as in Figma or ComfyUI).
 * Frames and notes are annotations: the engine never sees them.
 */
export interface DocFrame {
	readonly id: string;
	readonly title: string;
	readonly colour: FrameColour;
	readonly position: Position;
	readonly size: Size;
	/** Drawn as its title bar only; members hidden and their outside wires drawn to the frame. */
	readonly collapsed: boolean;
}

/** A sticky note: Markdown text, rendered without raw HTML (markdown.ts). */
export interface DocNote {
	readonly id: string;
	readonly text: string;
	readonly position: Position;
	readonly size: Size;
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
	/** Annotations (format 3); never run. */
	readonly frames: readonly DocFrame[];
	readonly notes: readonly DocNote[];
}
