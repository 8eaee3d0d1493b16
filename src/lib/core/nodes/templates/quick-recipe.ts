/**
 * What Quick model does with each column of a table, decided before anything runs and
 * said in words: the dialog lists it, `tessera train` prints it, and the nodes it builds
 * carry it in their labels. Pure: the frame in, a plain (cloneable) plan out.
 */
import { qualityWarnings } from '../../analysis/quality';
import { imageShapeOf } from '../../frame/images';
import type { Column, ColumnKind, Frame } from '../../frame/types';
import { quickModelFamilies } from '../families';
import type { Task } from '../ports';
import { inferTask } from '../task-inference';

/** More levels than this and a category is frequency-encoded rather than one-hot encoded (a column per level). */
export const MAX_ONE_HOT_LEVELS = 20;
/** The family that reads a text column's words in order (Text to sequence → Text classifier network). */
export const TEXT_NETWORK = 'text-nn';

/** Words a free-text column's TF-IDF keeps (the Text features node's default). */
export const TEXT_FEATURES = 100;
/** Names that mark an identifier whatever its values: id, ID, user_id, customerId, uuid, key… */
function namedLikeId(name: string): boolean {
	// camelCase (customerId, userID) is matched case-sensitively, so "paid" or "valid" are not ids.
	return /^(id|uuid|guid|key|index|row_?num(ber)?)$|[_\s-]id$|^id[_\s-]/i.test(name) || /[a-z](Id|ID)$/.test(name);
}

/** Why a column is left out of the model. */
export type LeftOut = 'id-like' | 'constant' | 'near-constant' | 'leakage' | 'empty';

/** What the recipe does with one column. */
export type ColumnUse =
	/** Goes to the model as it is (numbers, booleans) or one-hot encoded (a category with few levels). */
	| { readonly kind: 'feature' }
	| { readonly kind: 'date-parts' }
	| { readonly kind: 'frequency'; readonly levels: number }
	| { readonly kind: 'text-features' }
	| { readonly kind: 'left-out'; readonly why: LeftOut };

export interface ColumnPlan {
	readonly column: string;
	readonly columnKind: ColumnKind;
	readonly use: ColumnUse;
	/** What happens and why, e.g. "85 levels → frequency encoding (one-hot would make 85 columns)". */
	readonly note: string;
}

/** A table of columns, free text to classify, or images (px_ columns). */
export type DataShape = 'table' | 'text' | 'image';

