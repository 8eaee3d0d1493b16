/**
 * Opening a lesson file: untrusted JSON (safe-json.ts limits and sanitising), then every
 * field judged, each problem named by its path ("steps[2].check.type: …"). A lesson that
 * names a node type, port or param this app does not have is refused: a learner could
 * never finish it. Unknown fields are refused too, so a typo in a hand-written file is
 * caught rather than silently ignored.
 */
import { isRecord, own, show, type RawRecord } from '../doc/raw';
import { safeJsonParse } from '../doc/safe-json';
import type { NodeTypeLookup } from '../nodes/define';
import type { ParamValue } from '../nodes/params';
import { LESSON_FORMAT, LESSON_VERSION, type Lesson, type LessonAction, type LessonCheck, type LessonStep, type TypedPort } from './types';

export const LESSON_LIMITS = { maxBytes: 256 * 1024, maxDepth: 16, maxSteps: 50, maxText: 4_000, maxTitle: 120, maxActions: 10 } as const;

export type LessonParse = { readonly ok: true; readonly lesson: Lesson } | { readonly ok: false; readonly errors: string[] };

const CHECK_KINDS = ['node-exists', 'edge', 'param', 'node-done', 'metric-at-least', 'note-exists', 'frame-exists', 'all'] as const;
const ACTION_KINDS = ['add-node', 'connect', 'set-param', 'add-note', 'frame-all', 'run'] as const;

class Judge {
	readonly errors: string[] = [];
	constructor(readonly lookup: NodeTypeLookup) {}

	fail(path: string, why: string): null {
		this.errors.push(`${path}: ${why}`);
		return null;
	}

	fields(rec: RawRecord, path: string, allowed: readonly string[]): void {
		for (const k of Object.keys(rec)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, 'unknown field');
	}

	text(rec: RawRecord, key: string, path: string, max: number, optional = false): string | null {
		const v = own(rec, key);
		if (v === undefined && optional) return '';
		if (typeof v !== 'string' || (!optional && v.trim() === '')) return this.fail(`${path}.${key}`, `expected text, got ${show(v)}`);
		if (v.length > max) return this.fail(`${path}.${key}`, `at most ${max} characters, got ${v.length}`);
		return v;
	}

	type(v: unknown, path: string): string | null {
		if (typeof v !== 'string') return this.fail(path, `expected a node type, got ${show(v)}`);
		if (!this.lookup.get(v)) return this.fail(path, `unknown node type ${show(v)}`);
		return v;
	}

	port(v: unknown, path: string, side: 'inputs' | 'outputs'): TypedPort | null {
		if (!isRecord(v)) return this.fail(path, 'expected { type, port }');
		this.fields(v, path, ['type', 'port']);
		const type = this.type(own(v, 'type'), `${path}.type`);
		const port = own(v, 'port');
		if (!type) return null;
		const info = this.lookup.get(type)!;
		if (typeof port !== 'string' || !Object.prototype.hasOwnProperty.call(info[side], port))
			return this.fail(`${path}.port`, `${type} has no ${side === 'inputs' ? 'input' : 'output'} ${show(port)}`);
		return { type, port };
	}

	param(type: string | null, v: unknown, path: string): string | null {
		if (typeof v !== 'string') return this.fail(path, `expected a param name, got ${show(v)}`);
		if (type && !Object.prototype.hasOwnProperty.call(this.lookup.get(type)!.params, v))
			return this.fail(path, `${type} has no param ${show(v)}`);
		return v;
	}

	value(v: unknown, path: string): ParamValue | null | undefined {
		const ok =
			v === null ||
			typeof v === 'string' ||
			typeof v === 'boolean' ||
			(typeof v === 'number' && Number.isFinite(v)) ||
			(Array.isArray(v) && v.every((s) => typeof s === 'string'));
		if (!ok) {
			this.fail(path, `expected a param value (text, number, true/false, a list of text or null), got ${show(v)}`);
			return undefined;
		}
		return Array.isArray(v) ? [...(v as string[])] : (v as ParamValue);
	}

