import type { Node } from '@xyflow/svelte';
import type { DocFrame, DocNode, DocNote } from '$lib/core/doc/types';

export type PipelineFlowNode = Node<{ node: DocNode }, 'pipeline'>;
/** A frame drawn behind the nodes it holds; `members` counts them for its title bar. */
export type FrameFlowNode = Node<{ frame: DocFrame; members: number }, 'frame'>;
export type NoteFlowNode = Node<{ note: DocNote }, 'note'>;
export type CanvasFlowNode = PipelineFlowNode | FrameFlowNode | NoteFlowNode;
