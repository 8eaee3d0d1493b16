import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './test-cli';
import { SAMPLES_DIR } from './files';
import { readModelFile } from '../lib/core/model-file/format';
import { modelOf } from '../lib/core/model-file/build';
import { maxDiff, onnxScores, rawFrame, tesseraScores } from '../lib/core/onnx/test-kit';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { sampleDataset } from '../lib/core/nodes/test-kit';

const dir = mkdtempSync(join(tmpdir(), 'tessera-model-'));
const penguins = join(SAMPLES_DIR, 'penguins.csv');

describe('tessera train --save-model, run --save-model, model', () => {
	it('writes a model file from train that `tessera model` describes, with the metrics train printed', async () => {
		const path = join(dir, 'penguins.tessera-model');
		const train = await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--seed', '3', '--save-model', path, '--json');
		expect(train.code).toBe(0);
		const t = train.json();
		expect(t.savedModel).toMatchObject({ path, family: 'logistic' });
		const info = await cli('model', path, '--json');
		expect(info.code).toBe(0);
		const m = info.json();
		expect(m).toMatchObject({
			command: 'model',
			name: 'penguins',
			family: 'logistic',
			task: 'classification',
			target: 'Species',
			version: 2
		});
		expect(m.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
		expect(m.classes).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
		expect(m.input.map((c: { name: string }) => c.name)).toEqual([
			'Island',
			'Beak Length (mm)',
			'Beak Depth (mm)',
			'Flipper Length (mm)',
			'Body Mass (g)',
			'Sex'
		]);
		expect(m.metrics.test).toEqual(t.test);
		expect(m.data).toEqual([{ name: 'penguins', hash: t.dataset.hash, rows: 344 }]);
		expect(m.bytes).toBe(readFileSync(path).length);
		const text = await cli('model', path);
		expect(text.stdout).toContain('logistic classification model of "Species"');
		expect(text.stdout).toMatch(/Island\s+category\s+yes\s+0\.0%\s+3 levels: Biscoe, Dream, Torgersen/);
	});

	it('run --save-model saves a named node of a pipeline; the file records the pipeline', async () => {
		const exported = join(dir, 'quick.tessera.json');
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'tree', '--export', exported)).code).toBe(0);
		const doc = JSON.parse(readFileSync(exported, 'utf8'));
		const node = doc.nodes.find((n: { type: string }) => n.type === 'model.tree').id;
		const path = join(dir, 'tree.tessera-model');
		const run = await cli('run', exported, '--data', `penguins=${penguins}`, '--save-model', `${node}=${path}`, '--json');
		expect(run.code).toBe(0);
		expect(run.json().savedModels).toMatchObject([{ path, family: 'tree', node }]);
		const { file } = await readModelFile(new Uint8Array(readFileSync(path)));
		expect(file.pipeline!.node).toBe(node);
		expect(JSON.parse(file.pipeline!.text).nodes.map((n: { id: string }) => n.id)).toEqual(doc.nodes.map((n: { id: string }) => n.id));
		const missing = await cli('run', exported, '--data', `penguins=${penguins}`, '--save-model', `nope=${path}`);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toContain(`the pipeline has no node "nope" (its model nodes: ${node}`);
	});

	it('tessera onnx exports a model file that onnxruntime-node scores as Tessera does', async () => {
		const path = join(dir, 'onnx-logistic.tessera-model');
		expect((await cli('train', penguins, '--target', 'Species', '--model', 'logistic', '--save-model', path)).code).toBe(0);
		const out = join(dir, 'onnx-logistic.onnx');
		const r = await cli('onnx', path, '--out', out, '--json');
		expect(r.code).toBe(0);
		expect(r.json()).toMatchObject({
			command: 'onnx',
			out,
			outputs: ['label', 'probabilities'],
			classes: ['Adelie', 'Chinstrap', 'Gentoo']
		});
		// Numbers go in as double (Tessera's float64 values, so the features are exactly its own), categories as string.
		const printed = (r.json() as { inputs: { name: string; type: string }[] }).inputs;
		expect(printed).toContainEqual({ name: 'Beak Length (mm)', type: 'double' });
		expect(printed).toContainEqual({ name: 'Island', type: 'string' });
		// What it prints is what the graph declares (TensorProto: 11 double, 8 string).
		const names: Record<number, string> = { 11: 'double', 8: 'string' };
		const declared = fromBinary(ModelProtoSchema, new Uint8Array(readFileSync(out))).graph!.input.map((i) => {
			const t = i.type?.value;
			return { name: i.name, type: t?.case === 'tensorType' ? names[t.value.elemType] : '?' };
		});
		expect(declared).toEqual(printed.filter((i) => i.name !== 'Species'));
		const { file } = await readModelFile(new Uint8Array(readFileSync(path)));
		const ours = await tesseraScores(modelOf(file), sampleDataset('penguins').frame);
		const theirs = await onnxScores(modelOf(file), rawFrame('penguins', 'Species'), new Uint8Array(readFileSync(out)));
		expect(theirs.labels).toEqual(ours.labels);
		expect(maxDiff(ours.proba!, theirs.proba!).abs).toBeLessThan(1e-5);
		// An output that is not an .onnx file is bad usage.
		const wrongOut = await cli('onnx', path, '--out', join(dir, 'x.txt'));
		expect(wrongOut.code).toBe(2);
		expect(wrongOut.stderr).toContain('--out must name a .onnx file');
	});

	it('refuses bad model files and paths with exit status 2 and the reason', async () => {
		const bad = join(dir, 'bad.tessera-model');
		writeFileSync(bad, 'not a model');
		const r = await cli('model', bad);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('bad.tessera-model: this is not a Tessera model file (it is not a zip archive)');
		expect((await cli('model', join(dir, 'absent.tessera-model'))).stderr).toContain('no such file');
		const wrong = await cli('train', penguins, '--target', 'Species', '--save-model', join(dir, 'm.zip'));
		expect(wrong.code).toBe(2);
		expect(wrong.stderr).toContain('must end in .tessera-model');
	});
});
