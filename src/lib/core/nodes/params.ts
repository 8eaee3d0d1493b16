import type { ColumnKind } from '../frame/types';

/** A parameter value as stored in a pipeline file: plain JSON. */
export type ParamValue = number | string | boolean | null | readonly string[];
export type ParamValues = Readonly<Record<string, ParamValue>>;

interface Base<D> {
	readonly label?: string;
	readonly help?: string;
	readonly default: D;
}
export interface NumberParam extends Base<number> {
	readonly type: 'number';
	readonly min?: number;
	readonly max?: number;
	readonly step?: number;
	readonly integer?: boolean;
	/** The range a hyperparameter search explores by default (log: evenly in log space). */
	readonly tune?: { readonly min: number; readonly max: number; readonly log?: boolean };
}
export interface BooleanParam extends Base<boolean> {
	readonly type: 'boolean';
	/** A hyperparameter search tries both values by default. */
	readonly tune?: boolean;
}
export interface ChoiceParam<O extends string = string> extends Base<O> {
	readonly type: 'choice';
	readonly options: readonly O[];
	/** The options a hyperparameter search tries by default. */
	readonly tune?: readonly O[];
}
/**
 * A hyperparameter search space in its text form, one dimension per line, e.g.
 * `learningRate: 0.001 .. 0.3 log` / `maxDepth: 2 .. 10 int` / `penalty: l1 | l2`
 * (core/ml/search/space.ts). Empty: the model node's default ranges.
 */
export interface SearchSpaceParam extends Base<string> {
	readonly type: 'search-space';
}
export interface StringParam extends Base<string> {
	readonly type: 'string';
	readonly maxLength?: number;
}
/** One column of the upstream dataset ('' = none chosen). */
export interface ColumnParam extends Base<string> {
	readonly type: 'column';
	readonly kinds?: readonly ColumnKind[];
}
/** Several columns of the upstream dataset (empty = all eligible). */
export interface ColumnsParam extends Base<readonly string[]> {
	readonly type: 'columns';
	readonly kinds?: readonly ColumnKind[];
}

/**
 * A random node's seed: null (the default) follows the document seed (`doc.seeds.global`);
 * a whole number is the node's own seed and overrides it. The engine resolves it before
 * the node runs (resolveSeeds), and a node's signature holds the seed it runs with, so
 * changing the document seed re-runs exactly the nodes that follow it.
 */
export interface SeedParam extends Base<null> {
	readonly type: 'seed';
}

export type ParamSpec = NumberParam | BooleanParam | ChoiceParam | StringParam | ColumnParam | ColumnsParam | SearchSpaceParam | SeedParam;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

/** The value type a param spec holds, as a node's `run` sees it. */
export type ParamType<S extends ParamSpec> = S extends NumberParam
	? number
	: S extends BooleanParam
		? boolean
		: S extends ChoiceParam<infer O>
			? O
			: S extends ColumnsParam
				? readonly string[]
				: S extends SeedParam
					? number | null
					: string;

/** The typed params of a schema: what defineNode hands `run`, `step.fit` and `step.apply`. */
export type ParamsOf<P extends ParamSchema> = { readonly [K in keyof P]: ParamType<P[K]> };

/** The largest seed a node or the document may hold. */
export const MAX_SEED = 0xffffffff;

type Opt<T extends ParamSpec> = Omit<T, 'type'>;
type OptDefault<T extends ParamSpec> = Partial<Omit<T, 'type'>>;

