import { requireColumn } from '../../columns';
import { expectDataset } from '../../dataset';
import { defineNode } from '../../define';
import { p } from '../../params';
import { port } from '../../ports';
import { imageShapeOf, type ImageShape } from '../../../frame/images';
import type { Frame, NumberColumn } from '../../../frame/types';

export interface ClassCount {
	readonly label: string;
	/** The class's position in the column's dictionary, so views colour it as the scatter plot does. */
	readonly index: number;
	readonly count: number;
	/** Share of the rows with a class (missing rows left out). */
	readonly share: number;
}

/** The body of the class-balance report; the studio's ClassBalanceView draws it. */
export interface ClassBalanceReport {
	readonly type: 'class-balance';
	readonly column: string;
	/** Largest class first. */
	readonly classes: ClassCount[];
	readonly missing: number;
	/** Smallest class count ÷ largest class count. */
	readonly ratio: number;
	readonly imbalanced: boolean;
	readonly message: string;
	/** When the rows are images (px_ columns): a few per class, pixel values as 0–255 bytes in reading order. */
	readonly examples?: ClassExamples;
}

export interface ClassExamples {
	readonly shape: ImageShape;
	/** Class label → up to `EXAMPLES_PER_CLASS` images, the first rows of that class. */
	readonly byClass: Readonly<Record<string, readonly (readonly number[])[]>>;
}

const EXAMPLES_PER_CLASS = 4;
/** Examples are kept in the report (and stored with results): only for small images, for a few classes. */
const MAX_EXAMPLE_VALUES = 64 * 64;
const MAX_EXAMPLE_CLASSES = 24;

function examplesOf(frame: Frame, codes: Int32Array, labels: readonly string[], classes: readonly ClassCount[]): ClassExamples | undefined {
	let shape;
	try {
		shape = imageShapeOf(frame);
	} catch {
		return undefined;
	}
	if (!shape || shape.columns.length > MAX_EXAMPLE_VALUES) return undefined;
	const columns = shape.columns.map((name) => (requireColumn(frame, name) as NumberColumn).values);
	const wanted = new Set(classes.slice(0, MAX_EXAMPLE_CLASSES).map((c) => c.index));
	const byClass: Record<string, number[][]> = {};
	for (let row = 0; row < codes.length; row++) {
		const code = codes[row];
		if (!wanted.has(code)) continue;
		const list = (byClass[labels[code]] ??= []);
		if (list.length >= EXAMPLES_PER_CLASS) continue;
		list.push(columns.map((values) => Math.round(Math.min(1, Math.max(0, values[row])) * 255)));
	}
	return { shape: { height: shape.height, width: shape.width, channels: shape.channels }, byClass };
}

export default defineNode({
	type: 'explore.class-balance',
	version: 1,
	category: 'explore',
	title: 'Class balance',
	description:
		'Counts and shares of each class of a category or true/false column (by default the target), and a warning when the smallest class is much rarer than the largest.',
	inputs: { data: port.dataset('data') },
	outputs: { balance: port.report('class balance') },
	params: {
		column: p.column({
			kinds: ['category', 'boolean'],
			label: 'Column',
			help: "Category or true/false column to count. Empty: the dataset's target (set by Split)."
		}),
		threshold: p.number({
			default: 0.1,
			min: 0,
			max: 1,
			step: 0.01,
			label: 'Imbalanced below',
			help: 'Flag the column when its smallest class has fewer rows than this share of its largest class.'
		})
	},
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const name = params.column || data.target;
		if (!name) throw new Error('Class balance needs a column: choose one, or connect it after a Split that sets the target');
		const col = requireColumn(data.frame, name);
		if (col.kind !== 'category' && col.kind !== 'boolean')
			throw new Error(`column "${name}" is ${col.kind}; class balance needs a category or true/false column (convert it first)`);
		const labels = col.kind === 'boolean' ? ['false', 'true'] : col.dictionary;
		const counts = new Array<number>(labels.length).fill(0);
		let missing = 0;
		for (const code of col.codes) {
			if (code < 0) missing++;
			else counts[code]++;
		}
		const present = data.frame.rowCount - missing;
		const classes = labels
			.map((label, i) => ({ label, index: i, count: counts[i], share: present > 0 ? counts[i] / present : 0 }))
			.filter((c) => c.count > 0)
			.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
		const largest = classes[0];
		const smallest = classes[classes.length - 1];
		const ratio = largest ? smallest.count / largest.count : 1;
		const threshold = params.threshold;
		const imbalanced = classes.length > 1 && ratio < threshold;
		const message =
			classes.length === 0
				? `"${name}" has no values.`
				: classes.length === 1
					? `"${name}" has a single class ("${largest.label}"); a classifier needs at least two.`
					: imbalanced
						? `Imbalanced: "${smallest.label}" has ${rowsText(smallest.count)}, ${pct(ratio)} of "${largest.label}" (${largest.count}). Consider a stratified split, class weights, or resampling the training rows.`
						: `Balanced enough: the smallest class ("${smallest.label}") has ${pct(ratio)} of the largest's rows.`;
		const examples = examplesOf(data.frame, col.codes, labels, classes);
		const report: ClassBalanceReport = {
			type: 'class-balance',
			column: name,
			classes,
			missing,
			ratio,
			imbalanced,
			message,
			...(examples ? { examples } : {})
		};
		return { balance: { kind: 'report', report } };
	}
});

function rowsText(n: number): string {
	return `${n} row${n === 1 ? '' : 's'}`;
}

function pct(x: number): string {
	return `${(x * 100).toFixed(1)}%`;
}
