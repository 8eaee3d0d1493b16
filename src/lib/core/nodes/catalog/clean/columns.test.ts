import { describe, expect, it } from 'vitest';
import { getColumn } from '../../../frame/frame';
import type { DatasetValue } from '../../ports';
import { registry, sampleDataset, testContext } from '../../test-kit';
import columns, { parseRenames } from './columns';

const ctx = testContext();

async function run(input: DatasetValue, params: Record<string, unknown>): Promise<DatasetValue> {
	const out = await columns.run!({ data: input }, { keep: [], drop: [], rename: '', ...params } as never, ctx);
	return out.data as DatasetValue;
}
const names = (d: DatasetValue) => d.frame.columns.map((c) => c.name);

describe('clean.columns', () => {
	const penguins = sampleDataset('penguins');

	it('is in the catalog', () => {
		expect(registry.get('clean.columns')).toBe(columns);
	});

	it('keeps the listed columns in the order given, then drops, sharing the column buffers', async () => {
		const out = await run(penguins, { keep: ['Sex', 'Species', 'Island'], drop: ['Island'] });
		expect(names(out)).toEqual(['Sex', 'Species']);
		expect(getColumn(out.frame, 'Sex')).toBe(getColumn(penguins.frame, 'Sex'));
		expect(out.frame.rowCount).toBe(344);
		expect(names(await run(penguins, { drop: ['Beak Length (mm)', 'Beak Depth (mm)'] }))).toEqual([
			'Species',
			'Island',
			'Flipper Length (mm)',
			'Body Mass (g)',
			'Sex'
		]);
		expect(names(await run(penguins, {}))).toEqual(names(penguins));
	});

	it('renames (simultaneously, so a swap works) and the target follows its rename', async () => {
		const withTarget = { ...penguins, target: 'Species' };
		const out = await run(withTarget, { rename: 'Species => species;\n Island=>island ; ', keep: ['Species', 'Island'] });
		expect(names(out)).toEqual(['species', 'island']);
		expect(out.target).toBe('species');
		const swapped = await run(withTarget, { keep: ['Species', 'Island'], rename: 'Species => Island; Island => Species' });
		expect(names(swapped)).toEqual(['Island', 'Species']);
		expect(swapped.target).toBe('Island');
		expect(getColumn(swapped.frame, 'Species')).toEqual({ ...getColumn(penguins.frame, 'Island'), name: 'Species' });
	});

	it('parses renames safely', () => {
		expect(parseRenames('a b => c=d; x=>y\n\n')).toEqual([
			['a b', 'c=d'],
			['x', 'y']
		]);
		expect(() => parseRenames('a -> b')).toThrow(/needs the form "old name => new name"/);
		expect(() => parseRenames('a => b => c')).toThrow(/needs the form/);
		expect(() => parseRenames(' => b')).toThrow(/a name on both sides/);
	});

	it('names unknown columns, duplicate targets and a removed target', async () => {
		await expect(run(penguins, { keep: ['Species', 'Nope'] })).rejects.toThrow(/keep lists "Nope": no such column/);
		await expect(run(penguins, { drop: ['Gone'] })).rejects.toThrow(/drop lists "Gone"/);
		await expect(run(penguins, { rename: 'Ghost => g' })).rejects.toThrow(/rename names "Ghost"/);
		await expect(run(penguins, { rename: 'Sex => S; Island => S' })).rejects.toThrow(/more than one column is called "S"/);
		await expect(run(penguins, { rename: 'Sex => Island' })).rejects.toThrow(/more than one column is called "Island"/);
		await expect(run(penguins, { rename: 'Sex => a; Sex => b' })).rejects.toThrow(/"Sex" more than one new name/);
		await expect(run(penguins, { keep: ['Sex', 'Sex'] })).rejects.toThrow(/keep lists "Sex" more than once/);
		await expect(run({ ...penguins, target: 'Species' }, { drop: ['Species'] })).rejects.toThrow(
			/target column "Species" would be removed/
		);
		// Renaming onto a column that is dropped is fine.
		expect(names(await run(penguins, { keep: ['Sex', 'Island'], drop: ['Island'], rename: 'Sex => Island' }))).toEqual(['Island']);
	});

	it('keeps roles and works on an empty dataset', async () => {
		const roles = new Uint8Array(344).fill(1);
		const out = await run({ ...penguins, roles }, { keep: ['Sex'] });
		expect(out.roles).toBe(roles);
		const empty = { ...penguins, frame: { columns: [], rowCount: 0 } };
		expect((await run(empty, {})).frame.columns).toEqual([]);
	});
});
