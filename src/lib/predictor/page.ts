/**
 * The predictor page's runtime: the one script inside a published predictor HTML file
 * (bundled by runtime-bundle.ts into a single classic script; it imports nothing at run time,
 * fetches nothing and starts no worker). It reads the model file embedded in the page, builds
 * a form from its input schema, and scores the form's row or a dropped CSV with the studio's
 * own recipe replay and predictors (score.ts).
 *
 * Every piece of data (column names, levels, class labels, file contents) reaches the
 * document as text nodes or attribute values through DOM APIs, never as markup.
 */
import { readModelFile, type ModelFile } from '../core/model-file/format';
import type { InputColumn } from '../core/model-file/input';
import type { Column, Frame } from '../core/frame/types';
import type { Metrics } from '../core/nodes/ports';
import { readCsvStream } from '../core/readers/csv';
import { csvText, type CsvCell } from '../core/util/csv-text';
import { MODEL_ELEMENT_ID } from './build';
import { recipeRegistry } from './recipe-nodes';
import { cellText, predictorIssue, scoreRows, type ScoredRows } from './score';
import { ensureSha256Digest, fromBase64 } from './sha256';

type Child = Node | string | null | undefined | false;

/** An element with attributes and children; strings become text nodes, so data is never parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	attrs: Record<string, string | boolean> = {},
	...children: Child[]
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attrs)) {
		if (value === false) continue;
		node.setAttribute(name, value === true ? '' : value);
	}
	for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
	return node;
}

/** A number as a person reads it: up to 6 significant digits, no exponent for ordinary magnitudes. */
function formatNumber(v: number): string {
	if (!Number.isFinite(v)) return String(v);
	const a = Math.abs(v);
	if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(3);
	return String(Number(v.toPrecision(6)));
}

const formatProbability = (p: number) => (Number.isFinite(p) ? p.toFixed(3) : '–');

function formatDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

function metricFacts(m: Metrics): [string, string][] {
	const f = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : v.toFixed(3));
	if (m.task === 'classification')
		return [
			['Accuracy', f(m.accuracy)],
			['F1 (macro)', f(m.f1Macro)],
			['ROC AUC', f(m.rocAuc)],
			['Test rows', String(m.rows)]
		];
	return [
		['RMSE', formatNumber(m.rmse)],
		['MAE', formatNumber(m.mae)],
		['R²', f(m.r2)],
		['Test rows', String(m.rows)]
	];
}

