// The CLI's lists of choices are the node schemas' and the readers' own: the flags accept,
// and the help and usage lines name, exactly what the studio offers.
import { describe, expect, it } from 'vitest';
import { DECIMAL_CHOICES } from '../lib/core/frame/decimal';
import { builtinNodes } from '../lib/core/nodes/catalog';
import { createRegistry } from '../lib/core/nodes/registry';
import { ENCODING_CHOICES } from '../lib/core/readers/encoding';
import { schemaChoices, UsageError } from './args';
import { cvCommand } from './commands/cv';
import { tuneCommand } from './commands/tune';
import { main } from './main';

const registry = createRegistry(builtinNodes);

/** The `a|b|c` list written after `--flag` in a help or usage text. */
const listed = (text: string, flag: string) => text.match(new RegExp(`--${flag} ([^\\s\\]]+)`))?.[1].split('|');

async function help(): Promise<string> {
	let out = '';
	await main(
		['help'],
		(s) => (out += s),
		() => {}
	);
	return out;
}

async function usageOf(command: typeof cvCommand): Promise<string> {
	const e = await command([], registry).then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(UsageError);
	return (e as Error).message;
}

describe('CLI choices', () => {
	it('reads a choice param from the node schema, and refuses a param that is no choice', () => {
		expect(schemaChoices(registry, 'evaluate.cross-validate', 'scheme')).toContain('stratified');
		expect(() => schemaChoices(registry, 'evaluate.cross-validate', 'folds')).toThrow(/no choice param/);
	});

	it('help and usage name the schema lists', async () => {
		const text = await help();
		const schemes = schemaChoices(registry, 'evaluate.cross-validate', 'scheme');
		const strategies = schemaChoices(registry, 'evaluate.tune', 'strategy');
		const metrics = schemaChoices(registry, 'evaluate.tune', 'metric');
		expect(listed(text, 'scheme')).toEqual([...schemes]);
		expect(listed(text, 'strategy')).toEqual([...strategies]);
		expect(listed(text, 'metric')).toEqual([...metrics]);
		expect(listed(text, 'decimal')).toEqual([...DECIMAL_CHOICES]);
		expect([...listed(text, 'encoding')!].sort()).toEqual([...ENCODING_CHOICES].sort());
		const cv = await usageOf(cvCommand);
		expect(listed(cv, 'scheme')).toEqual([...schemes]);
		const tune = await usageOf(tuneCommand);
		expect(listed(tune, 'strategy')).toEqual([...strategies]);
		expect(listed(tune, 'metric')).toEqual([...metrics]);
	});
});