export interface QuickRecipe {
	readonly target: string;
	readonly task: Task;
	/** Why this task: inferTask's reason ("inferred: …" when the caller chose another task). */
	readonly taskReason: string;
	readonly taskInferred: boolean;
	readonly shape: DataShape;
	/** Every column but the target, in frame order (pixel columns of an image dataset are summarised in `notes`). */
	readonly columns: readonly ColumnPlan[];
	/** The families that can learn this data and task, best first; the first is what 'auto' picks. */
	readonly families: readonly string[];
	/** Lines for a person: the shape of the data and what the recipe does about it. */
	readonly notes: readonly string[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function presentLevels(col: Extract<Column, { kind: 'category' }>): number {
	const seen = new Uint8Array(col.dictionary.length);
	let n = 0;
	for (const c of col.codes) if (c >= 0 && !seen[c]) n += seen[c] = 1;
	return n;
}

/** Free text rather than a label: most present values hold more than one word. */
function isFreeText(col: Extract<Column, { kind: 'text' }>): boolean {
	let present = 0,
		multiWord = 0;
	for (const v of col.values) {
		if (v === null || v === '') continue;
		present++;
		if (/\S\s+\S/.test(v)) multiWord++;
	}
	return present > 0 && multiWord * 2 >= present;
}

/** Whole numbers, every one distinct. */
function allDistinctIntegers(values: Float64Array): boolean {
	const seen = new Set<number>();
	for (const v of values) {
		if (Number.isNaN(v)) continue;
		if (!Number.isInteger(v) || seen.has(v)) return false;
		seen.add(v);
	}
	return seen.size > 1;
}

/**
 * A row number: distinct whole numbers with no gaps (1, 2, 3…, in any order). Amounts in
 * whole units (dollars, grams) are often all distinct too, so distinctness alone does not
 * make a number an identifier.
 */
function isRowNumber(values: Float64Array): boolean {
	if (!allDistinctIntegers(values)) return false;
	let min = Infinity,
		max = -Infinity,
		n = 0;
	for (const v of values) {
		if (Number.isNaN(v)) continue;
		n++;
		if (v < min) min = v;
		if (v > max) max = v;
	}
	return max - min + 1 === n;
}

function planColumn(col: Column, warnings: Map<string, { kind: string; message: string; value: number }[]>, rows: number): ColumnPlan {
	const out = (why: LeftOut, note: string): ColumnPlan => ({
		column: col.name,
		columnKind: col.kind,
		use: { kind: 'left-out', why },
		note: `left out: ${note}`
	});
	const w = warnings.get(col.name) ?? [];
	const has = (kind: string) => w.find((x) => x.kind === kind);
	const leak = has('leakage');
	if (leak)
		return out('leakage', `it predicts the target almost perfectly (score ${leak.value.toFixed(3)}), so it is probably derived from it`);
	const missing = has('missing');
	if (missing && missing.value >= 1) return out('empty', 'every value is missing');
	if (has('constant')) return out('constant', 'a single value, no information');
	const near = has('near-constant');
	if (near) return out('near-constant', `one value in ${pct(near.value)} of rows`);
	if (col.kind === 'date')
		return {
			column: col.name,
			columnKind: col.kind,
			use: { kind: 'date-parts' },
			note: 'a date → year, month, day and weekday (Date parts)'
		};
	if (col.kind === 'text' && isFreeText(col))
		return {
			column: col.name,
			columnKind: col.kind,
			use: { kind: 'text-features' },
			note: `free text → TF-IDF weights of its ${TEXT_FEATURES} most frequent words (Text features)`
		};
	if (namedLikeId(col.name) && (col.kind !== 'number' || allDistinctIntegers(col.values)))
		return out('id-like', 'named like an identifier');
	const idLike = has('id-like');
	if (idLike && (col.kind !== 'number' || isRowNumber(col.values)))
		return out('id-like', `${pct(idLike.value)} of its values are distinct, like an identifier`);
	if (col.kind === 'text') return out('id-like', 'short text labels that are neither categories nor words to count');
	if (col.kind === 'category') {
		const levels = presentLevels(col);
		if (levels > MAX_ONE_HOT_LEVELS)
			return {
				column: col.name,
				columnKind: col.kind,
				use: { kind: 'frequency', levels },
				note: `${levels} levels → frequency encoding (one-hot would add ${levels} columns)`
			};
		return { column: col.name, columnKind: col.kind, use: { kind: 'feature' }, note: `${levels} levels → one-hot` };
	}
	void rows;
	return {
		column: col.name,
		columnKind: col.kind,
		use: { kind: 'feature' },
		note: col.kind === 'number' ? 'a number → as it is' : 'a boolean → as it is'
	};
}

/**
 * The recipe for predicting `target` from `frame`. `task` overrides inferTask. Throws with a
 * clear message when the target is not a column or no task fits it.
 */
export function quickRecipe(frame: Frame, target: string, task?: Task): QuickRecipe {
	const col = frame.columns.find((c) => c.name === target);
	if (!col) throw new Error(`"${target}" is not a column (columns: ${frame.columns.map((c) => c.name).join(', ')})`);
	const inferred = inferTask(col);
	const chosen = task ?? inferred.task;
	if (chosen === 'regression' && col.kind !== 'number')
		throw new Error(`regression needs a number target; "${target}" is a ${col.kind} column`);
	const taskReason = task && task !== inferred.task ? `inferred: ${inferred.reason}` : inferred.reason;
	const tabular = quickModelFamilies(chosen).map((f) => f.name);

	const image = imageShapeOf(frame);
	if (image) {
		const others = frame.columns.filter((c) => c.name !== target && !image.columns.includes(c.name));
		const columns = others.map((c) => ({
			column: c.name,
			columnKind: c.kind,
			use: { kind: 'left-out', why: 'id-like' } as const,
			note: 'left out: not a pixel'
		}));
		const cnn = chosen === 'classification';
		return {
			target,
			task: chosen,
			taskReason,
			taskInferred: !task,
			shape: 'image',
			columns,
			families: cnn ? ['cnn', ...tabular] : tabular,
			notes: [
				`images: ${image.height}×${image.width}, ${image.channels === 1 ? 'grayscale' : 'RGB'} (${image.columns.length} pixel columns)`,
				cnn
					? 'the convolutional network learns from the pixels (other families read them as numbers)'
					: 'every family reads the pixels as numbers'
			]
		};
	}

	const warnings = new Map<string, { kind: string; message: string; value: number }[]>();
	for (const w of qualityWarnings(frame, target)) if (w.column !== null) warnings.set(w.column, [...(warnings.get(w.column) ?? []), w]);
	const columns = frame.columns.filter((c) => c.name !== target).map((c) => planColumn(c, warnings, frame.rowCount));
	const text = columns.some((c) => c.use.kind === 'text-features');
	const other = columns.some((c) => c.use.kind !== 'text-features' && c.use.kind !== 'left-out');
	const shape: DataShape = text && !other && chosen === 'classification' ? 'text' : 'table';
	// Free text is TF-IDF weights (sparse, many): a linear model is the standard first model there.
	// The text network reads one column's words in order (Text to sequence), so it is offered
	// only where there is a single text column to read.
	const texts = columns.filter((c) => c.use.kind === 'text-features');
	const network = shape === 'text' && texts.length === 1 ? [TEXT_NETWORK] : [];
	const families =
		shape === 'text'
			? ['logistic', ...network, ...tabular.filter((f) => f !== 'logistic')]
			: ['gbdt', ...tabular.filter((f) => f !== 'gbdt')];
	const used = columns.filter((c) => c.use.kind !== 'left-out').length;
	return {
		target,
		task: chosen,
		taskReason,
		taskInferred: !task,
		shape,
		columns,
		families: families.filter((f) => tabular.includes(f) || network.includes(f)),
		notes: [
			shape === 'text'
				? `text to classify: TF-IDF weights, then a logistic regression${network.length ? ` (or the text network, reading the words of "${texts[0].column}" in order)` : ''}`
				: `a table: ${used} of ${columns.length} columns used`,
			...columns.filter((c) => c.use.kind !== 'feature').map((c) => `${c.column}: ${c.note}`)
		]
	};
}
