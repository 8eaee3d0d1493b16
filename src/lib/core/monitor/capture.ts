/**
 * What the Monitoring page reads: the NDJSON records `tessera serve --capture` writes
 * (src/cli/serve/capture.ts, one scored request per line), or any table of scored rows with a
 * time column, turned into one column store, the `CaptureTable`.
 *
 * Capture files are parsed line by line as their text arrives (`CaptureReader.push`), so a
 * 100 MB file is never one string. A bad line is counted and skipped (the first few kept with
 * their line numbers) and reading goes on; a last line without its newline that does not parse
 * is a file cut off mid-write (the server was stopped, or the file is still being written) and
 * is reported as such, not as a bad line.
 *
 * Every column is stored as codes into a dictionary of cell texts (`CellColumn`): any kind
 * fits, the model that says what a column is may be opened after the capture, and the cost is
 * four bytes a cell plus each distinct text once.
 *
 * Row ids for joining labels: a capture row's id is the value of any request column the
 * client sent (MLflow's formats keep columns the model does not use, and the capture records
 * every column sent in `inputs`), or the request's own id (V2's `id`; shared by every row of a
 * request, so `<id>#<k>` for row k of a request of several rows).
 */
import type { Column, Frame } from '../frame/types';

/** Cell texts as codes into a dictionary; -1 is missing. */
export class CellColumn {
	private codesBuf = new Int32Array(1024);
	length = 0;
	readonly dictionary: string[] = [];
	private readonly index = new Map<string, number>();

	push(cell: string | null): void {
		let code = -1;
		if (cell !== null && cell !== '') {
			const known = this.index.get(cell);
			if (known === undefined) {
				code = this.dictionary.length;
				this.dictionary.push(cell);
				this.index.set(cell, code);
			} else code = known;
		}
		if (this.length === this.codesBuf.length) {
			const grown = new Int32Array(this.codesBuf.length * 2);
			grown.set(this.codesBuf);
			this.codesBuf = grown;
		}
		this.codesBuf[this.length++] = code;
	}

	/** `n` missing cells (a column that appears only in later records). */
	pad(n: number): void {
		for (let i = 0; i < n; i++) this.push(null);
	}

	get codes(): Int32Array {
		return this.codesBuf.subarray(0, this.length);
	}

	cell(row: number): string | null {
		const c = this.codesBuf[row];
		return c < 0 ? null : this.dictionary[c];
	}
}

/** A growable Float64Array. */
class Floats {
	private buf = new Float64Array(256);
	length = 0;
	push(v: number): void {
		if (this.length === this.buf.length) {
			const grown = new Float64Array(this.buf.length * 2);
			grown.set(this.buf);
			this.buf = grown;
		}
		this.buf[this.length++] = v;
	}
	get values(): Float64Array {
		return this.buf.subarray(0, this.length);
	}
}

class Ints {
	private buf = new Int32Array(256);
	length = 0;
	push(v: number): void {
		if (this.length === this.buf.length) {
			const grown = new Int32Array(this.buf.length * 2);
			grown.set(this.buf);
			this.buf = grown;
		}
		this.buf[this.length++] = v;
	}
	get values(): Int32Array {
		return this.buf.subarray(0, this.length);
	}
}

/** Where the rows came from: latencies and request ids exist only in capture files. */
export type CaptureSource = 'capture' | 'table';

/** Scored rows in time, column-oriented; rows of one request are consecutive. */
export interface CaptureTable {
	readonly source: CaptureSource;
	readonly requests: number;
	readonly rows: number;
	/** Per request: epoch ms. */
	readonly requestTime: Float64Array;
	/** Per request: latency in ms, NaN where unknown (a table of scored rows). */
	readonly latency: Float64Array;
	/** Per request: its id (V2's `id`), null when none. */
	readonly requestId: readonly (string | null)[];
	/** Per request: model name and version ("penguins@3"). */
	readonly version: CellColumn;
	/** Per row: the request it belongs to. */
	readonly rowRequest: Int32Array;
	/** Per row: input columns as sent, by name (a name the client sent that the model does not use included). */
	readonly inputs: ReadonlyMap<string, CellColumn>;
	/** Per row: the prediction (class label or number as text); missing when the record had none. */
	readonly prediction: CellColumn;
}

/** A line that could not be used. */
export interface LineIssue {
	readonly file: string;
	readonly line: number;
	readonly message: string;
}

export interface ReadIssues {
	/** Every bad line, counted. */
	readonly badLines: number;
	/** The first few, with their line numbers. */
	readonly first: readonly LineIssue[];
	/** Files whose last line was cut off mid-write (left out). */
	readonly truncated: readonly string[];
}

const KEEP_ISSUES = 5;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON cell as text: what the server wrote (strings), or a client's own numbers and booleans. */
function cellText(v: unknown): string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') return v;
	if (typeof v === 'number' || typeof v === 'boolean') return String(v);
	return JSON.stringify(v);
}

