import type { PortKind } from '$lib/core/nodes/ports';

export const KIND_COLORS: Readonly<Record<PortKind, string>> = {
	dataset: 'var(--kind-dataset)',
	model: 'var(--kind-model)',
	metrics: 'var(--kind-metrics)',
	report: 'var(--kind-report)'
};

export const KIND_HEX: Readonly<Record<PortKind, string>> = {
	dataset: '#3b82f6',
	model: '#8b5cf6',
	metrics: '#16a34a',
	report: '#f59e0b'
};
