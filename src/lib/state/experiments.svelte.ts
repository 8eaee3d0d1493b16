import type { ExperimentKind } from '$lib/core/experiments/records';
import { experimentsTable, toCsv, toJsonExport, type CellValue, type ExperimentColumn } from '$lib/core/experiments/table';
import type { ExperimentRecord } from '$lib/persistence/db';
import { deleteExperiments, listExperiments, updateExperiment } from '$lib/persistence/experiments';
import { createProject } from '$lib/persistence/projects';
import { attempt } from './attempt';

export type { ExperimentRecord };
export type SortDirection = 'ascending' | 'descending';

/** One visible row: the record and its cells (keys as in experimentsTable). */
export interface ExperimentRow {
	readonly record: ExperimentRecord;
	readonly cells: Readonly<Record<string, CellValue>>;
}

function compareCells(a: CellValue, b: CellValue): number {
	// Missing values sort last whichever the direction: the caller flips only present ones.
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a ?? '').localeCompare(String(b ?? ''), undefined, { numeric: true });
}

/** Everything a person can find an experiment by, in one lowercase string. */
const haystack = (r: ExperimentRecord) =>
	[r.title, r.projectName, r.kind, r.family ?? '', r.status, r.backend, r.nodeType, r.notes, ...r.tags].join('\n').toLowerCase();

/** The Experiments page: the stored records, how they are filtered and sorted, what is selected. */
export class ExperimentsState {
	records = $state.raw<ExperimentRecord[]>([]);
	loaded = $state(false);
	error = $state<string | null>(null);
	filter = $state('');
	kind = $state<ExperimentKind | 'all'>('all');
	starredOnly = $state(false);
	sortKey = $state('started');
	sortDirection = $state<SortDirection>('descending');
	/** Ids ticked for comparison, in the order they were ticked. */
	selected = $state.raw<readonly string[]>([]);
	/** The experiment whose details are open. */
	open = $state<string | null>(null);

	readonly table = $derived(experimentsTable(this.records));
	readonly metricColumns = $derived(this.table.columns.filter((c) => c.group === 'metric'));

	readonly rows: readonly ExperimentRow[] = $derived.by(() => {
		const needle = this.filter.trim().toLowerCase();
		const cells = this.table.rows;
		const rows = this.records
			.map((record, i) => ({ record, cells: cells[i] }))
			.filter(
				({ record }) =>
					(this.kind === 'all' || record.kind === this.kind) &&
					(!this.starredOnly || record.starred) &&
					(!needle || haystack(record).includes(needle))
			);
		const key = this.sortKey;
		const sign = this.sortDirection === 'ascending' ? 1 : -1;
		return rows.sort((a, b) => {
			const x = a.cells[key] ?? null;
			const y = b.cells[key] ?? null;
			if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
			return sign * compareCells(x, y);
		});
	});

	readonly selectedRecords = $derived(
		this.selected.map((id) => this.records.find((r) => r.id === id)).filter((r): r is ExperimentRecord => !!r)
	);
	readonly openRecord = $derived(this.records.find((r) => r.id === this.open) ?? null);

	private attempt<T>(fn: () => Promise<T>): Promise<T | null> {
		return attempt(this, fn);
	}

	async load(): Promise<void> {
		await this.attempt(async () => {
			this.records = await listExperiments();
			const known = new Set(this.records.map((r) => r.id));
			this.selected = this.selected.filter((id) => known.has(id));
			if (this.open && !known.has(this.open)) this.open = null;
		});
		this.loaded = true;
	}

	/** Click on a header: sort by it, or flip the direction when it already sorts. Numbers start high, text A→Z. */
	sortBy(column: ExperimentColumn | { key: string; numeric: boolean }): void {
		if (this.sortKey === column.key) this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
		else {
			this.sortKey = column.key;
			this.sortDirection = column.numeric || column.key === 'started' ? 'descending' : 'ascending';
		}
	}

	isSelected(id: string): boolean {
		return this.selected.includes(id);
	}

	toggleSelected(id: string): void {
		this.selected = this.isSelected(id) ? this.selected.filter((s) => s !== id) : [...this.selected, id];
	}

	/** Tick every visible row, or clear the ticks when they all are. */
	toggleAllVisible(): void {
		const visible = this.rows.map((r) => r.record.id);
		const all = visible.length > 0 && visible.every((id) => this.selected.includes(id));
		this.selected = all ? this.selected.filter((id) => !visible.includes(id)) : [...new Set([...this.selected, ...visible])];
	}

	private replace(record: ExperimentRecord): void {
		this.records = this.records.map((r) => (r.id === record.id ? record : r));
	}

	async annotate(id: string, patch: Partial<Pick<ExperimentRecord, 'notes' | 'tags' | 'starred'>>): Promise<void> {
		const updated = await this.attempt(() => updateExperiment(id, patch));
		if (updated) this.replace(updated);
	}

	async remove(ids: readonly string[]): Promise<void> {
		await this.attempt(() => deleteExperiments(ids));
		this.selected = this.selected.filter((id) => !ids.includes(id));
		await this.load();
	}

	/** The visible rows as CSV (every column, in the order shown). */
	csv(): string {
		const records = this.rows.map((r) => r.record);
		return toCsv(experimentsTable(records));
	}

	json(): string {
		return toJsonExport(this.rows.map((r) => r.record));
	}

	/** A new project holding the pipeline exactly as this experiment ran it; returns its id. */
	async restore(id: string): Promise<string | null> {
		const record = this.records.find((r) => r.id === id);
		if (!record) return null;
		const name = `${record.doc.meta.name} (restored ${record.started.slice(0, 16).replace('T', ' ')})`;
		const created = await this.attempt(() => createProject({ ...record.doc, meta: { ...record.doc.meta, name } }));
		return created?.id ?? null;
	}
}
