import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModelFile, type ModelFile } from '../model-file/format';
import { cardEvents, modelCard } from './model-card';
import type { HistoryEvent } from './registry-index';

const FIXTURE = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model');
const open = async (): Promise<ModelFile> => (await readModelFile(new Uint8Array(readFileSync(FIXTURE)))).file;

/** The rows of the Markdown table under `## heading`, as cells. */
function tableUnder(card: string, heading: string): string[][] {
	const section = card.split(`## ${heading}\n`)[1].split('\n## ')[0];
	return section
		.split('\n')
		.filter((l) => l.startsWith('| '))
		.slice(2)
		.map((l) =>
			l
				.slice(2, -2)
				.split(/(?<!\\) \| /)
				.map((c) => c.replace(/\\\|/g, '|'))
		);
}

describe('modelCard', () => {
	it('has every section, in order, from what the model file carries', async () => {
		const file = await open();
		const card = modelCard(file, { name: 'penguins', version: '4' });
		expect(card.startsWith('# Model card: penguins — version 4\n')).toBe(true);
		const headings = [...card.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
		expect(headings).toEqual(['Intended use', 'Training data', 'Features', 'Metrics', 'Drift reference', 'Limitations', 'Version history']);
		expect(card).toContain(`- **Task:** classification of \`Species\``);
		expect(card).toContain('one of 3 values of **Species** (Adelie, Chinstrap, Gentoo)');
		// One feature row per input column, with kind and whether scoring needs it.
		const features = tableUnder(card, 'Features');
		expect(features.map((r) => r[0])).toEqual(file.input.columns.map((c) => c.name));
		expect(features.map((r) => r[1])).toEqual(file.input.columns.map((c) => c.kind));
		// Metrics: the file's own validation and test figures.
		const metrics = Object.fromEntries(tableUnder(card, 'Metrics').map((r) => [r[0], r.slice(1)]));
		const t = file.metrics.test!;
		expect(t.task).toBe('classification');
		if (t.task === 'classification') expect(Number(metrics.accuracy[1])).toBeCloseTo(t.accuracy, 4);
		expect(card).toMatch(new RegExp(`test \\(${t.rows} rows\\)`));
		expect(card).toContain('_None recorded._');
		expect(card).toContain('_No history recorded._');
	});

	it('drift reference: each column summarised from its reference statistics', async () => {
		const file = await open();
		const rows = Object.fromEntries(tableUnder(modelCard(file), 'Drift reference').map((r) => [r[0], r]));
		for (const c of file.input.columns) {
			const r = c.reference;
			expect(rows[c.name].slice(1, 4)).toEqual([r.kind, String(r.count), String(r.missing)]);
			if (r.kind === 'number')
				expect(rows[c.name][4]).toBe(
					`mean ${Number(r.mean.toPrecision(4))}, std ${Number(r.std.toPrecision(4))}; 5% ${Number(r.quantiles[1].toPrecision(4))}, median ${Number(r.quantiles[10].toPrecision(4))}, 95% ${Number(r.quantiles[19].toPrecision(4))}`
				);
			if (r.kind === 'category') {
				// Shares of the values present, most frequent first: they add up to 100 % with the unlisted ones.
				const shares = [...rows[c.name][4].matchAll(/ (\d+\.\d)%/g)].map((m) => Number(m[1]));
				const top = r.counts
					.map((n) => (100 * n) / r.count)
					.sort((a, b) => b - a)
					.slice(0, 5);
				expect(shares).toEqual(top.map((x) => Number(x.toFixed(1))));
			}
		}
	});

	it('limitations, segment tables and history are shown with Markdown table cells escaped', async () => {
		const file = await open();
		const history: HistoryEvent[] = [
			{
				event: 'registered',
				version: '2',
				at: '2026-12-01T00:00:00.000Z',
				actor: 'tessera retrain',
				decision: {
					metric: 'accuracy',
					direction: 'max',
					challenger: 0.97,
					champion: 0.95,
					championVersion: '1',
					minGain: 0,
					rows: { role: 'test', count: 51 },
					promoted: true
				}
			},
			{ event: 'promoted', version: '2', from: '1', at: '2026-12-01T00:00:01.000Z', actor: 'ana', reason: 'weekly | retrain' },
			{
				event: 'rolled-back',
				version: '1',
				from: '2',
				at: '2026-12-02T00:00:00.000Z',
				actor: 'tessera serve',
				rule: { rule: 'error_rate>0.05', value: 0.125, requests: 200 }
			}
		];
		const card = modelCard(file, {
			limitations: 'Not for chicks.\nOnly three islands.',
			history: cardEvents(history),
			segments: [
				{
					title: 'Metrics by segment: Island',
					columns: ['segment', 'rows', 'accuracy'],
					rows: [
						['Biscoe', 20, 0.95123],
						['Dream', 18, 1]
					]
				}
			]
		});
		expect(card).toContain('## Limitations\n\nNot for chicks.\nOnly three islands.\n');
		expect(tableUnder(card, 'Metrics')).not.toHaveLength(0);
		expect(card).toContain(
			'### Metrics by segment: Island\n\n| segment | rows | accuracy |\n| --- | --- | --- |\n| Biscoe | 20 | 0.9512 |\n| Dream | 18 | 1 |'
		);
		expect(tableUnder(card, 'Version history')).toEqual([
			['2026-12-01T00:00:00.000Z', 'registered', '2', 'by tessera retrain; accuracy 0.97 against version 1 0.95, on 51 test rows'],
			['2026-12-01T00:00:01.000Z', 'promoted to Production', '2', 'replacing 1; by ana: weekly | retrain'],
			['2026-12-02T00:00:00.000Z', 'rolled back to', '1', 'from 2; by tessera serve; rule error_rate>0.05 measured 0.125 over 200 requests']
		]);
	});
});
