import { monitor } from '$lib/client/monitor';
import { defaultRules, evaluateAlerts, type AlertRule, type WindowAlerts } from '$lib/core/monitor/alerts';
import type { Analysis, CaptureSummary, ModelSummary, ReadProgress, TableColumns } from '$lib/core/monitor/api';
import type { IdSource } from '$lib/core/monitor/capture';
import type { WindowWidth } from '$lib/core/monitor/windows';
import { isAbort } from '$lib/core/util/abort';
import { listModelNames, listVersions } from '$lib/persistence/registry';

/** Files read as tables of scored rows rather than capture records (NDJSON is tried as a capture first). */
const TABLE_FILE = /\.(csv|tsv|txt|json|parquet|arrow|feather)$/i;

export interface RegisteredChoice {
	readonly name: string;
	readonly version: number;
	readonly inUse: boolean;
}

/** How capture rows meet their labels, as the page lets a person pick it. */
export interface JoinChoice {
	/** A capture column's name, or null for the request id. */
	readonly rowColumn: string | null;
	readonly labelId: string;
	readonly label: string;
}

/**
 * The Monitoring page: the files opened, the choices made, the report and the alerts. The
 * rows stay in the monitoring worker; this holds summaries. Alerts are evaluated here from
 * the report (a cheap pass), so editing a rule does not re-read anything.
 */
export class MonitoringState {
	capture = $state.raw<CaptureSummary | null>(null);
	/** A table of scored rows waiting for its time and prediction columns. */
	scored = $state.raw<TableColumns | null>(null);
	model = $state.raw<ModelSummary | null>(null);
	labels = $state.raw<TableColumns | null>(null);
	registered = $state.raw<RegisteredChoice[]>([]);
	progress = $state.raw<ReadProgress | null>(null);
	/** What is being read ("capture files", "model", …), or null. */
	busy = $state<string | null>(null);
	error = $state<string | null>(null);

	width = $state<WindowWidth>('auto');
	join = $state.raw<JoinChoice | null>(null);
	rules = $state.raw<AlertRule[]>([]);
	/** The person changed the rules: a new model no longer resets them to the defaults. */
	private rulesEdited = false;

	analysis = $state.raw<Analysis | null>(null);
	alerts: WindowAlerts[] = $derived(this.analysis ? evaluateAlerts(this.analysis.report, this.rules) : []);

	private async run<T>(what: string, fn: () => Promise<T>): Promise<T | null> {
		this.error = null;
		this.busy = what;
		this.progress = null;
		try {
			return await fn();
		} catch (e) {
			if (!isAbort(e)) this.error = e instanceof Error ? e.message : String(e);
			return null;
		} finally {
			this.busy = null;
			this.progress = null;
		}
	}

	private readonly onProgress = (p: ReadProgress) => {
		this.progress = p;
	};

	async loadRegistered(): Promise<void> {
		try {
			const out: RegisteredChoice[] = [];
			for (const n of await listModelNames())
				for (const v of await listVersions(n.name)) out.push({ name: n.name, version: v.version, inUse: n.inUse === v.version });
			this.registered = out;
		} catch {
			// No registry in this browser (private mode…): the model file picker remains.
			this.registered = [];
		}
	}

	/** Capture files (several are one stream), or one table of scored rows. */
	async openCaptures(files: readonly File[]): Promise<void> {
		if (!files.length) return;
		if (files.length === 1 && TABLE_FILE.test(files[0].name)) return this.openScored(files[0]);
		if (files.some((f) => TABLE_FILE.test(f.name)))
			return void (this.error = 'open capture files (NDJSON) together, or one table of scored rows on its own');
		const read = await this.run('capture files', () => monitor().readCaptures(files, this.onProgress));
		if (!read) return;
		if (read.kind === 'no-records') {
			// One NDJSON/JSON file of plain rows is a table of scored rows; several must all be captures.
			if (files.length === 1) return this.openScored(files[0]);
			const first = read.issues.first[0];
			this.error = `${read.files.join(', ')}: no capture records (${read.issues.badLines} bad lines${first ? `; ${first.file} line ${first.line}: ${first.message}` : ''}): are these files \`tessera serve --capture\` wrote?`;
			return;
		}
		const summary = read.summary;
		this.capture = summary;
		this.scored = null;
		this.pickJoin();
		await this.refresh();
	}

