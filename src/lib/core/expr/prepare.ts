/**
 * The entry points nodes use: parse and check a formula against a frame's schema, then
 * run it as a row filter or as a new column.
 */
import { schemaOf } from '../frame/frame';
import type { Column, Frame, FrameSchema } from '../frame/types';
import { ExprError } from './errors';
import { evaluate } from './evaluate';
import { parse } from './parser';
import { typecheck, type Checked } from './typecheck';
import { typeName } from './types';
import { asBooleans, toColumn } from './vectors';

export function prepareExpression(source: string, schema: FrameSchema): Checked {
	return typecheck(parse(source), schema);
}

/** 1 for the rows where the condition is true; false and missing rows get 0. */
export function conditionMask(source: string, frame: Frame): Uint8Array {
	const checked = prepareExpression(source, schemaOf(frame));
	if (checked.type !== 'boolean' && checked.type !== 'null')
		throw new ExprError(
			1,
			`a filter needs a true/false condition, but this expression gives ${typeName(checked.type)} (e.g. write \`x > 3\`)`
		);
	const values = asBooleans(evaluate(checked.tree, frame), frame.rowCount);
	return Uint8Array.from(values, (v) => (v === 1 ? 1 : 0));
}

/** The expression's values as a column named `name`, of the kind the expression gives. */
export function derivedColumn(source: string, frame: Frame, name: string): Column {
	const checked = prepareExpression(source, schemaOf(frame));
	if (checked.type === 'null')
		throw new ExprError(1, 'the expression is always missing, so the column would have no kind; e.g. write if(cond, x, null)');
	return toColumn(name, evaluate(checked.tree, frame), checked.type, frame.rowCount);
}