/**
 * The predicted value of each row from a record's outputs: V2's `label` (classification) or
 * `prediction` (regression); MLflow's `predictions` (labels, numbers, or records with a
 * `prediction` field when probabilities were asked for). Null cells when none is there.
 */
export function predictionsOf(outputs: Record<string, unknown>, rows: number): (string | null)[] | string {
	const list = outputs.label ?? outputs.prediction ?? outputs.predictions;
	if (list === undefined) return new Array<string | null>(rows).fill(null);
	if (!Array.isArray(list)) return 'its outputs hold no list of predictions';
	if (list.length !== rows) return `its outputs have ${list.length} predictions for ${rows} rows`;
	return list.map((v) => cellText(isRecord(v) ? v.prediction : v));
}

/** Builds a CaptureTable record by record. */
export class CaptureBuilder {
	private readonly times = new Floats();
	private readonly latencies = new Floats();
	private readonly ids: (string | null)[] = [];
	private readonly versions = new CellColumn();
	private readonly rowRequest = new Ints();
	private readonly columns = new Map<string, CellColumn>();
	private readonly prediction = new CellColumn();
	private rows = 0;

	constructor(readonly source: CaptureSource) {}

	/** Checks a parsed capture line and adds it; returns why not when it is not a capture record. */
	addRecord(value: unknown): string | null {
		if (!isRecord(value)) return 'not a JSON object';
		const time = typeof value.time === 'string' ? Date.parse(value.time) : NaN;
		if (!Number.isFinite(time)) return `"time" is not an ISO time (${JSON.stringify(value.time)})`;
		const rows = value.rows;
		if (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 0) return `"rows" is not a row count (${JSON.stringify(rows)})`;
		const latency = value.latency_ms;
		if (latency !== undefined && (typeof latency !== 'number' || !(latency >= 0))) return `"latency_ms" is not a duration`;
		if (!isRecord(value.inputs)) return '"inputs" is not an object of columns';
		const inputs = value.inputs;
		for (const [name, cells] of Object.entries(inputs)) {
			if (!Array.isArray(cells)) return `input "${name}" is not a list of cells`;
			if (cells.length !== rows) return `input "${name}" has ${cells.length} cells for ${rows} rows`;
		}
		const predictions = predictionsOf(isRecord(value.outputs) ? value.outputs : {}, rows);
		if (typeof predictions === 'string') return predictions;
		const id = typeof value.id === 'string' ? value.id : null;
		const version =
			typeof value.model === 'string' ? `${value.model}${typeof value.version === 'string' ? `@${value.version}` : ''}` : null;
		this.addRequest(
			time,
			typeof latency === 'number' ? latency : NaN,
			id,
			version,
			rows,
			(name) => (inputs[name] as unknown[] | undefined)?.map(cellText),
			Object.keys(inputs),
			predictions
		);
		return null;
	}

	/** One request of `rows` rows; `cells(name)` gives a column's cells. */
	addRequest(
		time: number,
		latency: number,
		id: string | null,
		version: string | null,
		rows: number,
		cells: (name: string) => readonly (string | null)[] | undefined,
		names: readonly string[],
		predictions: readonly (string | null)[]
	): void {
		const request = this.times.length;
		this.times.push(time);
		this.latencies.push(latency);
		this.ids.push(id);
		this.versions.push(version);
		for (let r = 0; r < rows; r++) this.rowRequest.push(request);
		for (const name of names) {
			if (this.columns.has(name)) continue;
			const col = new CellColumn();
			col.pad(this.rows);
			this.columns.set(name, col);
		}
		for (const [name, col] of this.columns) {
			const list = cells(name);
			if (!list) col.pad(rows);
			else for (let r = 0; r < rows; r++) col.push(list[r] ?? null);
		}
		for (let r = 0; r < rows; r++) this.prediction.push(predictions[r] ?? null);
		this.rows += rows;
	}

	get rowCount(): number {
		return this.rows;
	}

	table(): CaptureTable {
		return {
			source: this.source,
			requests: this.times.length,
			rows: this.rows,
			requestTime: this.times.values,
			latency: this.latencies.values,
			requestId: this.ids,
			version: this.versions,
			rowRequest: this.rowRequest.values,
			inputs: this.columns,
			prediction: this.prediction
		};
	}
}

/**
 * One capture file read as its text arrives: `push` each decoded piece, `end` after the last.
 * Records go into a shared builder, so several files make one stream.
 */
export class CaptureReader {
	private rest = '';
	private line = 0;

	constructor(
		private readonly builder: CaptureBuilder,
		private readonly file: string,
		private readonly issues: IssueCounter
	) {}

	push(text: string): void {
		const data = this.rest + text;
		let start = 0;
		for (let nl = data.indexOf('\n', start); nl >= 0; nl = data.indexOf('\n', start)) {
			this.take(data.slice(start, nl), false);
			start = nl + 1;
		}
		this.rest = data.slice(start);
	}

	end(): void {
		if (this.rest.length) this.take(this.rest, true);
		this.rest = '';
	}

