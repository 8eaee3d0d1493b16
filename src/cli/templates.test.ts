import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serialiseDocument } from '../lib/core/doc/serialise';
import { builtinNodes } from '../lib/core/nodes/catalog';
import { createRegistry } from '../lib/core/nodes/registry';
import { inBand, readFigure } from '../lib/core/templates/figure';
import { TEMPLATES, templateById, templateFileName } from '../lib/core/templates/gallery';
import { templateDocument } from '../lib/core/templates/document';
import { parseArgs } from './args';
import { optionsOf } from './command-specs';
import { openPipeline, runDocument } from './commands/run';
import { main } from './main';

// Every template of the gallery, run as `tessera run templates/<id>.tessera.json` runs it (the
// same file reading, sample host and engine), lands its figure inside its declared band. The
// bands and where they come from are in src/lib/core/templates/gallery.ts.
const registry = createRegistry(builtinNodes);
const DIR = join(__dirname, '..', '..', 'templates');
const file = (id: string) => join(DIR, templateFileName(templateById(id)!));

describe('templates as pipeline files', () => {
	it.each(TEMPLATES.map((t) => [t.id, t] as const))('templates/%s.tessera.json is what the gallery builds', (_id, t) => {
		// Written by scripts/write-templates.ts; rerun it after changing a template.
		expect(readFileSync(join(DIR, templateFileName(t)), 'utf8')).toBe(serialiseDocument(templateDocument(t, registry)));
	});

	it.each(TEMPLATES.map((t) => [t.id, t] as const))(
		'%s runs headless without an error and its figure is in its band',
		async (_id, t) => {
			const opened = await openPipeline(file(t.id), parseArgs([file(t.id)], optionsOf('run')), registry);
			const { errors, outputs } = await runDocument(opened.doc, registry, opened.host, opened.backend);
			expect(errors).toEqual({});
			const reading = readFigure(t.figure, outputs);
			if (!reading.ok) throw new Error(reading.reason);
			expect(inBand(t.figure, reading.value), `${t.figure.name} ${reading.value} not in ${t.figure.min}–${t.figure.max}`).toBe(true);
		},
		240_000
	);

	it('tessera run prints the template’s test metrics and exits 0', async () => {
		const out: string[] = [];
		const err: string[] = [];
		const code = await main(
			['run', file('churn'), '--json'],
			(s) => out.push(s),
			(s) => err.push(s)
		);
		expect([code, err.join('')]).toEqual([0, '']);
		const doc = JSON.parse(out.join(''));
		expect(doc.pipeline).toBe('Customer churn');
		expect(doc.evaluations.map((e: { node: string }) => e.node)).toEqual(['metrics-1']);
		expect(doc.evaluations[0].test.rocAuc).toBeGreaterThanOrEqual(0.8);
	});
});
