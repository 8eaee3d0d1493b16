import { formatDate, formatNumber } from '../../lib/core/frame/display';
import { profileFrame } from '../../lib/core/frame/profile';
import { parseArgs, UsageError } from '../args';
import { loadCsvFile } from '../files';
import { table } from '../format';
import type { CommandOutput } from './types';

export async function profileCommand(argv: readonly string[]): Promise<CommandOutput> {
	const args = parseArgs(argv, { json: 'switch' });
	const [file, ...extra] = args.positional;
	if (!file || extra.length) throw new UsageError('usage: tessera profile <file.csv> [--json]');
	const loaded = await loadCsvFile(file);
	const profile = profileFrame(loaded.frame);
	const json = { command: 'profile', file, hash: loaded.hash, ...profile };
	const num = (x: number | undefined, kind?: string) => (x === undefined ? '' : kind === 'date' ? formatDate(x) : formatNumber(x));
	const text = [
		`${file}: ${profile.rows} rows × ${profile.columns} columns, ${profile.missingCells} missing cells`,
		'',
		table(
			['column', 'kind', 'count', 'missing', 'distinct', 'mean', 'std', 'min', 'median', 'max', 'top'],
			profile.profiles.map((c) => [
				c.name, c.kind, String(c.count), String(c.missing), String(c.distinct),
				num(c.mean, c.kind), c.kind === 'date' ? '' : num(c.std), num(c.min, c.kind), num(c.median, c.kind), num(c.max, c.kind),
				(c.top ?? []).slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ')
			])
		)
	].join('\n');
	return { json, text, exitCode: 0 };
}
