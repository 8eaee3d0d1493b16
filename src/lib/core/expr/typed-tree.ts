import type { BinaryOp } from './ast';
import type { FunctionDef } from './functions';
import type { ValueType } from './types';

interface TBase {
	readonly pos: number;
	readonly t: ValueType;
}

/** The checked tree the evaluator runs: columns resolved, literals coerced, every node typed. */
export type TExpr =
	| (TBase & { readonly k: 'const'; readonly value: number | string | boolean | null })
	| (TBase & { readonly k: 'col'; readonly name: string })
	| (TBase & { readonly k: 'neg' | 'not'; readonly arg: TExpr })
	| (TBase & { readonly k: 'op'; readonly op: BinaryOp; readonly a: TExpr; readonly b: TExpr })
	| (TBase & { readonly k: 'isnull'; readonly arg: TExpr; readonly negated: boolean })
	| (TBase & { readonly k: 'if'; readonly cond: TExpr; readonly then: TExpr; readonly else: TExpr })
	| (TBase & { readonly k: 'call'; readonly fn: FunctionDef; readonly args: readonly TExpr[] });
