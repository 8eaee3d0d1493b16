/**
 * A model card (Markdown) for one registered version, from what its model file carries: task
 * and intended use, the training data's fingerprint, the input schema, metrics (and per segment
 * when the pipeline scored segments), the drift reference, limitations a person typed in, and
 * the version's history. Pure text from data, so the CLI and the studio write the same card.
 */
import type { ModelFile } from '../model-file/format';
import type { ColumnReference, InputColumn } from '../model-file/input';
import type { Metrics } from '../nodes/ports';
import { flatMetrics } from '../nodes/validation';
import { describeFingerprint } from '../util/fingerprint';
import type { HistoryEvent } from './registry-index';

/** One line of a card's version history (the registry directory's events, or the browser registry's). */
export interface CardEvent {
	readonly at: string | null;
	readonly event: string;
	readonly version: string;
	readonly detail?: string;
}

/** A table the pipeline computed per segment or group (Metrics by segment, Fairness by group). */
export interface SegmentTable {
	readonly title: string;
	readonly columns: readonly string[];
	readonly rows: readonly (readonly (string | number | null)[])[];
}

export interface CardOptions {
	/** The registry's name and version, when the card is for a registered version. */
	readonly name?: string;
	readonly version?: string;
	readonly history?: readonly CardEvent[];
	readonly limitations?: string;
	readonly segments?: readonly SegmentTable[];
}

/** A cell of a Markdown table: pipes escaped, line breaks flattened. */
const cell = (v: unknown): string =>
	String(v ?? '')
		.replace(/\\/g, '\\\\')
		.replace(/\|/g, '\\|')
		.replace(/\s*\n\s*/g, ' ');
const num = (x: number | null | undefined): string =>
	x === null || x === undefined || !Number.isFinite(x)
		? '—'
		: Math.abs(x) >= 1e6 || Number.isInteger(x)
			? String(x)
			: String(Number(x.toPrecision(4)));

function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
	return [
		`| ${header.map(cell).join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)
	].join('\n');
}

/** The registry directory's events as card lines. */
export function cardEvents(events: readonly HistoryEvent[]): CardEvent[] {
	return events.map((e) => {
		const who = [e.actor && `by ${e.actor}`, e.reason].filter(Boolean).join(': ');
		if (e.event === 'registered')
			// The reason of a retrain's registration is already its decision in words; the record adds the rows.
			return {
				at: e.at,
				event: 'registered',
				version: e.version,
				detail: [who, e.decision && (e.reason ? `on ${e.decision.rows.count} ${e.decision.rows.role} rows` : decisionText(e.decision))]
					.filter(Boolean)
					.join('; ')
			};
		if (e.event === 'promoted')
			return {
				at: e.at,
				event: 'promoted to Production',
				version: e.version,
				detail: [e.from ? `replacing ${e.from}` : 'first version', who, e.decision && decisionText(e.decision)].filter(Boolean).join('; ')
			};
		return {
			at: e.at,
			event: 'rolled back to',
			version: e.version,
			detail: [`from ${e.from}`, who, e.rule && `rule ${e.rule.rule} measured ${num(e.rule.value)} over ${e.rule.requests} requests`]
				.filter(Boolean)
				.join('; ')
		};
	});
}

function decisionText(d: NonNullable<Extract<HistoryEvent, { event: 'promoted' }>['decision']>): string {
	const versus = d.championVersion === null ? 'no version served before' : `version ${d.championVersion} ${num(d.champion)}`;
	return `${d.metric} ${num(d.challenger)} against ${versus}, on ${d.rows.count} ${d.rows.role} rows`;
}

function intendedUse(file: ModelFile): string {
	const m = file.model;
	const what =
		m.task === 'classification'
			? `classifies rows into one of ${m.classes?.length ?? 0} values of **${m.target}** (${(m.classes ?? []).slice(0, 20).join(', ')}${(m.classes?.length ?? 0) > 20 ? ', …' : ''})`
			: `predicts the number **${m.target}**`;
	return [
		`This model ${what} from the ${file.input.columns.length} input columns listed under Features.`,
		`It is meant for rows drawn like its training data (${file.input.rows} training rows; see Training data and Drift reference): ` +
			'compare new data with the drift reference before trusting its predictions, and re-evaluate it when the data changes.'
	].join(' ');
}

function valuesSeen(c: InputColumn): string {
	if (c.levels)
		return `${c.levels.length}${c.levelsTruncated ? '+' : ''} levels: ${c.levels.slice(0, 8).join(', ')}${c.levels.length > 8 ? ', …' : ''}`;
	if (c.range)
		return c.kind === 'date'
			? `${new Date(c.range[0]).toISOString().slice(0, 10)} to ${new Date(c.range[1]).toISOString().slice(0, 10)}`
			: `${num(c.range[0])} to ${num(c.range[1])}`;
	return '';
}

function referenceSummary(name: string, levels: readonly string[] | undefined, r: ColumnReference): unknown[] {
	if (r.kind === 'number' || r.kind === 'date') {
		const q = (i: number) => num(r.quantiles[i]);
		return [name, r.kind, r.count, r.missing, `mean ${num(r.mean)}, std ${num(r.std)}; 5% ${q(1)}, median ${q(10)}, 95% ${q(19)}`];
	}
	if (r.kind === 'text') return [name, 'text', r.count, r.missing, `length mean ${num(r.meanLength)}, max ${r.maxLength}`];
	if (r.kind !== 'category' && r.kind !== 'boolean') return [name, r.kind, r.count, r.missing, ''];
	const labels = r.kind === 'boolean' ? ['false', 'true'] : (levels ?? []);
	const present = r.count; // count is of the values present (missing ones are counted apart)
	const top = r.counts
		.map((n, i) => ({ label: labels[i] ?? `#${i}`, n }))
		.sort((a, b) => b.n - a.n)
		.slice(0, 5)
		.map(({ label, n }) => `${label} ${present ? ((100 * n) / present).toFixed(1) : '0'}%`);
	return [name, r.kind, r.count, r.missing, top.join(', ') + (r.other ? `, other ${r.other}` : '')];
}

