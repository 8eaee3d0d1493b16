/** The parsed expression. Every node keeps the 1-based position where its text starts. */
export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '^';
export type UnaryOp = 'not' | '-';

export type Expr =
	| { readonly type: 'number'; readonly pos: number; readonly value: number }
	| { readonly type: 'string'; readonly pos: number; readonly value: string }
	| { readonly type: 'boolean'; readonly pos: number; readonly value: boolean }
	| { readonly type: 'null'; readonly pos: number }
	| { readonly type: 'column'; readonly pos: number; readonly name: string }
	| { readonly type: 'unary'; readonly pos: number; readonly op: UnaryOp; readonly arg: Expr }
	| { readonly type: 'binary'; readonly pos: number; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
	| { readonly type: 'isnull'; readonly pos: number; readonly arg: Expr; readonly negated: boolean }
	| { readonly type: 'if'; readonly pos: number; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
	| { readonly type: 'call'; readonly pos: number; readonly name: string; readonly args: readonly Expr[] };
