/**
 * Which models `tessera serve` serves: several model files by name, and a registry folder whose
 * active version swaps atomically when registry.json changes, a request in flight kept on the
 * version it started on.
 */
import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registry } from '../../lib/core/nodes/test-kit';
import { buildApp } from './app';
import { Catalog, loadFiles, loadRegistry, REGISTRY_INDEX, watchRegistry } from './models';
import { csv, dir, GENTOO_RECORD, MODEL, servePenguins, v2Body } from './test-kit';

const server = servePenguins();

/**
 * A registry folder under the test folder holding the model twice, as versions 1 (active) and 2
 * of `model`, served with its watcher on; `activate` writes a new index as a writer does, by
 * rename, so the server never reads half of it.
 */
async function servedRegistry(name: string, model: string, files: readonly [string, string], driftWindow: number) {
	const reg = join(dir, name);
	mkdirSync(reg);
	for (const f of files) copyFileSync(MODEL, join(reg, f));
	const index = (active: string) =>
		JSON.stringify({ models: { [model]: { active, versions: { '1': { file: files[0] }, '2': { file: files[1] } } } } });
	writeFileSync(join(reg, REGISTRY_INDEX), index('1'));
	const options = { driftWindow };
	const catalog = new Catalog();
	catalog.replace(await loadRegistry(reg, options));
	const reloads: (Error | null)[] = [];
	const watcher = watchRegistry(reg, catalog, options, (e) => reloads.push(e));
	const app = buildApp({ catalog, registry, defaultMetrics: false }).app;
	const url = await app.listen({ port: 0, host: '127.0.0.1' });
	return {
		reg,
		url,
		reloads,
		activate(active: string) {
			writeFileSync(join(reg, 'registry.json.tmp'), index(active));
			renameSync(join(reg, 'registry.json.tmp'), join(reg, REGISTRY_INDEX));
		},
		async close() {
			watcher.close();
			await app.close();
		}
	};
}

describe('several models', () => {
	it('V2 reaches each by name; /invocations (one model by design) says to use V2', async () => {
		const two = new Catalog();
		const copy = join(dir, 'other.tessera-model');
		copyFileSync(MODEL, copy);
		two.replace(await loadFiles([MODEL, copy], [undefined, undefined], { driftWindow: 10 }));
		const app = buildApp({ catalog: two, registry, defaultMetrics: false }).app;
		const url = await app.listen({ port: 0, host: '127.0.0.1' });
		try {
			for (const name of ['penguins-gbdt.v1', 'other']) {
				const res = await fetch(`${url}/v2/models/${name}/infer`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(v2Body(0, 2))
				});
				expect(res.status).toBe(200);
				expect((await res.json()).model_name).toBe(name);
			}
			const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
			expect(res.status).toBe(400);
			expect(await res.json()).toEqual({
				error_code: 'BAD_REQUEST',
				message: 'this server has 2 models ("penguins-gbdt.v1", "other"): /invocations needs exactly one; use /v2/models/{name}/infer'
			});
			await expect(loadFiles([MODEL, MODEL], [undefined, undefined], { driftWindow: 10 })).rejects.toThrow(
				'two models are named "penguins-gbdt.v1": give one --name'
			);
		} finally {
			await app.close();
		}
	});
});

describe('registry folder', () => {
	it('swaps the active version atomically when registry.json changes, under load, losing no request', async () => {
		const { reg, url, reloads, activate, close } = await servedRegistry(
			'registry',
			'penguins',
			['penguins-1.tessera-model', 'penguins-2.tessera-model'],
			100
		);
		try {
			const meta = await (await fetch(`${url}/v2/models/penguins`)).json();
			expect(meta.versions).toEqual(['1', '2']);
			let stop = false;
			const seen: { status: number; version: string; label: string }[] = [];
			const client = async () => {
				while (!stop) {
					const res = await fetch(`${url}/v2/models/penguins/infer`, {
						method: 'POST',
						headers: { 'content-type': 'application/json' },
						body: JSON.stringify(v2Body(0, 1))
					});
					const json = await res.json();
					seen.push({ status: res.status, version: json.model_version, label: json.outputs?.[0].data[0] });
				}
			};
			const clients = Array.from({ length: 8 }, client);
			await new Promise((r) => setTimeout(r, 300));
			activate('2');
			for (let i = 0; i < 100 && !reloads.length; i++) await new Promise((r) => setTimeout(r, 20));
			expect(reloads).toEqual([null]);
			await new Promise((r) => setTimeout(r, 300));
			// A broken index keeps the running models.
			writeFileSync(join(reg, REGISTRY_INDEX), '{"models": ');
			for (let i = 0; i < 100 && reloads.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
			expect(reloads[1]?.message).toMatch(/registry\.json: not JSON/);
			await new Promise((r) => setTimeout(r, 100));
			stop = true;
			await Promise.all(clients);
			expect(seen.length).toBeGreaterThan(50);
			expect(seen.filter((s) => s.status !== 200)).toEqual([]);
			expect(seen.every((s) => s.label === server.expected.labels[0])).toBe(true);
			const versions = seen.map((s) => s.version);
			expect(versions[0]).toBe('1');
			expect(versions.at(-1)).toBe('2');
			// Once every in-flight request of the old snapshot is done (8 clients), only version 2 answers.
			const firstTwo = versions.indexOf('2');
			expect(versions.slice(firstTwo + 8).every((v) => v === '2')).toBe(true);
		} finally {
			await close();
		}
	}, 30_000);
});

describe('registry folder (a request across a swap)', () => {
	it('a request whose body is still arriving when the version changes is scored by the version it started on', async () => {
		const { request } = await import('node:http');
		const { url, reloads, activate, close } = await servedRegistry('registry-pin', 'p', ['a.tessera-model', 'b.tessera-model'], 10);
		try {
			const { hostname, port } = new URL(url);
			const body = JSON.stringify({ dataframe_records: [GENTOO_RECORD] });
			const send = (path: string, payload: string) => {
				let rest = () => {};
				const answer = new Promise<string>((resolve, reject) => {
					const req = request(
						{
							hostname,
							port,
							path,
							method: 'POST',
							headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
						},
						(res) => {
							let text = '';
							res.on('data', (d: Buffer) => (text += d.toString()));
							res.on('end', () => resolve(text));
						}
					);
					req.on('error', reject);
					req.write(payload.slice(0, 10));
					rest = () => req.end(payload.slice(10));
				});
				return { answer, rest: () => rest() };
			};
			const v2 = JSON.stringify(v2Body(0, 1));
			const oldV2 = send('/v2/models/p/infer', v2);
			await new Promise((r) => setTimeout(r, 100));
			activate('2');
			for (let i = 0; i < 100 && !reloads.length; i++) await new Promise((r) => setTimeout(r, 20));
			expect(reloads).toEqual([null]);
			oldV2.rest();
			expect(JSON.parse(await oldV2.answer).model_version).toBe('1');
			// A request started after the swap gets the new version; /invocations pins the same way.
			const fresh = await fetch(`${url}/v2/models/p/infer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: v2 });
			expect((await fresh.json()).model_version).toBe('2');
			const inv = send('/invocations', body);
			inv.rest();
			expect(JSON.parse(await inv.answer)).toEqual({ predictions: ['Gentoo'] });
		} finally {
			await close();
		}
	});
});