	check(v: unknown, path: string, depth = 0): LessonCheck | null {
		if (!isRecord(v)) return this.fail(path, 'expected a check object');
		const kind = own(v, 'kind');
		const at = (k: string) => own(v, k);
		switch (kind) {
			case 'node-exists':
			case 'node-done': {
				this.fields(v, path, ['kind', 'type']);
				const type = this.type(at('type'), `${path}.type`);
				return type ? { kind, type } : null;
			}
			case 'edge': {
				this.fields(v, path, ['kind', 'from', 'to']);
				const from = this.port(at('from'), `${path}.from`, 'outputs');
				const to = this.port(at('to'), `${path}.to`, 'inputs');
				return from && to ? { kind, from, to } : null;
			}
			case 'param': {
				this.fields(v, path, ['kind', 'type', 'param', 'equals']);
				const type = this.type(at('type'), `${path}.type`);
				const param = this.param(type, at('param'), `${path}.param`);
				const equals = this.value(at('equals'), `${path}.equals`);
				return type && param && equals !== undefined ? { kind, type, param, equals } : null;
			}
			case 'metric-at-least': {
				this.fields(v, path, ['kind', 'type', 'metric', 'value']);
				const type = this.type(at('type'), `${path}.type`);
				const metric = at('metric');
				const value = at('value');
				if (typeof metric !== 'string' || !metric) this.fail(`${path}.metric`, `expected a metric name, got ${show(metric)}`);
				if (typeof value !== 'number' || !Number.isFinite(value)) this.fail(`${path}.value`, `expected a number, got ${show(value)}`);
				return type && typeof metric === 'string' && metric && typeof value === 'number' && Number.isFinite(value)
					? { kind, type, metric, value }
					: null;
			}
			case 'note-exists':
			case 'frame-exists':
				this.fields(v, path, ['kind']);
				return { kind };
			case 'all': {
				this.fields(v, path, ['kind', 'checks']);
				const list = at('checks');
				if (depth > 2) return this.fail(path, '"all" checks nest at most three deep');
				if (!Array.isArray(list) || list.length === 0 || list.length > 10)
					return this.fail(`${path}.checks`, 'expected a list of 1 to 10 checks');
				const checks = list.map((c, i) => this.check(c, `${path}.checks[${i}]`, depth + 1));
				return checks.every((c): c is LessonCheck => c !== null) ? { kind, checks } : null;
			}
			default:
				return this.fail(`${path}.kind`, `expected one of ${CHECK_KINDS.join(', ')}, got ${show(kind)}`);
		}
	}

	action(v: unknown, path: string): LessonAction | null {
		if (!isRecord(v)) return this.fail(path, 'expected an action object');
		const kind = own(v, 'kind');
		const at = (k: string) => own(v, k);
		switch (kind) {
			case 'add-node': {
				this.fields(v, path, ['kind', 'type', 'params', 'after']);
				const type = this.type(at('type'), `${path}.type`);
				const rawParams = at('params') ?? {};
				const after = at('after');
				if (after !== undefined) this.type(after, `${path}.after`);
				if (!isRecord(rawParams)) return this.fail(`${path}.params`, 'expected an object of param values');
				const params: Record<string, ParamValue> = {};
				for (const [k, raw] of Object.entries(rawParams)) {
					const name = this.param(type, k, `${path}.params`);
					const value = this.value(raw, `${path}.params.${k}`);
					if (name && value !== undefined) params[name] = value;
				}
				if (!type) return null;
				return { kind, type, params, ...(typeof after === 'string' ? { after } : {}) };
			}
			case 'connect': {
				this.fields(v, path, ['kind', 'from', 'to']);
				const from = this.port(at('from'), `${path}.from`, 'outputs');
				const to = this.port(at('to'), `${path}.to`, 'inputs');
				return from && to ? { kind, from, to } : null;
			}
			case 'set-param': {
				this.fields(v, path, ['kind', 'type', 'param', 'value']);
				const type = this.type(at('type'), `${path}.type`);
				const param = this.param(type, at('param'), `${path}.param`);
				const value = this.value(at('value'), `${path}.value`);
				return type && param && value !== undefined ? { kind, type, param, value } : null;
			}
			case 'add-note': {
				this.fields(v, path, ['kind', 'text', 'near']);
				const text = this.text(v, 'text', path, LESSON_LIMITS.maxText);
				const near = at('near');
				if (near !== undefined) this.type(near, `${path}.near`);
				return text === null ? null : { kind, text, ...(typeof near === 'string' ? { near } : {}) };
			}
			case 'frame-all': {
				this.fields(v, path, ['kind', 'title']);
				const title = this.text(v, 'title', path, LESSON_LIMITS.maxTitle);
				return title === null ? null : { kind, title };
			}
			case 'run':
				this.fields(v, path, ['kind']);
				return { kind };
			default:
				return this.fail(`${path}.kind`, `expected one of ${ACTION_KINDS.join(', ')}, got ${show(kind)}`);
		}
	}