	private take(raw: string, last: boolean): void {
		this.line++;
		const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
		if (!text.trim()) return;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (e) {
			if (last) this.issues.truncated(this.file);
			else this.issues.bad({ file: this.file, line: this.line, message: `not JSON (${(e as Error).message})` });
			return;
		}
		const problem = this.builder.addRecord(value);
		if (problem) this.issues.bad({ file: this.file, line: this.line, message: problem });
	}
}

/** Counts bad lines over every file of a stream, keeping the first few. */
export class IssueCounter {
	private count = 0;
	private readonly kept: LineIssue[] = [];
	private readonly cut: string[] = [];

	bad(issue: LineIssue): void {
		this.count++;
		if (this.kept.length < KEEP_ISSUES) this.kept.push(issue);
	}

	truncated(file: string): void {
		this.cut.push(file);
	}

	get issues(): ReadIssues {
		return { badLines: this.count, first: [...this.kept], truncated: [...this.cut] };
	}
}

/** Reads whole texts (tests, small files): several files make one stream. */
export function readCaptureTexts(files: readonly { readonly name: string; readonly text: string }[]): {
	table: CaptureTable;
	issues: ReadIssues;
} {
	const builder = new CaptureBuilder('capture');
	const counter = new IssueCounter();
	for (const f of files) {
		const reader = new CaptureReader(builder, f.name, counter);
		reader.push(f.text);
		reader.end();
	}
	return { table: builder.table(), issues: counter.issues };
}

/** A row's id by the chosen source: a column's cell, or the request id (`<id>#<k>` for row k of a request of several rows). */
export type IdSource = { readonly kind: 'column'; readonly column: string } | { readonly kind: 'request' };

export function rowIds(table: CaptureTable, source: IdSource): (string | null)[] {
	const out = new Array<string | null>(table.rows);
	if (source.kind === 'column') {
		const col = table.inputs.get(source.column);
		if (!col) throw new Error(`the capture has no column "${source.column}" to join labels by`);
		for (let r = 0; r < table.rows; r++) out[r] = col.cell(r);
		return out;
	}
	let first = 0;
	for (let r = 0; r < table.rows; r++) {
		const q = table.rowRequest[r];
		if (r === 0 || table.rowRequest[r - 1] !== q) first = r;
		const id = table.requestId[q];
		const single = (r + 1 >= table.rows || table.rowRequest[r + 1] !== q) && r === first;
		out[r] = id === null ? null : single ? id : `${id}#${r - first}`;
	}
	return out;
}

/** A table of scored rows: which columns are the time, the prediction and the features (the rest may serve as ids). */
export interface TableChoice {
	readonly time: string;
	readonly prediction: string;
	readonly features: readonly string[];
}

/** A frame column's cell as text, as a capture would hold it. */
export function frameCell(col: Column, row: number): string | null {
	switch (col.kind) {
		case 'number': {
			const v = col.values[row];
			return Number.isNaN(v) ? null : String(v);
		}
		case 'date': {
			const v = col.values[row];
			return Number.isNaN(v) ? null : new Date(v).toISOString();
		}
		case 'category':
			return col.codes[row] < 0 ? null : col.dictionary[col.codes[row]];
		case 'boolean':
			return col.codes[row] < 0 ? null : col.codes[row] === 1 ? 'true' : 'false';
		case 'text':
			return col.values[row];
	}
}

/** A time cell in epoch ms: dates as they are, numbers as epoch milliseconds, text as an ISO time. */
function timeOf(col: Column, row: number): number {
	if (col.kind === 'date' || col.kind === 'number') return col.values[row];
	const text = frameCell(col, row);
	return text === null ? NaN : Date.parse(text);
}

/**
 * Any table of scored rows with a time column, as a capture of one request per row (no
 * latency). Rows without a readable time are left out and counted as bad lines (by row number).
 */
export function tableToCapture(frame: Frame, choice: TableChoice, file = 'table'): { table: CaptureTable; issues: ReadIssues } {
	const byName = new Map(frame.columns.map((c) => [c.name, c]));
	const need = (name: string, role: string): Column => {
		const col = byName.get(name);
		if (!col) throw new Error(`${file} has no column "${name}" (chosen as the ${role})`);
		return col;
	};
	const time = need(choice.time, 'time column');
	const prediction = need(choice.prediction, 'prediction column');
	// Every other column rides along: a feature to compare, or an id to join labels by.
	const kept = frame.columns.filter((c) => c !== time && c !== prediction);
	for (const f of choice.features) need(f, 'feature');
	const builder = new CaptureBuilder('table');
	const counter = new IssueCounter();
	const names = kept.map((c) => c.name);
	for (let r = 0; r < frame.rowCount; r++) {
		const t = timeOf(time, r);
		if (!Number.isFinite(t)) {
			counter.bad({ file, line: r + 1, message: `row ${r + 1}: column "${time.name}" holds no readable time` });
			continue;
		}
		const cells = new Map(kept.map((c) => [c.name, [frameCell(c, r)]]));
		builder.addRequest(t, NaN, null, null, 1, (name) => cells.get(name), names, [frameCell(prediction, r)]);
	}
	return { table: builder.table(), issues: counter.issues };
}
