import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModelFile } from '../../lib/core/model-file/build';
import { writeModelFile } from '../../lib/core/model-file/format';
import type { MetricsValue, ModelValue } from '../../lib/core/nodes/ports';
import { quickModel } from '../../lib/core/nodes/templates/quick-model';
import { emptyDoc, registry, run } from '../../lib/core/nodes/test-kit';
import { base64 } from '../../lib/predictor/sha256';
import { main } from '../main';

async function cli(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = await main(
		argv,
		(s) => (stdout += s + '\n'),
		(s) => (stderr += s + '\n')
	);
	return { code, stdout, stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-predictor-'));

describe('tessera predictor', () => {
	it('writes one HTML page that carries the model file and the runtime', async () => {
		const doc = quickModel(emptyDoc(), registry, {
			source: { kind: 'sample', name: 'iris' },
			target: 'species',
			task: 'classification',
			model: 'tree',
			seed: 1
		});
		const res = await run(doc);
		const node = doc.nodes.find((n) => n.type === 'model.tree')!.id;
		const model = res.outputs.get(node)!.model as ModelValue;
		const metrics = res.outputs.get(doc.nodes.find((n) => n.type === 'evaluate.metrics')!.id)!.metrics as MetricsValue;
		const bytes = await writeModelFile(buildModelFile({ name: 'iris <b>tree</b>', model, metrics, pipeline: { doc, node } }));
		const modelPath = join(dir, 'iris.tessera-model');
		writeFileSync(modelPath, bytes);
		const out = join(dir, 'iris.html');
		const r = await cli('predictor', modelPath, '--out', out, '--json');
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const json = JSON.parse(r.stdout);
		expect(json).toMatchObject({ command: 'predictor', out, name: 'iris <b>tree</b>', task: 'classification', family: 'tree' });
		const html = readFileSync(out, 'utf8');
		expect(json.bytes).toBe(Buffer.byteLength(html));
		expect(html).toContain(base64(bytes));
		expect(html).toContain('<title>iris &#60;b&#62;tree&#60;/b&#62; · Tessera predictor</title>');
	});

	it('says what is wrong: no --out, a file that is not a model', async () => {
		expect((await cli('predictor', 'm.tessera-model')).code).toBe(2);
		const notModel = join(dir, 'not-a-model.tessera-model');
		writeFileSync(notModel, 'hello');
		const r = await cli('predictor', notModel, '--out', join(dir, 'x.html'));
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/not a Tessera model file/);
		const missing = await cli('predictor', join(dir, 'nope.tessera-model'), '--out', join(dir, 'x.html'));
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/cannot read/);
	});
});
