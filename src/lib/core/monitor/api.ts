/**
 * What the monitoring worker (workers/monitor.worker.ts) offers the page: capture files
 * streamed in with progress, a model's reference, a labels file, and the windows report.
 * Everything heavy stays in the worker; the page receives these plain summaries.
 */
import type { ColumnKind } from '../frame/types';
import type { IdSource, ReadIssues, TableChoice } from './capture';
import type { DriftOptions } from './drift';
import type { MonitorReport, WindowWidth } from './windows';

export interface ReadProgress {
	readonly file: string;
	readonly bytes: number;
	readonly total: number;
}

/** The rows the worker holds, however they came. */
export interface CaptureSummary {
	readonly source: 'capture' | 'table';
	readonly files: readonly string[];
	readonly requests: number;
	readonly rows: number;
	/** Columns of the rows (inputs as sent, or a table's columns besides time and prediction). */
	readonly columns: readonly string[];
	/** Epoch ms of the first and last request. */
	readonly first: number;
	readonly last: number;
	/** "name@version" of the models that answered. */
	readonly versions: readonly string[];
	/** Whether requests carry ids (V2's `id`). */
	readonly requestIds: boolean;
	readonly issues: ReadIssues;
}

/** A table's columns, for the person to pick the time, prediction and feature columns (or a labels file's id and label). */
export interface TableColumns {
	readonly file: string;
	readonly rows: number;
	readonly columns: readonly { readonly name: string; readonly kind: ColumnKind }[];
}

export interface ModelSummary {
	readonly name: string;
	readonly task: 'classification' | 'regression';
	readonly classes: readonly string[] | null;
	readonly columns: readonly string[];
	/** The model's test metrics by name (accuracy, rmse, …), or null. */
	readonly test: Readonly<Record<string, number>> | null;
}

export interface AnalyseSettings {
	readonly width: WindowWidth;
	readonly drift: Partial<DriftOptions>;
	readonly minDriftRows: number;
	/** How captured rows and labels are joined; null: no labels. */
	readonly join: { readonly rows: IdSource; readonly labelId: string; readonly label: string } | null;
}

export interface LabelsSummary {
	readonly matched: number;
	readonly duplicates: number;
	readonly incomplete: number;
}

export interface Analysis {
	readonly report: MonitorReport;
	readonly labels: LabelsSummary | null;
}

/** Capture files read: their rows, or no capture record at all (the file may be a table of scored rows). */
export type CaptureRead =
	| { readonly kind: 'capture'; readonly summary: CaptureSummary }
	| { readonly kind: 'no-records'; readonly files: readonly string[]; readonly issues: ReadIssues };

export interface MonitorApi {
	readCaptures(files: readonly File[], onProgress: (p: ReadProgress) => void): Promise<CaptureRead>;
	readScoredTable(file: File, onProgress: (p: ReadProgress) => void): Promise<TableColumns>;
	useScoredTable(choice: TableChoice): Promise<CaptureSummary>;
	readModel(file: File): Promise<ModelSummary>;
	useRegisteredModel(name: string, version: number): Promise<ModelSummary>;
	readLabels(file: File, onProgress: (p: ReadProgress) => void): Promise<TableColumns>;
	analyse(settings: AnalyseSettings): Promise<Analysis>;
	/** Stops a read in progress (it rejects with an abort). */
	cancel(): Promise<void>;
}
