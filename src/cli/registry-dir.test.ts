import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerVersion, RegistryIndexError } from '../lib/core/lifecycle/registry-index';
import { readRegistryIndex, updateRegistryIndex, versionPath, writeRegistryIndex } from './registry-dir';

const stamp = { at: '2026-12-07T00:00:00.000Z', actor: 'test' };

describe('registry directory', () => {
	it('writes the index whole through a temporary file, and leaves no temporary file behind', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tessera-regdir-'));
		expect(await readRegistryIndex(dir, true)).toEqual({ models: {} });
		await expect(readRegistryIndex(dir)).rejects.toThrow(RegistryIndexError);
		await expect(readRegistryIndex(dir)).rejects.toThrow(/cannot read .*registry\.json: no such file/);
		const index = registerVersion({ models: {} }, 'm', '1', { file: 'm-1.tessera-model' }, stamp);
		await writeRegistryIndex(dir, index);
		expect(readdirSync(dir)).toEqual(['registry.json']);
		expect(await readRegistryIndex(dir)).toEqual(index);
	});

	it('edits are queued, each on the index as the one before left it; an edit that changes nothing writes nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tessera-regdir-'));
		const edits = ['1', '2', '3', '4'].map((v) =>
			updateRegistryIndex(dir, (i) => registerVersion(i, 'm', v, { file: `m-${v}.tessera-model` }, stamp), true)
		);
		await Promise.all(edits);
		expect(Object.keys((await readRegistryIndex(dir)).models.m.versions)).toEqual(['1', '2', '3', '4']);
		const before = statSync(join(dir, 'registry.json')).ino;
		await updateRegistryIndex(dir, (i) => i);
		expect(statSync(join(dir, 'registry.json')).ino).toBe(before);
		// A failed edit leaves the index as it was and does not block the next one.
		await expect(updateRegistryIndex(dir, (i) => registerVersion(i, 'm', '1', { file: 'x' }, stamp))).rejects.toThrow(
			/already has a version "1"/
		);
		await updateRegistryIndex(dir, (i) => registerVersion(i, 'm', '5', { file: 'm-5.tessera-model' }, stamp));
		expect(Object.keys((await readRegistryIndex(dir)).models.m.versions)).toHaveLength(5);
	});

	it("a malformed index is the user's to fix, and a file outside the folder is refused", async () => {
		const dir = mkdtempSync(join(tmpdir(), 'tessera-regdir-'));
		writeFileSync(join(dir, 'registry.json'), '{"models": {"m": {"active": "1"}}}');
		await expect(readRegistryIndex(dir)).rejects.toThrow(RegistryIndexError);
		expect(readFileSync(join(dir, 'registry.json'), 'utf8')).toContain('"active"');
		expect(() => versionPath(dir, '../elsewhere.tessera-model')).toThrow(/is outside the registry folder/);
		expect(versionPath(dir, 'm-1.tessera-model')).toBe(join(dir, 'm-1.tessera-model'));
	});
});