	private async openScored(file: File): Promise<void> {
		const columns = await this.run('scored rows', () => monitor().readScoredTable(file, this.onProgress));
		if (!columns) return;
		this.scored = columns;
		this.capture = null;
		this.analysis = null;
	}

	/** The scored table's columns are chosen: its rows become the capture. */
	async useScored(time: string, prediction: string): Promise<void> {
		const columns = this.scored;
		if (!columns) return;
		const features = columns.columns.map((c) => c.name).filter((n) => n !== time && n !== prediction);
		const summary = await this.run('scored rows', () => monitor().useScoredTable({ time, prediction, features }));
		if (!summary) return;
		this.capture = summary;
		this.pickJoin();
		await this.refresh();
	}

	async openModel(file: File): Promise<void> {
		const model = await this.run('model file', () => monitor().readModel(file));
		if (model) await this.useModel(model);
	}

	async openRegistered(name: string, version: number): Promise<void> {
		const model = await this.run('registered model', () => monitor().useRegisteredModel(name, version));
		if (model) await this.useModel(model);
	}

	private async useModel(model: ModelSummary): Promise<void> {
		this.model = model;
		if (!this.rulesEdited) this.rules = defaultRules({ task: model.task, test: model.test });
		this.pickJoin();
		await this.refresh();
	}

	async openLabels(file: File): Promise<void> {
		const labels = await this.run('labels', () => monitor().readLabels(file, this.onProgress));
		if (!labels) return;
		this.labels = labels;
		this.join = null;
		this.pickJoin();
		await this.refresh();
	}

	/**
	 * A first guess at the join: the labels column whose name the capture also has is the id;
	 * the model's target (the column named like none of the capture's) is the label.
	 */
	private pickJoin(): void {
		const labels = this.labels;
		if (!labels || this.join) return;
		const names = labels.columns.map((c) => c.name);
		const captured = new Set(this.capture?.columns ?? []);
		const id = names.find((n) => captured.has(n)) ?? names[0];
		const label = names.find((n) => n !== id) ?? names[0];
		this.join = { rowColumn: captured.has(id) ? id : null, labelId: id, label };
	}

	async setJoin(join: JoinChoice): Promise<void> {
		this.join = join;
		await this.refresh();
	}

	async setWidth(width: WindowWidth): Promise<void> {
		this.width = width;
		await this.refresh();
	}

	setRules(rules: AlertRule[]): void {
		this.rulesEdited = true;
		this.rules = rules;
	}

	resetRules(): void {
		this.rulesEdited = false;
		this.rules = defaultRules({ task: this.analysis?.report.task ?? this.model?.task ?? 'classification', test: this.model?.test ?? null });
	}

	async cancel(): Promise<void> {
		await monitor().cancel();
	}

	/** Recomputes the windows with the current choices. */
	async refresh(): Promise<void> {
		if (!this.capture) return;
		const join = this.labels && this.join ? this.join : null;
		const rows: IdSource = join?.rowColumn ? { kind: 'column', column: join.rowColumn } : { kind: 'request' };
		const analysis = await this.run('windows', () =>
			monitor().analyse({
				width: this.width,
				drift: {},
				minDriftRows: 30,
				join: join ? { rows, labelId: join.labelId, label: join.label } : null
			})
		);
		if (!analysis) return;
		this.analysis = analysis;
		if (!this.rulesEdited && !this.rules.length) this.rules = defaultRules(analysis.report);
	}
}
