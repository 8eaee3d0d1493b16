import type { Config, Dimension, SearchSpace } from '../ml/search/types';
import type { ParamSchema, ParamValue } from './params';

/**
 * A model node's search space from the `tune` hints on its params: number ranges (log or
 * linear, int for whole-number params), choice options and both values of a boolean.
 */
export function defaultSpace(schema: ParamSchema): SearchSpace {
	const space: Dimension[] = [];
	for (const [name, spec] of Object.entries(schema)) {
		if (spec.type === 'number' && spec.tune)
			space.push({ name, kind: spec.integer ? 'int' : 'float', min: spec.tune.min, max: spec.tune.max, log: spec.tune.log ?? false });
		else if (spec.type === 'choice' && spec.tune && spec.tune.length > 0) space.push({ name, kind: 'choice', values: [...spec.tune] });
		else if (spec.type === 'boolean' && spec.tune) space.push({ name, kind: 'choice', values: ['true', 'false'] });
	}
	return space;
}

/** What in a search space does not fit the model's params; empty when every dimension fits. */
export function validateAgainstSchema(space: SearchSpace, schema: ParamSchema): string[] {
	const errors: string[] = [];
	const names = Object.keys(schema);
	for (const d of space) {
		const spec = Object.prototype.hasOwnProperty.call(schema, d.name) ? schema[d.name] : undefined;
		if (!spec) {
			errors.push(`${d.name}: the model has no such setting (it has ${names.join(', ')})`);
			continue;
		}
		if (d.kind === 'choice') {
			if (spec.type === 'number') errors.push(`${d.name}: a number setting needs a range (e.g. ${d.name}: 1 .. 10), not a list of choices`);
			else if (spec.type === 'choice') {
				const unknown = d.values.filter((v) => !spec.options.includes(v));
				if (unknown.length)
					errors.push(`${d.name}: ${unknown.map((v) => `"${v}"`).join(', ')} is not an option (options: ${spec.options.join(', ')})`);
			} else if (spec.type === 'boolean') {
				const unknown = d.values.filter((v) => v !== 'true' && v !== 'false');
				if (unknown.length) errors.push(`${d.name}: a yes/no setting takes true | false (got ${unknown.join(', ')})`);
			} else errors.push(`${d.name}: this setting (${spec.type}) cannot be searched`);
			continue;
		}
		if (spec.type !== 'number') {
			errors.push(`${d.name}: a ${spec.type} setting needs a list of choices (e.g. ${d.name}: a | b), not a range`);
			continue;
		}
		if (d.kind === 'int' && !spec.integer) errors.push(`${d.name}: the setting takes any number, so drop the int flag`);
		if (spec.min !== undefined && d.min < spec.min) errors.push(`${d.name}: ${d.min} is below the setting's minimum ${spec.min}`);
		if (spec.max !== undefined && d.max > spec.max) errors.push(`${d.name}: ${d.max} is above the setting's maximum ${spec.max}`);
	}
	return errors;
}

/**
 * The params a configuration sets, typed as the node expects: whole numbers rounded (and
 * kept within the param's limits), 'true' / 'false' as booleans. Only the searched params.
 */
export function toParams(config: Config, space: SearchSpace, schema: ParamSchema): Record<string, ParamValue> {
	const out: Record<string, ParamValue> = {};
	for (const d of space) {
		const spec = schema[d.name];
		const value = config[d.name];
		if (!spec || value === undefined) throw new Error(`${d.name}: no value or no such setting; validate the space against the model first`);
		if (spec.type === 'number') {
			let v = Number(value);
			if (!Number.isFinite(v)) throw new Error(`${d.name}: ${String(value)} is not a number`);
			if (spec.integer) v = Math.round(v);
			if (spec.min !== undefined) v = Math.max(spec.min, v);
			if (spec.max !== undefined) v = Math.min(spec.max, v);
			out[d.name] = v;
		} else if (spec.type === 'boolean') out[d.name] = String(value) === 'true';
		else out[d.name] = String(value);
	}
	return out;
}
