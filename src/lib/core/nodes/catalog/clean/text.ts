import type { Column } from '../../../frame/types';
import { pickColumns, replaceColumns } from '../../columns';
import { expectDataset, withFrame } from '../../dataset';
import { defineNode } from '../../define';
import { p, type ParamValues } from '../../params';
import { port } from '../../ports';
import { factsReport } from '../../reports';
import { relabel } from './labels';

const CASES = ['none', 'lower', 'upper'] as const;

/** One cell's rewrite. Case-folding is locale-independent so every machine agrees. */
export function textCleaner(params: ParamValues): (s: string) => string {
	const trim = params.trim === true;
	const collapse = params.collapse === true;
	const mode = params.case;
	return (s) => {
		let t = trim ? s.trim() : s;
		if (collapse) t = t.replace(/\s+/g, ' ');
		return mode === 'lower' ? t.toLowerCase() : mode === 'upper' ? t.toUpperCase() : t;
	};
}

export default defineNode({
	type: 'clean.text',
	version: 1,
	category: 'clean',
	title: 'Clean text',
	description:
		'Trim surrounding whitespace, collapse runs of inner whitespace to one space and change case in text and category columns. Category labels that become equal (" Paris" and "paris") merge into one category.',
	inputs: { data: port.dataset('data') },
	outputs: { data: port.dataset('data'), report: port.report('report') },
	params: {
		columns: p.columns({ kinds: ['text', 'category'], label: 'Columns', help: 'Empty: every text and category column except the target' }),
		trim: p.boolean({ default: true, label: 'Trim', help: 'Remove spaces, tabs and line breaks at the start and end' }),
		collapse: p.boolean({ default: true, label: 'Collapse spaces', help: 'Replace each run of whitespace inside a value by one space' }),
		case: p.choice(CASES, { default: 'none', label: 'Case', help: 'lower or upper case every letter; none keeps it as it is' })
	},
	// Cleans values in place; the columns stay.
	schema: 'same',
	replayable: true,
	run: (inputs, params) => {
		const data = expectDataset(inputs.data);
		const clean = textCleaner(params);
		const replacements = new Map<string, Column[]>();
		const facts: { label: string; value: number }[] = [];
		for (const col of pickColumns(data, params.columns, ['text', 'category'])) {
			if (col.kind === 'text') {
				let changed = 0;
				const values = col.values.map((s) => {
					if (s === null) return null;
					const t = clean(s);
					if (t !== s) changed++;
					return t;
				});
				replacements.set(col.name, [{ ...col, values }]);
				facts.push({ label: `${col.name}: values changed`, value: changed });
			} else if (col.kind === 'category') {
				const out = relabel(col, clean);
				replacements.set(col.name, [out]);
				facts.push({ label: `${col.name}: categories merged`, value: col.dictionary.length - out.dictionary.length });
			}
		}
		return {
			data: withFrame(data, replaceColumns(data.frame, replacements)),
			report: factsReport('Clean text', facts)
		};
	}
});
