/**
 * Date parts in graph arithmetic: the civil date of a day count by Howard Hinnant's
 * `civil_from_days` (exact for every proleptic Gregorian date), all in double so epoch
 * milliseconds stay exact; the parts stay double, as every number column (integers, so exactly
 * Tessera's). The cyclical sin/cos go through the runtime's Sin/Cos, which may differ from V8's
 * Math.sin in the last bit.
 */
import { OnnxExportError, type GraphBuilder } from '../ir';
import { cast, f64, op, where } from '../ops';
import { columnOf, lazy, once, withColumns, type GraphColumn, type StepConverter } from './env';

const DAY_MS = 86_400_000;

const PARTS = ['year', 'quarter', 'month', 'day', 'weekday', 'hour', 'dayOfYear', 'isWeekend'] as const;
type Part = (typeof PARTS)[number];
const SUFFIX: Record<Part, string> = {
	year: 'year',
	quarter: 'quarter',
	month: 'month',
	day: 'day',
	weekday: 'weekday',
	hour: 'hour',
	dayOfYear: 'dayofyear',
	isWeekend: 'is_weekend'
};

/** The parts of one double epoch-ms tensor, each a double tensor (NaN rows stay NaN throughout). */
function partTensors(g: GraphBuilder, ms: string): Record<Part | 'daysInYear', string> {
	const c = (v: number) => f64(g, 'c', [v], []);
	const add = (a: string, b: string) => op(g, 'Add', [a, b]);
	const sub = (a: string, b: string) => op(g, 'Sub', [a, b]);
	const mul = (a: string, v: number) => op(g, 'Mul', [a, c(v)]);
	const fdiv = (a: string, v: number) => op(g, 'Floor', [op(g, 'Div', [a, c(v)])]);
	const mod = (a: string, v: number) => sub(a, mul(fdiv(a, v), v));
	const days = fdiv(ms, DAY_MS);
	const hour = fdiv(sub(ms, mul(days, DAY_MS)), 3_600_000);
	// 1970-01-01 was a Thursday: Monday = 0 makes it 3.
	const weekday = mod(add(days, c(3)), 7);
	const z = add(days, c(719_468));
	const era = fdiv(z, 146_097);
	const doe = sub(z, mul(era, 146_097));
	const yoe = fdiv(add(sub(doe, fdiv(doe, 1460)), sub(fdiv(doe, 36_524), fdiv(doe, 146_096))), 365);
	const doy = sub(doe, sub(add(mul(yoe, 365), fdiv(yoe, 4)), fdiv(yoe, 100)));
	const mp = fdiv(add(mul(doy, 5), c(2)), 153);
	const day = add(sub(doy, fdiv(add(mul(mp, 153), c(2)), 5)), c(1));
	const march = op(g, 'Less', [mp, c(10)]);
	const month = where(g, march, add(mp, c(3)), sub(mp, c(9)));
	const year = add(add(yoe, mul(era, 400)), cast(g, op(g, 'LessOrEqual', [month, c(2)]), 'double'));
	// Days from 1970-01-01 to 1 January of `year` (days_from_civil with m = 1, d = 1).
	const y1 = sub(year, c(1));
	const era1 = fdiv(y1, 400);
	const yoe1 = sub(y1, mul(era1, 400));
	const doe1 = add(sub(add(mul(yoe1, 365), fdiv(yoe1, 4)), fdiv(yoe1, 100)), c(306));
	const startOfYear = sub(add(mul(era1, 146_097), doe1), c(719_468));
	const dayOfYear = add(sub(days, startOfYear), c(1));
	const isZero = (a: string) => op(g, 'Equal', [a, c(0)]);
	const leap = op(g, 'Or', [op(g, 'And', [isZero(mod(year, 4)), op(g, 'Not', [isZero(mod(year, 100))])]), isZero(mod(year, 400))]);
	const daysInYear = where(g, leap, c(366), c(365));
	const quarter = add(fdiv(sub(month, c(1)), 3), c(1));
	const isWeekend = where(g, op(g, 'IsNaN', [weekday]), weekday, cast(g, op(g, 'GreaterOrEqual', [weekday, c(5)]), 'double'));
	return { year, quarter, month, day, weekday, hour, dayOfYear, isWeekend, daysInYear };
}

/** Position in each cycle, in [0, 1), as the step's CYCLES. */
function phase(g: GraphBuilder, part: Part, t: Record<Part | 'daysInYear', string>): string {
	const c = (v: number) => f64(g, 'c', [v], []);
	if (part === 'month') return op(g, 'Div', [op(g, 'Sub', [t.month, c(1)]), c(12)]);
	if (part === 'weekday') return op(g, 'Div', [t.weekday, c(7)]);
	if (part === 'hour') return op(g, 'Div', [t.hour, c(24)]);
	return op(g, 'Div', [op(g, 'Sub', [t.dayOfYear, c(1)]), t.daysInYear]);
}

export const dateParts: StepConverter = (env, step, title) => {
	const name = String(step.params.column ?? '');
	const col = columnOf(env, name, title);
	if (col.kind !== 'date') throw new OnnxExportError(title, `column "${name}" is ${col.kind} here; date parts need a date column`);
	const g = env.g;
	const tensors = once(() => partTensors(g, col.tensor()));
	const chosen = PARTS.filter((p) => step.params[p] === true);
	const out: [string, GraphColumn][] = chosen.map((p) => [`${name}_${SUFFIX[p]}`, { kind: 'number', tensor: lazy(() => tensors()[p]) }]);
	if (step.params.cyclical === true) {
		for (const p of ['month', 'weekday', 'hour', 'dayOfYear'] as const) {
			if (!chosen.includes(p)) continue;
			const angle = lazy(() => op(g, 'Mul', [phase(g, p, tensors()), f64(g, 'two_pi', [2 * Math.PI], [])]));
			out.push([`${name}_${SUFFIX[p]}_sin`, { kind: 'number', tensor: lazy(() => op(g, 'Sin', [angle()])) }]);
			out.push([`${name}_${SUFFIX[p]}_cos`, { kind: 'number', tensor: lazy(() => op(g, 'Cos', [angle()])) }]);
		}
	}
	withColumns(env, out);
	if (step.params.dropOriginal === true) env.columns.delete(name);
};