function header(file: ModelFile): HTMLElement {
	const model = file.model;
	const created = Number.isNaN(Date.parse(file.createdAt))
		? file.createdAt
		: new Date(file.createdAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
	const facts: [string, string][] = [
		['Task', model.task === 'classification' ? `classification (${model.classes?.length ?? 0} classes)` : 'regression'],
		['Predicts', model.target],
		['Model', model.family],
		...(file.metrics.test ? metricFacts(file.metrics.test) : [['Test metrics', 'none recorded'] as [string, string]]),
		['Created', created],
		['Tessera', file.tessera]
	];
	const list = el('dl', { class: 'facts', 'aria-label': 'About this model' });
	for (const [name, value] of facts) list.append(el('div', {}, el('dt', {}, name), el('dd', {}, value)));
	return el(
		'header',
		{},
		el('h1', {}, file.name),
		el('p', { class: 'sub' }, 'A Tessera model that runs entirely in this page: nothing you enter or drop here leaves your computer.'),
		list
	);
}

interface Field {
	readonly spec: InputColumn;
	/** The cell as typed (null when left empty). */
	read(): string | null;
	/** Put a typical training value in. */
	fillTypical(): void;
}

/** The typical training value of a column: the median, or the most frequent level. */
function typical(spec: InputColumn): string | null {
	const ref = spec.reference;
	if (ref.kind === 'number' || ref.kind === 'date') {
		const median = ref.quantiles[10];
		if (median === undefined || !Number.isFinite(median)) return null;
		return ref.kind === 'date' ? formatDay(median) : String(Number(median.toPrecision(6)));
	}
	if (ref.kind === 'category' || ref.kind === 'boolean') {
		if (!spec.levels?.length) return null;
		let best = 0;
		ref.counts.forEach((c, i) => (c > ref.counts[best] ? (best = i) : 0));
		return spec.levels[best] ?? null;
	}
	return null;
}

function field(spec: InputColumn, index: number): { node: HTMLElement; field: Field } {
	const id = `field-${index}`;
	const hintId = `${id}-hint`;
	const common = { id, name: id, 'aria-describedby': hintId, required: spec.required };
	let control: HTMLInputElement | HTMLSelectElement;
	let suggestions: HTMLDataListElement | null = null;
	let hint: string;
	if (spec.kind === 'number') {
		control = el('input', { ...common, type: 'number', step: 'any', inputmode: 'decimal' });
		hint = spec.range ? `Training range ${formatNumber(spec.range[0])} to ${formatNumber(spec.range[1])}` : 'A number';
	} else if (spec.kind === 'date') {
		control = el('input', { ...common, type: 'date' });
		hint = spec.range ? `Training dates ${formatDay(spec.range[0])} to ${formatDay(spec.range[1])}` : 'A date';
	} else if ((spec.kind === 'category' && !spec.levelsTruncated) || spec.kind === 'boolean') {
		const levels = spec.kind === 'boolean' ? ['true', 'false'] : (spec.levels ?? []);
		control = el('select', common, el('option', { value: '' }, spec.required ? 'Choose…' : '(missing)'));
		for (const level of levels) control.append(el('option', { value: level }, level));
		hint = spec.kind === 'boolean' ? 'true or false' : `${levels.length} level${levels.length === 1 ? '' : 's'} seen in training`;
	} else {
		control = el('input', { ...common, type: 'text', autocomplete: 'off' });
		if (spec.kind === 'category' && spec.levels?.length) {
			// Too many levels for a picker: suggest the most frequent ones as the person types.
			const listId = `${id}-levels`;
			control.setAttribute('list', listId);
			suggestions = el('datalist', { id: listId });
			for (const level of spec.levels.slice(0, 500)) suggestions.append(el('option', { value: level }));
			hint = `${spec.levels.length}+ levels seen in training`;
		} else hint = 'Text';
	}
	const node = el(
		'div',
		{ class: 'field' },
		// The label is the column's name alone; the control's `required` attribute tells assistive
		// technology, and the marker beside the label tells the eye.
		el(
			'div',
			{ class: 'label-row' },
			el('label', { for: id }, spec.name),
			spec.required ? el('span', { class: 'req', 'aria-hidden': 'true' }, 'required') : null
		),
		control,
		el('span', { class: 'hint', id: hintId }, spec.required ? hint : `${hint} · optional`),
		suggestions
	);
	return {
		node,
		field: {
			spec,
			read: () => (control.value.trim() === '' ? null : control.value),
			fillTypical: () => {
				const v = typical(spec);
				if (v !== null) control.value = v;
			}
		}
	};
}

/** The form's one row as a frame of text cells; scoreRows conforms them to the schema as it does a CSV's. */
function formFrame(fields: readonly Field[]): Frame {
	const columns: Column[] = fields.map((f) => ({ kind: 'text', name: f.spec.name, values: [f.read()] }));
	return { columns, rowCount: 1 };
}

function probabilityList(classes: readonly string[], proba: Float64Array, predicted: string | null): HTMLElement {
	const list = el('ol', { class: 'probs', 'aria-label': 'Class probabilities' });
	classes.forEach((label, c) => {
		const p = proba[c];
		const fill = el('div', { class: 'fill' });
		// CSSOM, not a style attribute: allowed by the page's CSP, and the value is a number.
		fill.style.width = `${Math.max(0, Math.min(1, Number.isFinite(p) ? p : 0)) * 100}%`;
		list.append(
			el(
				'li',
				{ class: label === predicted ? 'top' : '' },
				el('span', { class: 'name', title: label }, label),
				el('div', { class: 'track', role: 'presentation' }, fill),
				el('span', { class: 'value' }, formatProbability(p))
			)
		);
	});
	return list;
}

/** Says which categories were never seen in training (scored as the fitted encoder treats them, as `tessera predict` does). */
function unseenNote(scored: ScoredRows): HTMLElement | null {
	if (!scored.unseen.size) return null;
	const counts = [...scored.unseen].map(([column, n]) =>
		scored.predictions.length > 1 ? `${column} (${n} row${n === 1 ? '' : 's'})` : column
	);
	return el(
		'p',
		{ class: 'note', 'data-testid': 'unseen' },
		`Categories never seen in training, scored as the model's encoder treats unseen values: ${counts.join(', ')}.`
	);
}

function showResult(out: HTMLElement, scored: ScoredRows): void {
	const error = scored.errors[0];
	const prediction = scored.predictions[0];
	if (error !== null || prediction === null) {
		out.replaceChildren(el('p', { class: 'error', role: 'alert' }, error ?? 'The model gave no prediction for this row.'));
		return;
	}
	const text = typeof prediction === 'number' ? formatNumber(prediction) : prediction;
	const proba = scored.probabilities?.[0];
	out.replaceChildren(el('p', { class: 'label', 'data-testid': 'prediction' }, text));
	if (scored.classes && proba) out.append(probabilityList(scored.classes, proba, typeof prediction === 'string' ? prediction : null));
	const note = unseenNote(scored);
	if (note) out.append(note);
}

function csvValue(col: Column, row: number): CsvCell {
	if (col.kind === 'number') return Number.isNaN(col.values[row]) ? null : col.values[row];
	return cellText(col, row);
}

/** The results file: the rows as dropped, then prediction, p(class) per class, and error. */
function resultsCsv(raw: Frame, scored: ScoredRows): string {
	const header = [...raw.columns.map((c) => c.name), 'prediction', ...(scored.classes ?? []).map((c) => `p(${c})`), 'error'];
	const rows: CsvCell[][] = [];
	for (let i = 0; i < raw.rowCount; i++) {
		const proba = scored.probabilities?.[i];
		rows.push([
			...raw.columns.map((c) => csvValue(c, i)),
			scored.predictions[i],
			...(scored.classes ?? []).map((_, c) => (proba ? proba[c] : null)),
			scored.errors[i]
		]);
	}
	return csvText(header, rows);
}

function preview(scored: ScoredRows, rows: number): HTMLElement {
	const head = el('tr', {}, el('th', { scope: 'col' }, 'Row'), el('th', { scope: 'col' }, 'Prediction'));
	if (scored.classes && scored.probabilities) head.append(el('th', { scope: 'col' }, 'Probability'));
	head.append(el('th', { scope: 'col' }, 'Error'));
	const body = el('tbody');
	for (let i = 0; i < Math.min(rows, scored.predictions.length); i++) {
		const p = scored.predictions[i];
		const proba = scored.probabilities?.[i];
		const tr = el(
			'tr',
			{},
			el('td', { class: 'num' }, String(i + 1)),
			el('td', {}, p === null ? '' : typeof p === 'number' ? formatNumber(p) : p)
		);
		if (scored.classes && scored.probabilities)
			tr.append(el('td', { class: 'num' }, proba && typeof p === 'string' ? formatProbability(proba[scored.classes.indexOf(p)]) : ''));
		tr.append(el('td', { class: 'bad' }, scored.errors[i] ?? ''));
		body.append(tr);
	}
	return el(
		'div',
		{ class: 'table-wrap' },
		el('table', {}, el('caption', { class: 'sub' }, `First ${Math.min(rows, scored.predictions.length)} rows`), el('thead', {}, head), body)
	);
}

function batchSection(file: ModelFile, score: (raw: Frame) => Promise<ScoredRows>): HTMLElement {
	const input = el('input', { type: 'file', id: 'batch-file', accept: '.csv,.tsv,.txt,text/csv,text/tab-separated-values' });
	const drop = el(
		'label',
		{ class: 'drop', for: 'batch-file' },
		el('span', {}, el('strong', {}, 'Choose a CSV file'), ' or drop it here'),
		el('span', { class: 'hint' }, `Columns by name: ${file.input.columns.map((c) => c.name).join(', ')}`),
		input
	);
	const status = el('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
	let url: string | null = null;
	const run = async (picked: File) => {
		status.replaceChildren(el('p', {}, `Scoring ${picked.name}…`));
		// Let the message paint before the scoring holds the thread.
		await new Promise((r) => setTimeout(r, 0));
		try {
			const raw = await readCsvStream(picked.stream());
			const scored = await score(raw);
			const bad = scored.errors.filter((e) => e !== null).length;
			if (url) URL.revokeObjectURL(url);
			url = URL.createObjectURL(new Blob([resultsCsv(raw, scored)], { type: 'text/csv' }));
			const name = `${picked.name.replace(/\.[^.]*$/, '') || 'rows'}-predictions.csv`;
			const note = unseenNote(scored);
			status.replaceChildren(
				el(
					'p',
					{ 'data-testid': 'batch-summary' },
					`${raw.rowCount} row${raw.rowCount === 1 ? '' : 's'} scored: ${raw.rowCount - bad} predicted, ${bad} with an error.`
				),
				...(note ? [note] : []),
				// A link styled as a button (a button inside a link would be two controls for one action).
				el('a', { href: url, download: name, class: 'button primary', 'data-testid': 'download' }, `Download ${name}`),
				preview(scored, 10)
			);
		} catch (e) {
			status.replaceChildren(
				el('p', { class: 'error', role: 'alert' }, `Could not score ${picked.name}: ${e instanceof Error ? e.message : String(e)}`)
			);
		}
	};
	input.addEventListener('change', () => {
		const picked = input.files?.[0];
		if (picked) void run(picked);
		input.value = '';
	});
	drop.addEventListener('dragover', (e) => {
		e.preventDefault();
		drop.classList.add('over');
	});
	drop.addEventListener('dragleave', () => drop.classList.remove('over'));
	drop.addEventListener('drop', (e) => {
		e.preventDefault();
		drop.classList.remove('over');
		const picked = e.dataTransfer?.files[0];
		if (picked) void run(picked);
	});
	return el(
		'section',
		{ class: 'batch', 'aria-labelledby': 'batch-title' },
		el('h2', { id: 'batch-title' }, 'Score a file'),
		el(
			'p',
			{ class: 'sub' },
			`Each row gets a prediction${file.model.task === 'classification' ? ' and class probabilities' : ''}; rows that do not fit the model get an error instead. Download the results as CSV.`
		),
		drop,
		status
	);
}

async function main(): Promise<void> {
	const app = document.getElementById('app')!;
	try {
		if (globalThis.crypto) ensureSha256Digest(globalThis.crypto);
		const carrier = document.getElementById(MODEL_ELEMENT_ID);
		if (!carrier?.textContent) throw new Error('this page carries no model');
		const { file } = await readModelFile(fromBase64(carrier.textContent.trim()));
		const issue = predictorIssue(file.model);
		if (issue) throw new Error(`this model cannot run in a predictor page: ${issue}`);
		document.title = `${file.name} · Tessera predictor`;
		const registry = recipeRegistry();
		const score = (raw: Frame) => scoreRows(registry, file, raw);

		const built = file.input.columns.map((c, i) => field(c, i));
		const fields = built.map((b) => b.field);
		const result = el(
			'div',
			{ class: 'result', 'aria-live': 'polite' },
			el('p', { class: 'empty' }, 'Fill in the form and press Predict.')
		);
		const predictButton = el('button', { type: 'submit', class: 'primary' }, 'Predict');
		const typicalButton = el('button', { type: 'button' }, 'Fill typical values');
		const clearButton = el('button', { type: 'reset' }, 'Clear');
		const form = el(
			'form',
			{ 'aria-labelledby': 'form-title' },
			el('div', { class: 'fields' }, ...built.map((b) => b.node)),
			el('div', { class: 'actions' }, predictButton, typicalButton, clearButton)
		);
		form.addEventListener('submit', (e) => {
			e.preventDefault();
			predictButton.disabled = true;
			void score(formFrame(fields))
				.then((scored) => {
					showResult(result, scored);
					// On a phone the result sits below the form: bring it into view.
					result.scrollIntoView({ block: 'nearest' });
				})
				.catch((err: unknown) =>
					result.replaceChildren(el('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)))
				)
				.finally(() => (predictButton.disabled = false));
		});
		typicalButton.addEventListener('click', () => fields.forEach((f) => f.fillTypical()));
		form.addEventListener('reset', () => result.replaceChildren(el('p', { class: 'empty' }, 'Fill in the form and press Predict.')));

		app.replaceChildren(
			header(file),
			el(
				'div',
				{ class: 'grid' },
				el('section', { 'aria-labelledby': 'form-title' }, el('h2', { id: 'form-title' }, 'Predict one row'), form),
				el('section', { 'aria-labelledby': 'result-title' }, el('h2', { id: 'result-title' }, `Predicted ${file.model.target}`), result),
				batchSection(file, score)
			),
			el('footer', {}, `Published from Tessera ${file.tessera}. Works offline: save this file and open it in any modern browser.`)
		);
	} catch (e) {
		app.replaceChildren(
			el('h1', {}, 'Tessera predictor'),
			el('p', { class: 'error', role: 'alert' }, `The model could not be loaded: ${e instanceof Error ? e.message : String(e)}`)
		);
	} finally {
		app.removeAttribute('aria-busy');
	}
}

void main();
