/** `tessera serve`'s arguments: what is wrong is said before listening (exit 2); --help documents the options. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../test-cli';
import { REGISTRY_INDEX } from './models';
import { dir, MODEL } from './test-kit';

describe('tessera serve (usage)', () => {
	it('says what is wrong with the arguments (exit 2), and --help documents the options', async () => {
		expect(await cli('serve')).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: tessera serve') });
		expect((await cli('serve', join(dir, 'nope.tessera-model'))).stderr).toMatch(
			/cannot read ".*nope\.tessera-model": no such file or folder/
		);
		expect((await cli('serve', MODEL, MODEL, '--name', 'x')).stderr).toMatch(/--name names one model file/);
		expect((await cli('serve', dir, '--name', 'x')).stderr).toMatch(/registry\.json|--name is for a model file/);
		expect((await cli('serve', MODEL, '--capture-sample', '2')).stderr).toMatch(/--capture-sample must be a number from 0 to 1/);
		expect((await cli('serve', MODEL, '--workers', '0')).stderr).toMatch(/--workers must be at least 1/);
		const help = await cli('serve', '--help');
		expect(help.code).toBe(0);
		for (const flag of [
			'--port',
			'--host',
			'--name',
			'--max-body',
			'--max-batch',
			'--max-concurrency',
			'--reject-unseen',
			'--capture',
			'--capture-sample',
			'--workers'
		])
			expect(help.stdout).toContain(flag);
		expect((await cli('help')).stdout).toContain('tessera serve <m.tessera-model>');
	});

	it('a registry folder without a usable index is refused before listening', async () => {
		const empty = mkdtempSync(join(tmpdir(), 'tessera-registry-'));
		expect((await cli('serve', empty, '--port', '0')).stderr).toMatch(/registry\.json/);
		writeFileSync(
			join(empty, REGISTRY_INDEX),
			JSON.stringify({ models: { m: { active: '3', versions: { '1': { file: 'm.tessera-model' } } } } })
		);
		expect((await cli('serve', empty, '--port', '0')).stderr).toMatch(/the active version "3" is not among its versions/);
		writeFileSync(
			join(empty, REGISTRY_INDEX),
			JSON.stringify({ models: { m: { active: '1', versions: { '1': { file: '../m.tessera-model' } } } } })
		);
		expect((await cli('serve', empty, '--port', '0')).stderr).toMatch(/is outside the registry folder/);
	});
});