function metricsTable(validation: Metrics | null, test: Metrics | null): string {
	const v = validation ? flatMetrics(validation) : {};
	const t = test ? flatMetrics(test) : {};
	const names = [...new Set([...Object.keys(v), ...Object.keys(t)])];
	if (!names.length) return 'No validation or test figures were recorded with this model.';
	return table(
		['figure', `validation (${validation?.rows ?? 0} rows)`, `test (${test?.rows ?? 0} rows)`],
		names.map((n) => [n, num(v[n]), num(t[n])])
	);
}

export function modelCard(file: ModelFile, options: CardOptions = {}): string {
	const m = file.model;
	const name = options.name ?? file.name;
	const title = options.version ? `${name} — version ${options.version}` : name;
	const out: string[] = [`# Model card: ${title}`, ''];
	out.push(
		`- **Task:** ${m.task} of \`${m.target}\``,
		`- **Model:** ${m.family}${m.trainedBy ? ` (node type \`${m.trainedBy.type}\` v${m.trainedBy.version})` : ''}, ${m.features.length} features after its recipe of ${m.recipe.length} steps`,
		`- **Written:** ${file.createdAt} by Tessera ${file.tessera}`,
		''
	);
	out.push('## Intended use', '', intendedUse(file), '');
	out.push('## Training data', '');
	out.push(
		file.data.length
			? table(
					['dataset', 'content hash', 'rows'],
					file.data.map((d) => [d.name, `\`${describeFingerprint(d.hash)}\``, d.rows ?? '—'])
				)
			: 'The model file names no uploaded dataset (a bundled sample, or a model imported without its data list).'
	);
	out.push('', `Training rows described by the reference statistics: ${file.input.rows}.`);
	if (file.pipeline) out.push(`Pipeline: hash \`${file.pipeline.hash}\`, model node \`${file.pipeline.node}\`.`);
	out.push('', '## Features', '');
	out.push(
		table(
			['column', 'kind', 'required', 'values seen in training'],
			file.input.columns.map((c) => [c.name, c.kind, c.required ? 'yes' : 'no (filled as missing)', valuesSeen(c)])
		)
	);
	out.push('', '## Metrics', '', metricsTable(file.metrics.validation, file.metrics.test), '');
	for (const s of options.segments ?? [])
		out.push(
			`### ${s.title}`,
			'',
			table(
				s.columns,
				s.rows.map((r) => r.map((x) => (typeof x === 'number' ? num(x) : x)))
			),
			''
		);
	out.push('## Drift reference', '');
	out.push(
		'Statistics of the training rows that drift checks (`tessera serve` /metrics, the Data drift node) compare new data with.',
		'',
		table(
			['column', 'kind', 'values', 'missing', 'summary'],
			file.input.columns.map((c) => referenceSummary(c.name, c.levels, c.reference))
		),
		''
	);
	out.push('## Limitations', '', options.limitations?.trim() || '_None recorded._', '');
	out.push('## Version history', '');
	const history = options.history ?? [];
	out.push(
		history.length
			? table(
					['time', 'event', 'version', 'detail'],
					history.map((h) => [h.at ?? '—', h.event, h.version, h.detail ?? ''])
				)
			: '_No history recorded._'
	);
	return out.join('\n') + '\n';
}