export const p = {
	number: (o: Opt<NumberParam>): NumberParam => ({ type: 'number', ...o }),
	int: (o: Opt<NumberParam>): NumberParam => ({ type: 'number', integer: true, step: 1, ...o }),
	boolean: (o: Opt<BooleanParam>): BooleanParam => ({ type: 'boolean', ...o }),
	/** The options' literal types become the param's type, e.g. 'gini' | 'entropy'. */
	choice: <const O extends string>(
		options: readonly O[],
		o: Omit<Opt<ChoiceParam<O>>, 'options' | 'default' | 'tune'> & { readonly default: NoInfer<O>; readonly tune?: readonly NoInfer<O>[] }
	): ChoiceParam<O> => ({
		type: 'choice',
		options,
		...o
	}),
	string: (o: Opt<StringParam>): StringParam => ({ type: 'string', maxLength: 10_000, ...o }),
	column: (o: OptDefault<ColumnParam> = {}): ColumnParam => ({ type: 'column', default: '', ...o }),
	columns: (o: OptDefault<ColumnsParam> = {}): ColumnsParam => ({ type: 'columns', default: [], ...o }),
	searchSpace: (o: OptDefault<SearchSpaceParam> = {}): SearchSpaceParam => ({ type: 'search-space', default: '', ...o }),
	/** A seed that follows the document seed unless the node is given its own (SeedParam). */
	seed: (o: Omit<OptDefault<SeedParam>, 'default'> = {}): SeedParam => ({ type: 'seed', default: null, label: 'Seed', ...o })
};

/** The seed a node runs with: its own, or the document's when it follows it (null). */
export function seedOf(value: number | null | undefined, documentSeed: number): number {
	return typeof value === 'number' ? value : documentSeed;
}

/** Whether a node with these params follows the document seed (a seed param left empty). */
export function followsDocumentSeed(schema: ParamSchema, params: ParamValues): boolean {
	return Object.entries(schema).some(([name, spec]) => spec.type === 'seed' && typeof params[name] !== 'number');
}

/** The params with every seed that follows the document seed replaced by it: what a node runs with. */
export function resolveSeeds(schema: ParamSchema, params: ParamValues, documentSeed: number): ParamValues {
	if (!followsDocumentSeed(schema, params)) return params;
	const out: Record<string, ParamValue> = { ...params };
	for (const [name, spec] of Object.entries(schema))
		if (spec.type === 'seed') out[name] = seedOf(params[name] as number | null, documentSeed);
	return out;
}

/** Defaults for every param of a schema. */
export function defaultParams(schema: ParamSchema): Record<string, ParamValue> {
	const out: Record<string, ParamValue> = Object.create(null);
	for (const [name, spec] of Object.entries(schema)) out[name] = spec.default;
	return out;
}

/** Why a value does not fit its spec, or null when it fits. */
export function paramError(spec: ParamSpec, value: unknown): string | null {
	switch (spec.type) {
		case 'number': {
			if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a finite number';
			if (spec.integer && !Number.isInteger(value)) return 'expected a whole number';
			if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
			if (spec.max !== undefined && value > spec.max) return `must be at most ${spec.max}`;
			return null;
		}
		case 'boolean':
			return typeof value === 'boolean' ? null : 'expected true or false';
		case 'choice':
			return typeof value === 'string' && spec.options.includes(value) ? null : `expected one of ${spec.options.join(', ')}`;
		case 'seed':
			if (value === null) return null;
			if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_SEED)
				return `expected a whole number from 0 to ${MAX_SEED}, or empty to follow the document seed`;
			return null;
		case 'search-space':
			if (typeof value !== 'string') return 'expected a search space as text';
			if (value.length > 10_000) return 'the search space is too long';
			return null;
		case 'string':
		case 'column':
			if (typeof value !== 'string') return 'expected text';
			if (value.length > (spec.type === 'string' ? (spec.maxLength ?? 10_000) : 1_000)) return 'text is too long';
			return null;
		case 'columns':
			if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length <= 1_000))
				return 'expected a list of column names';
			if (value.length > 10_000) return 'too many columns';
			return null;
	}
}

/**
 * Fill missing params with defaults, drop unknown ones, and collect errors. Used when
 * a file is opened and before a node runs, so a node never sees a malformed value.
 */
export function normaliseParams(
	schema: ParamSchema,
	given: Readonly<Record<string, unknown>>
): { params: Record<string, ParamValue>; errors: string[] } {
	const params = defaultParams(schema);
	const errors: string[] = [];
	for (const [name, spec] of Object.entries(schema)) {
		if (!Object.prototype.hasOwnProperty.call(given, name)) continue;
		const value = given[name];
		const err = paramError(spec, value);
		if (err) errors.push(`${name}: ${err}`);
		else params[name] = Array.isArray(value) ? [...(value as string[])] : (value as ParamValue);
	}
	return { params, errors };
}