	step(v: unknown, path: string): LessonStep | null {
		if (!isRecord(v)) return this.fail(path, 'expected a step object');
		this.fields(v, path, ['title', 'text', 'hint', 'check', 'show']);
		const title = this.text(v, 'title', path, LESSON_LIMITS.maxTitle);
		const text = this.text(v, 'text', path, LESSON_LIMITS.maxText);
		const hint = this.text(v, 'hint', path, LESSON_LIMITS.maxText, true);
		const check = this.check(own(v, 'check'), `${path}.check`);
		const list = own(v, 'show') ?? [];
		if (!Array.isArray(list) || list.length > LESSON_LIMITS.maxActions)
			return this.fail(`${path}.show`, `expected a list of at most ${LESSON_LIMITS.maxActions} actions`);
		const show_ = list.map((a, i) => this.action(a, `${path}.show[${i}]`));
		if (title === null || text === null || hint === null || !check || !show_.every((a): a is LessonAction => a !== null)) return null;
		return { title, text, hint, check, show: show_ };
	}
}

export function parseLesson(text: string, lookup: NodeTypeLookup): LessonParse {
	const parsed = safeJsonParse(text, { maxBytes: LESSON_LIMITS.maxBytes, maxDepth: LESSON_LIMITS.maxDepth });
	if (!parsed.ok) return parsed;
	const raw = parsed.value;
	if (!isRecord(raw) || own(raw, 'format') !== LESSON_FORMAT)
		return { ok: false, errors: [`this is not a Tessera lesson file (expected "format": "${LESSON_FORMAT}")`] };
	const version = own(raw, 'version');
	if (version !== LESSON_VERSION)
		return {
			ok: false,
			errors: [
				typeof version === 'number' && version > LESSON_VERSION
					? `made by a newer version of Tessera (lesson format ${version}; this app reads ${LESSON_VERSION})`
					: `version: expected ${LESSON_VERSION}, got ${show(version)}`
			]
		};
	const j = new Judge(lookup);
	j.fields(raw, 'lesson', ['format', 'version', 'id', 'title', 'summary', 'steps']);
	const id = own(raw, 'id');
	if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(id))
		j.fail('id', `expected a short lowercase id (letters, digits, dashes), got ${show(id)}`);
	const title = j.text(raw, 'title', 'lesson', LESSON_LIMITS.maxTitle);
	const summary = j.text(raw, 'summary', 'lesson', LESSON_LIMITS.maxText);
	const list = own(raw, 'steps');
	let steps: (LessonStep | null)[] = [];
	if (!Array.isArray(list) || list.length === 0 || list.length > LESSON_LIMITS.maxSteps)
		j.fail('steps', `expected a list of 1 to ${LESSON_LIMITS.maxSteps} steps, got ${show(list)}`);
	else steps = list.map((s, i) => j.step(s, `steps[${i}]`));
	if (j.errors.length > 0 || title === null || summary === null) return { ok: false, errors: j.errors };
	return {
		ok: true,
		lesson: { format: LESSON_FORMAT, version: LESSON_VERSION, id: id as string, title, summary, steps: steps as LessonStep[] }
	};
}
