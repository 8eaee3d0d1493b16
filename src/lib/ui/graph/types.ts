import type { Node } from '@xyflow/svelte';
import type { DocNode } from '$lib/core/doc/types';

export type PipelineFlowNode = Node<{ node: DocNode }, 'pipeline'>;
