import { formatDate, formatNumber } from '../../lib/core/frame/display';
import { correlationMatrix, limitPairwise, pairwiseNote } from '../../lib/core/stats/correlation';
import { profileFrame } from '../../lib/core/analysis/profile';
import { qualityWarnings } from '../../lib/core/analysis/quality';
import { parseArgs, stringFlag, UsageError } from '../args';
import { optionsOf } from '../command-specs';
import { loadCsvFile } from '../files';
import { table } from '../format';
import type { CommandOutput } from './types';

export async function profileCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, optionsOf('profile'));
	const [file, ...extra] = args.positional;
	if (!file || extra.length) throw new UsageError('usage: tessera profile <file.csv> [--target <column>] [--json]');
	const loaded = await loadCsvFile(file);
	const target = stringFlag(args, 'target') ?? null;
	if (target !== null && !loaded.frame.columns.some((c) => c.name === target))
		throw new UsageError(`--target "${target}" is not a column of ${file}`);
	const profile = profileFrame(loaded.frame);
	// A wide table (thousands of columns) profiles every column; its pairwise part is capped, with a note.
	const numbers = loaded.frame.columns.filter((c) => c.kind === 'number').map((c) => c.name);
	const { kept, omitted } = limitPairwise(numbers);
	const corr = correlationMatrix(loaded.frame, kept);
	const correlations = {
		method: 'pearson',
		columns: corr.columns,
		// JSON has no NaN: an undefined correlation (a constant column) is null.
		values: Array.from(corr.values, (v) => (Number.isNaN(v) ? null : v)),
		...(omitted ? { omitted, note: pairwiseNote(kept.length, omitted) } : {})
	};
	const warnings = qualityWarnings(loaded.frame, target);
	const json = { command: 'profile', file, hash: loaded.hash, ...profile, correlations, warnings };
	const num = (x: number | undefined, kind?: string) => (x === undefined ? '' : kind === 'date' ? formatDate(x) : formatNumber(x));
	const text = [
		`${file}: ${profile.rows} rows × ${profile.columns} columns, ${profile.missingCells} missing cells`,
		'',
		table(
			['column', 'kind', 'count', 'missing', 'distinct', 'mean', 'std', 'min', 'median', 'max', 'top'],
			profile.profiles.map((c) => [
				c.name,
				c.kind,
				String(c.count),
				String(c.missing),
				String(c.distinct),
				num(c.mean, c.kind),
				c.kind === 'date' ? '' : num(c.std),
				num(c.min, c.kind),
				num(c.median, c.kind),
				num(c.max, c.kind),
				(c.top ?? [])
					.slice(0, 3)
					.map((t) => `${t.value} (${t.count})`)
					.join(', ')
			])
		),
		...(correlations.note ? ['', `Note: ${correlations.note}`] : []),
		...(warnings.length ? ['', 'Warnings:', ...warnings.map((w) => `  ${w.column ? `${w.column}: ` : ''}${w.message}`)] : [])
	].join('\n');
	return { json, text, exitCode: 0 };
}
