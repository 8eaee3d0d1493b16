/**
 * A small in-memory ONNX graph that the converters build and `proto.ts` serialises. Keeping
 * the converters on this IR (not on protobuf messages) lets each recipe step and model family
 * be written and tested on its own; only one module knows the protobuf schema.
 */

/** Element types used by Tessera's exports (names as in ONNX's TensorProto.DataType). */
export type OnnxElemType = 'float' | 'double' | 'int64' | 'string' | 'bool';

/** An attribute value, typed explicitly: a JS number cannot say whether it is an int or a float. */
export type OnnxAttr =
	| { readonly kind: 'int'; readonly value: number }
	| { readonly kind: 'float'; readonly value: number }
	| { readonly kind: 'string'; readonly value: string }
	| { readonly kind: 'ints'; readonly value: readonly number[] }
	| { readonly kind: 'floats'; readonly value: readonly number[] | Float32Array }
	| { readonly kind: 'strings'; readonly value: readonly string[] }
	| { readonly kind: 'tensor'; readonly value: OnnxTensor };

export const attr = {
	int: (value: number): OnnxAttr => ({ kind: 'int', value }),
	float: (value: number): OnnxAttr => ({ kind: 'float', value }),
	string: (value: string): OnnxAttr => ({ kind: 'string', value }),
	ints: (value: readonly number[]): OnnxAttr => ({ kind: 'ints', value }),
	floats: (value: readonly number[] | Float32Array): OnnxAttr => ({ kind: 'floats', value }),
	strings: (value: readonly string[]): OnnxAttr => ({ kind: 'strings', value }),
	tensor: (value: OnnxTensor): OnnxAttr => ({ kind: 'tensor', value })
};

/** A constant tensor (an initializer or a Constant's value). */
export type OnnxTensor =
	| { readonly type: 'float'; readonly dims: readonly number[]; readonly data: Float32Array }
	| { readonly type: 'double'; readonly dims: readonly number[]; readonly data: Float64Array }
	| { readonly type: 'int64'; readonly dims: readonly number[]; readonly data: readonly number[] }
	| { readonly type: 'bool'; readonly dims: readonly number[]; readonly data: readonly boolean[] }
	| { readonly type: 'string'; readonly dims: readonly number[]; readonly data: readonly string[] };

/** `ai.onnx` (the default domain, written as '') or `ai.onnx.ml`. */
export type OnnxDomain = '' | 'ai.onnx.ml';

export interface OnnxNode {
	readonly op: string;
	readonly domain: OnnxDomain;
	readonly name: string;
	readonly inputs: readonly string[];
	readonly outputs: readonly string[];
	readonly attrs: Readonly<Record<string, OnnxAttr>>;
}

/** A graph input or output: a name, an element type and a shape (null = a symbolic dimension such as the batch). */
export interface OnnxValueInfo {
	readonly name: string;
	readonly type: OnnxElemType;
	readonly shape: readonly (number | null)[];
}

/** The opsets an export targets (TreeEnsemble* needs ai.onnx.ml 3; see the issue). */
export const OPSETS = { '': 17, 'ai.onnx.ml': 3 } as const;

/** Builds a graph: unique names, nodes in topological order (each node is added after its inputs). */
export class GraphBuilder {
	readonly nodes: OnnxNode[] = [];
	readonly initializers: { name: string; tensor: OnnxTensor }[] = [];
	readonly inputs: OnnxValueInfo[] = [];
	readonly outputs: OnnxValueInfo[] = [];
	readonly #used = new Set<string>();
	readonly #reserved = new Set<string>();

	/** A name not used yet, derived from `hint` (ONNX names must be unique in a graph). */
	fresh(hint: string): string {
		const base = hint.replace(/[^A-Za-z0-9_.:-]/g, '_') || 't';
		let name = base;
		for (let i = 1; this.#used.has(name); i++) name = `${base}_${i}`;
		this.#used.add(name);
		return name;
	}

	/** A graph input under exactly this name (raw column names are the inputs' names). */
	input(name: string, type: OnnxElemType, shape: readonly (number | null)[]): string {
		if (this.#used.has(name)) throw new Error(`two graph inputs would be called "${name}"`);
		this.#used.add(name);
		this.inputs.push({ name, type, shape });
		return name;
	}

	/** Declare an existing value as a graph output. */
	output(name: string, type: OnnxElemType, shape: readonly (number | null)[]): void {
		this.outputs.push({ name, type, shape });
	}

	constant(hint: string, tensor: OnnxTensor): string {
		const name = this.fresh(hint);
		this.initializers.push({ name, tensor });
		return name;
	}

	/** Add a node; returns its output names, made fresh from `outputHints`. */
	node(
		op: string,
		inputs: readonly string[],
		outputHints: readonly string[] | number = 1,
		attrs: Readonly<Record<string, OnnxAttr>> = {},
		domain: OnnxDomain = ''
	): string[] {
		const hints = typeof outputHints === 'number' ? Array.from({ length: outputHints }, (_, i) => `${op}_out${i}`) : outputHints;
		const outputs = hints.map((h) => this.fresh(h));
		this.nodes.push({ op, domain, name: this.fresh(`${op}_node`), inputs, outputs, attrs });
		return outputs;
	}

	/**
	 * Add a node writing exactly these outputs, names already reserved with `reserve` (a graph
	 * output such as `label` must keep its name, whatever the converters called their values).
	 */
	nodeTo(
		op: string,
		inputs: readonly string[],
		outputs: readonly string[],
		attrs: Readonly<Record<string, OnnxAttr>> = {},
		domain: OnnxDomain = ''
	): void {
		for (const o of outputs) if (!this.#reserved.delete(o)) throw new Error(`output "${o}" was not reserved`);
		this.nodes.push({ op, domain, name: this.fresh(`${op}_node`), inputs, outputs, attrs });
	}

	/** Reserve exactly `name` for a later `nodeTo`; false when it is taken (e.g. by an input column). */
	reserve(name: string): boolean {
		if (this.#used.has(name)) return false;
		this.#used.add(name);
		this.#reserved.add(name);
		return true;
	}
}

/**
 * Thrown when a model or one of its steps has no faithful ONNX form: the message names the
 * step, so nothing is ever exported wrong.
 */
export class OnnxExportError extends Error {
	constructor(
		readonly step: string,
		reason: string
	) {
		super(`cannot export to ONNX: ${step} — ${reason}`);
		this.name = 'OnnxExportError';
	}
}
