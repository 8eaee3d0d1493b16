/**
 * The one module that knows the ONNX protobuf schema: it turns a `GraphBuilder` into the bytes
 * of a ModelProto. The schema comes from `onnx-buf` (generated from ONNX 1.20's onnx.proto for
 * @bufbuild/protobuf v2), so nothing here encodes protobuf by hand.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
	AttributeProto_AttributeType,
	AttributeProtoSchema,
	GraphProtoSchema,
	ModelProtoSchema,
	NodeProtoSchema,
	OperatorSetIdProtoSchema,
	StringStringEntryProtoSchema,
	TensorProto_DataType,
	TensorProtoSchema,
	TensorShapeProto_DimensionSchema,
	TypeProto_TensorSchema,
	TypeProtoSchema,
	ValueInfoProtoSchema,
	type AttributeProto,
	type TensorProto,
	type ValueInfoProto
} from 'onnx-buf';
import { OPSETS, type GraphBuilder, type OnnxAttr, type OnnxElemType, type OnnxTensor, type OnnxValueInfo } from './ir';

/**
 * IR version 8 is the one that goes with opset 17 (ONNX 1.12): the newest a runtime must
 * understand to load our files, so older ONNX Runtime builds (and ORT Web) read them too.
 */
export const IR_VERSION = 8n;

const ELEM: Record<OnnxElemType, TensorProto_DataType> = {
	float: TensorProto_DataType.FLOAT,
	double: TensorProto_DataType.DOUBLE,
	int64: TensorProto_DataType.INT64,
	string: TensorProto_DataType.STRING,
	bool: TensorProto_DataType.BOOL
};

const utf8 = new TextEncoder();

function tensorProto(name: string, t: OnnxTensor): TensorProto {
	const base = { name, dims: t.dims.map(BigInt), dataType: ELEM[t.type] };
	switch (t.type) {
		case 'float':
			return create(TensorProtoSchema, { ...base, floatData: Array.from(t.data) });
		case 'double':
			return create(TensorProtoSchema, { ...base, doubleData: Array.from(t.data) });
		case 'int64':
			return create(TensorProtoSchema, { ...base, int64Data: t.data.map(BigInt) });
		// bool and the other small ints travel in int32_data (onnx.proto's rule).
		case 'bool':
			return create(TensorProtoSchema, { ...base, int32Data: t.data.map((b) => (b ? 1 : 0)) });
		case 'string':
			return create(TensorProtoSchema, { ...base, stringData: t.data.map((s) => utf8.encode(s)) });
	}
}

function attributeProto(name: string, a: OnnxAttr): AttributeProto {
	const T = AttributeProto_AttributeType;
	switch (a.kind) {
		case 'int':
			return create(AttributeProtoSchema, { name, type: T.INT, i: BigInt(a.value) });
		case 'float':
			return create(AttributeProtoSchema, { name, type: T.FLOAT, f: a.value });
		case 'string':
			return create(AttributeProtoSchema, { name, type: T.STRING, s: utf8.encode(a.value) });
		case 'ints':
			return create(AttributeProtoSchema, { name, type: T.INTS, ints: a.value.map(BigInt) });
		case 'floats':
			return create(AttributeProtoSchema, { name, type: T.FLOATS, floats: Array.from(a.value) });
		case 'strings':
			return create(AttributeProtoSchema, { name, type: T.STRINGS, strings: a.value.map((s) => utf8.encode(s)) });
		case 'tensor':
			return create(AttributeProtoSchema, { name, type: T.TENSOR, t: tensorProto('', a.value) });
	}
}

function valueInfo(v: OnnxValueInfo): ValueInfoProto {
	const dim = v.shape.map((d, i) =>
		create(TensorShapeProto_DimensionSchema, {
			// A symbolic dimension is named, so every input's batch dimension reads as the same N.
			value: d === null ? { case: 'dimParam', value: i === 0 ? 'N' : `d${i}` } : { case: 'dimValue', value: BigInt(d) }
		})
	);
	const tensorType = create(TypeProto_TensorSchema, { elemType: ELEM[v.type], shape: { dim } });
	return create(ValueInfoProtoSchema, {
		name: v.name,
		type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } })
	});
}

export interface ModelMeta {
	/** The graph's name (shown by Netron and runtimes' model metadata). */
	readonly name: string;
	readonly producerVersion?: string;
	readonly docString?: string;
	/** Written as the model's metadata_props (runtimes expose them as custom metadata). */
	readonly properties?: Readonly<Record<string, string>>;
}

/** The ModelProto bytes of a finished graph. */
export function serialiseModel(g: GraphBuilder, meta: ModelMeta): Uint8Array {
	const graph = create(GraphProtoSchema, {
		name: meta.name,
		node: g.nodes.map((n) =>
			create(NodeProtoSchema, {
				name: n.name,
				opType: n.op,
				domain: n.domain,
				input: [...n.inputs],
				output: [...n.outputs],
				attribute: Object.entries(n.attrs).map(([k, a]) => attributeProto(k, a))
			})
		),
		initializer: g.initializers.map((i) => tensorProto(i.name, i.tensor)),
		input: g.inputs.map(valueInfo),
		output: g.outputs.map(valueInfo)
	});
	const model = create(ModelProtoSchema, {
		irVersion: IR_VERSION,
		producerName: 'tessera',
		producerVersion: meta.producerVersion ?? '',
		docString: meta.docString ?? '',
		metadataProps: Object.entries(meta.properties ?? {}).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value })),
		opsetImport: Object.entries(OPSETS).map(([domain, version]) => create(OperatorSetIdProtoSchema, { domain, version: BigInt(version) })),
		graph
	});
	return toBinary(ModelProtoSchema, model);
}
