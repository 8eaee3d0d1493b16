/**
 * `tessera retrain`, `promote`, `rollback` and `card` on a real registry folder: the penguins
 * pipeline retrained on the same data (an equal challenger, not promoted), on data whose
 * labels changed meaning (concept drift: the served model is now wrong and the new one wins),
 * and the index's stages and history after each step.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseRegistryIndex } from '../lib/core/lifecycle/registry-index';
import { SAMPLES_DIR } from './files';
import { cli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'tessera-lifecycle-'));
const penguins = join(SAMPLES_DIR, 'penguins.csv');
const pipeline = join(dir, 'penguins.tessera.json');
const reg = join(dir, 'registry');
/** The same penguins with Adelie and Gentoo swapped: what the served model learnt is now wrong. */
const swapped = join(dir, 'penguins-swapped.csv');
const index = () => parseRegistryIndex(readFileSync(join(reg, 'registry.json'), 'utf8'), 'registry.json').models.penguins;

beforeAll(async () => {
	const text = readFileSync(penguins, 'utf8');
	writeFileSync(
		swapped,
		text.replace(/^(Adelie|Gentoo),/gm, (_, s: string) => (s === 'Adelie' ? 'Gentoo,' : 'Adelie,'))
	);
	expect((await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--seed', '1', '--export', pipeline)).code).toBe(0);
});

describe('tessera retrain', () => {
	it('registers the first version and promotes it; the same data again gives an equal challenger, not promoted', async () => {
		const first = await cli('retrain', pipeline, '--data', `penguins=${penguins}`, '--registry', reg, '--json');
		expect(first.code).toBe(0);
		const a = first.json();
		expect(a).toMatchObject({ name: 'penguins', version: '1', rows: { role: 'test', count: 51 }, champion: null, active: '1' });
		expect(a.decision).toMatchObject({ promoted: true, reason: 'first-version' });
		expect(existsSync(join(reg, 'penguins-1.tessera-model'))).toBe(true);
		expect(readFileSync(join(reg, 'penguins-1.card.md'), 'utf8')).toMatch(/^# Model card: penguins — version 1/);

		// Same pipeline, same data, same seed: the same model. Scored on the same rows with the same
		// recipe, the two scores are equal to the last bit — and equal is not better.
		const again = await cli('retrain', pipeline, '--data', `penguins=${penguins}`, '--registry', reg, '--json');
		expect(again.code).toBe(0);
		const b = again.json();
		expect(b.version).toBe('2');
		expect(b.champion.version).toBe('1');
		expect(b.champion.score).toBe(b.challenger.score);
		expect(b.champion.metrics).toEqual(b.challenger.metrics);
		expect(b.challenger.score).toBe(a.challenger.score);
		expect(b.decision).toMatchObject({ promoted: false, reason: 'not-better', gain: 0 });
		expect(b.active).toBe('1');
		const entry = index();
		expect(entry.active).toBe('1');
		expect(entry.versions['2'].stage).toBe('None');
		expect(entry.history?.at(-1)).toMatchObject({
			event: 'registered',
			version: '2',
			actor: 'tessera retrain',
			decision: { metric: 'accuracy', challenger: b.challenger.score, champion: b.champion.score, championVersion: '1', promoted: false }
		});
	});

	it('after concept drift the retrained model beats the served one on the new rows and is promoted', async () => {
		const r = await cli('retrain', pipeline, '--data', `penguins=${swapped}`, '--registry', reg, '--json');
		expect(r.code).toBe(0);
		const j = r.json();
		expect(j.version).toBe('3');
		// The served model still names the old species: on the swapped rows only Chinstrap can be right.
		const chinstrap = j.champion.metrics.perClass.find((c: { label: string }) => c.label === 'Chinstrap').support;
		expect(j.champion.score).toBeLessThanOrEqual(chinstrap / 51);
		expect(j.champion.metrics.rows).toBe(51);
		expect(j.challenger.metrics.rows).toBe(51);
		expect(j.challenger.score).toBeGreaterThan(0.95);
		expect(j.decision.promoted).toBe(true);
		expect(j.decision.gain).toBeCloseTo(j.challenger.score - j.champion.score, 12);
		const entry = index();
		expect(entry.active).toBe('3');
		expect([entry.versions['1'].stage, entry.versions['2'].stage, entry.versions['3'].stage]).toEqual(['Archived', 'None', 'Production']);
		expect(entry.history?.at(-1)).toMatchObject({ event: 'promoted', version: '3', from: '1' });
		const card = readFileSync(join(reg, 'penguins-3.card.md'), 'utf8');
		expect(card).toMatch(/\| .* \| promoted to Production \| 3 \| replacing 1; by tessera retrain: promoted: accuracy/);
	});

	it('--min-gain: a challenger must beat the champion by more than the gain', async () => {
		const r = await cli('retrain', pipeline, '--data', `penguins=${swapped}`, '--registry', reg, '--min-gain', '0.5', '--json');
		expect(r.json().decision).toMatchObject({ promoted: false, reason: 'not-better', minGain: 0.5 });
		expect(index().active).toBe('3');
	});

	it("the card shows the pipeline's Metrics by segment table for the model", async () => {
		const doc = JSON.parse(readFileSync(pipeline, 'utf8'));
		doc.nodes.push({
			id: 'segments-1',
			type: 'evaluate.segments',
			params: { rows: 'test', column: 'Body Mass (g)', bins: 3, minRows: 5 },
			position: { x: 0, y: 600 }
		});
		doc.edges.push(
			{ id: 's1', from: { node: 'logistic-1', port: 'model' }, to: { node: 'segments-1', port: 'model' } },
			{ id: 's2', from: { node: 'scale-1', port: 'data' }, to: { node: 'segments-1', port: 'data' } }
		);
		doc.schema.sequences['node:evaluate.segments'] = 1;
		const withSegments = join(dir, 'segments.tessera.json');
		writeFileSync(withSegments, JSON.stringify(doc));
		const other = join(dir, 'segments-registry');
		const r = await cli('retrain', withSegments, '--data', `penguins=${penguins}`, '--registry', other, '--json');
		expect(r.code).toBe(0);
		const card = readFileSync(r.json().card, 'utf8');
		const section = card.split('### Metrics by Body Mass (g) (test rows, worst first)\n\n')[1].split('\n\n')[0].split('\n');
		expect(section[0]).toBe('| segment | rows | accuracy | macro F1 |');
		expect(section).toHaveLength(2 + 3 + 1);
		// Its "all rows" line is the model on the same 51 test rows the gate scored.
		expect(section.at(-1)).toBe(
			`| (all rows) | 51 | ${Number(r.json().challenger.score.toPrecision(4))} | ${Number(r.json().challenger.metrics.f1Macro.toPrecision(4))} |`
		);
	});

	it('bad usage exits 2 and says what to change', async () => {
		expect((await cli('retrain', pipeline, '--registry', reg)).stderr).toMatch(/--data is required/);
		const rmse = await cli('retrain', pipeline, '--data', `penguins=${penguins}`, '--registry', reg, '--metric', 'rmse');
		expect(rmse.code).toBe(2);
		expect(rmse.stderr).toMatch(/--metric rmse is a regression figure; this model does classification/);
		const gain = await cli('retrain', pipeline, '--data', `penguins=${penguins}`, '--registry', reg, '--min-gain', '-1');
		expect(gain.code).toBe(2);
		expect(gain.stderr).toMatch(/--min-gain must be a number of 0 or more/);
		const node = await cli('retrain', pipeline, '--data', `penguins=${penguins}`, '--registry', reg, '--node', 'nope');
		expect(node.code).toBe(2);
		expect(node.stderr).toMatch(/--node: the pipeline has no model node "nope" \(its model nodes: logistic-1/);
	});
});

describe('tessera serve --rollback-on', () => {
	it('refuses a bad rule, and rules without a registry folder, before it listens', async () => {
		const bad = await cli('serve', reg, '--port', '0', '--rollback-on', 'errors>0.1');
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/--rollback-on "errors>0\.1": unknown metric "errors"/);
		const file = await cli('serve', join(reg, 'penguins-1.tessera-model'), '--port', '0', '--rollback-on', 'error_rate>0.1');
		expect(file.code).toBe(2);
		expect(file.stderr).toMatch(/--rollback-on needs a registry folder/);
		expect((await cli('serve', reg, '--port', '0', '--rollback-on', 'error_rate>0.1', '--rollback-window', '0')).code).toBe(2);
	});
});

describe('tessera promote / rollback / card', () => {
	it('rollback returns to the version the active one replaced, once; promote and --to move it anywhere', async () => {
		const back = await cli('rollback', reg, 'penguins', '--json');
		expect(back.code).toBe(0);
		expect(back.json()).toMatchObject({ from: '3', active: '1' });
		expect(index().history?.at(-1)).toMatchObject({ event: 'rolled-back', version: '1', from: '3', actor: 'tessera rollback' });
		// Version 1 came back by a rollback: rolling back again would restore what failed.
		const twice = await cli('rollback', reg, 'penguins');
		expect(twice.code).toBe(2);
		expect(twice.stderr).toMatch(/records no version that 1 replaced; name one with --to/);
		expect((await cli('promote', reg, 'penguins', '3', '--reason', 'checked by hand')).code).toBe(0);
		expect(index().history?.at(-1)).toMatchObject({ event: 'promoted', version: '3', from: '1', reason: 'checked by hand' });
		expect((await cli('rollback', reg, 'penguins', '--to', '2')).code).toBe(0);
		expect(index().active).toBe('2');
		const missing = await cli('promote', reg, 'penguins', '9');
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/model "penguins" has no version "9"/);
		expect((await cli('promote', join(dir, 'nowhere'), 'penguins', '1')).code).toBe(2);
	});

	it('card: limitations typed in are kept with the version and shown; a model file alone gets a card too', async () => {
		const r = await cli('card', reg, 'penguins', '3', '--limitations', 'Labels changed meaning in December | check before use');
		expect(r.code).toBe(0);
		expect(index().versions['3'].limitations).toBe('Labels changed meaning in December | check before use');
		const card = readFileSync(join(reg, 'penguins-3.card.md'), 'utf8');
		for (const section of ['Intended use', 'Training data', 'Features', 'Metrics', 'Drift reference', 'Limitations', 'Version history'])
			expect(card).toContain(`## ${section}`);
		expect(card).toContain('Labels changed meaning in December | check before use');
		// The training data's fingerprint is the new data's, not the pipeline's original file.
		const swappedHash = index().versions['3'].contentHash;
		expect(swappedHash).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(card).toMatch(/\| penguins \| `sha256:[0-9a-f]{64}` \| 344 \|/);
		expect(card).toMatch(/\| rolled back to \| 1 \| from 3; by tessera rollback/);

		const loose = join(dir, 'loose');
		mkdirSync(loose);
		copyFileSync(join(reg, 'penguins-1.tessera-model'), join(loose, 'm.tessera-model'));
		const one = await cli('card', join(loose, 'm.tessera-model'), '--json');
		expect(one.json().out).toBe(join(loose, 'm.card.md'));
		expect(readFileSync(join(loose, 'm.card.md'), 'utf8')).toMatch(/^# Model card: penguins — version 1\n/);
	});
});
