import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType } from 'onnx-buf';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr, GraphBuilder } from './ir';
import { IR_VERSION, serialiseModel } from './proto';

/** y = x · 2 + b, with every attribute and tensor kind the converters use. */
function tinyGraph(): GraphBuilder {
	const g = new GraphBuilder();
	const x = g.input('raw x', 'float', [null, 1]);
	const two = g.constant('two', { type: 'float', dims: [], data: Float32Array.of(2) });
	const [y] = g.node('Mul', [x, two], ['y']);
	g.reserve('out');
	g.nodeTo('Imputer', [y], ['out'], { imputed_value_floats: attr.floats([-1]), replaced_value_float: attr.float(NaN) }, 'ai.onnx.ml');
	g.output('out', 'float', [null, 1]);
	return g;
}

describe('ONNX protobuf serialisation', () => {
	it('writes a ModelProto with the IR version, both opsets, the producer and metadata', () => {
		const bytes = serialiseModel(tinyGraph(), { name: 'tiny', properties: { classes: '["a","b"]' } });
		const model = fromBinary(ModelProtoSchema, bytes);
		expect(model.irVersion).toBe(IR_VERSION);
		expect(model.producerName).toBe('tessera');
		expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
			['', 17],
			['ai.onnx.ml', 3]
		]);
		expect(model.metadataProps.map((p) => [p.key, p.value])).toEqual([['classes', '["a","b"]']]);
		const graph = model.graph!;
		expect(graph.input[0].name).toBe('raw x');
		const type = graph.input[0].type!.value;
		expect(type.case === 'tensorType' && type.value.elemType).toBe(TensorProto_DataType.FLOAT);
		expect(type.case === 'tensorType' && type.value.shape!.dim.map((d) => d.value)).toEqual([
			{ case: 'dimParam', value: 'N' },
			{ case: 'dimValue', value: 1n }
		]);
		expect(graph.node.map((n) => [n.opType, n.domain])).toEqual([
			['Mul', ''],
			['Imputer', 'ai.onnx.ml']
		]);
		expect(graph.initializer[0].floatData).toEqual([2]);
	});

	it('runs in onnxruntime-node', async () => {
		const session = await ort.InferenceSession.create(serialiseModel(tinyGraph(), { name: 'tiny' }));
		const out = await session.run({ 'raw x': new ort.Tensor('float32', Float32Array.of(1.5, NaN, -3), [3, 1]) });
		expect(Array.from(out.out.data as Float32Array)).toEqual([3, -1, -6]);
	});
});
