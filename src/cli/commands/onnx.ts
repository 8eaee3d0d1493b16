import { writeFile } from 'node:fs/promises';
import { formatBytes } from '../../lib/core/doc/safe-json';
import { MODEL_FILE_EXTENSION } from '../../lib/core/model-file/format';
import { exportOnnx, onnxInputType } from '../../lib/core/onnx/export';
import { OnnxExportError } from '../../lib/core/onnx/ir';
import { parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { openModelFile } from './model';
import type { CommandOutput } from './types';

/** `tessera onnx m.tessera-model [--out m.onnx]`: the whole recipe and model as one ONNX graph. */
export async function onnxCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('onnx'));
	const [path, ...extra] = args.positional;
	if (!path || extra.length) throw new UsageError('usage: tessera onnx <m.tessera-model> [--out m.onnx] [--json]');
	const out =
		stringFlag(args, 'out') ?? (path.endsWith(MODEL_FILE_EXTENSION) ? path.slice(0, -MODEL_FILE_EXTENSION.length) : path) + '.onnx';
	if (!out.endsWith('.onnx')) throw new UsageError(`--out must name a .onnx file, got "${out}"`);
	const { file } = await openModelFile(path);
	let bytes: Uint8Array;
	try {
		bytes = exportOnnx(file.model, file.input.columns);
	} catch (e) {
		// A model with no faithful ONNX form is refused by name: bad input for this command.
		if (e instanceof OnnxExportError) throw new UsageError(`${path}: ${e.message}`);
		throw e;
	}
	await writeFile(out, bytes);
	const inputs = file.input.columns.map((c) => ({ name: c.name, type: onnxInputType(c.kind) }));
	const outputs = file.model.task === 'classification' ? ['label', 'probabilities'] : ['variable'];
	return {
		json: { command: 'onnx', model: path, out, bytes: bytes.length, inputs, outputs, classes: file.model.classes },
		text: [
			`${out}: ONNX graph of ${file.name} (${file.model.family} ${file.model.task}), ${formatBytes(bytes.length)}`,
			`  inputs (one per column, shape [N, 1]): ${inputs.map((i) => `${i.name}: ${i.type}`).join(', ')}`,
			`  outputs: ${outputs.join(', ')}${file.model.classes ? ` (classes ${file.model.classes.join(', ')})` : ''}`
		].join('\n'),
		exitCode: 0
	};
}
