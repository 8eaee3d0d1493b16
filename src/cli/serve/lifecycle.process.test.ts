/**
 * Retrain → registry → a running server, as real processes on 127.0.0.1: `tessera retrain`
 * promotes a new version while a loop of requests runs, and the server switches to it without
 * a request failing; then a version whose input needs a column the clients do not send is
 * promoted, its error rate climbs, and the server's automatic rollback restores the version
 * before it — logged on stderr and in the index's history — after which requests succeed again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegistryIndex } from '../../lib/core/lifecycle/registry-index';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'bin', 'tessera.mjs');
const PENGUINS = join(ROOT, 'static', 'samples', 'penguins.csv');

const dir = mkdtempSync(join(tmpdir(), 'tessera-lifecycle-process-'));
const reg = join(dir, 'registry');
const pipeline = join(dir, 'penguins.tessera.json');
const swapped = join(dir, 'swapped.csv');
const tagged = join(dir, 'tagged.csv');

const started: ChildProcess[] = [];
afterAll(() => started.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

/** Run the CLI to its end; rejects after 60 s. */
function tessera(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	started.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`tessera ${args[0]} did not finish in 60 s: ${stderr}`)), 60_000);
		child.on('exit', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/** Start `tessera serve` and wait for its "on http://…" line. */
function serve(...args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string; exit: Promise<number | null> }> {
	const child = spawn(process.execPath, [CLI, 'serve', reg, '--port', '0', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
	started.push(child);
	let stderr = '';
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no server after 30 s: ${stderr}`)), 30_000);
		child.stderr!.on('data', (d: Buffer) => {
			stderr += d.toString();
			const m = / on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
			if (m) {
				clearTimeout(timer);
				resolve({ child, url: m[1], stderr: () => stderr, exit });
			}
		});
		child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
	});
}

/** One Gentoo-like penguin as a V2 request: the answer names the version that scored it. */
const INFER = JSON.stringify({
	inputs: [
		{ name: 'Island', shape: [1], datatype: 'BYTES', data: ['Biscoe'] },
		{ name: 'Beak Length (mm)', shape: [1], datatype: 'FP64', data: [47.5] },
		{ name: 'Beak Depth (mm)', shape: [1], datatype: 'FP64', data: [15] },
		{ name: 'Flipper Length (mm)', shape: [1], datatype: 'FP64', data: [218] },
		{ name: 'Body Mass (g)', shape: [1], datatype: 'FP64', data: [5200] },
		{ name: 'Sex', shape: [1], datatype: 'BYTES', data: ['MALE'] }
	]
});

interface Answer {
	status: number;
	version: string | null;
	label: string | null;
}

/** Requests one after another until stopped; a failed connection is recorded as status 0 (dropped). */
function requestLoop(url: string) {
	const answers: Answer[] = [];
	let running = true;
	const done = (async () => {
		while (running) {
			try {
				const res = await fetch(`${url}/v2/models/penguins/infer`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: INFER
				});
				const body = (await res.json()) as { model_version?: string; outputs?: { name: string; data: string[] }[] };
				answers.push({
					status: res.status,
					version: body.model_version ?? null,
					label: body.outputs?.find((o) => o.name === 'label')?.data[0] ?? null
				});
			} catch {
				answers.push({ status: 0, version: null, label: null });
			}
		}
	})();
	return {
		answers,
		/** Resolves once `test` holds for an answer after the first `from`; rejects after 60 s. */
		until: (test: (a: Answer) => boolean, from = 0) =>
			new Promise<number>((resolve, reject) => {
				const t0 = Date.now();
				const check = () => {
					const i = answers.findIndex((a, k) => k >= from && test(a));
					if (i >= 0) resolve(i);
					else if (Date.now() - t0 > 60_000) reject(new Error(`not seen in 60 s; last: ${JSON.stringify(answers.at(-1))}`));
					else setTimeout(check, 20);
				};
				check();
			}),
		stop: async () => {
			running = false;
			await done;
		}
	};
}

beforeAll(async () => {
	const text = readFileSync(PENGUINS, 'utf8');
	// Concept drift: Adelie and Gentoo swap names, so the served model is now wrong and a retrained one wins.
	const swappedText = text.replace(/^(Adelie|Gentoo),/gm, (_, s: string) => (s === 'Adelie' ? 'Gentoo,' : 'Adelie,'));
	writeFileSync(swapped, swappedText);
	// The same rows with a column clients never send: a model trained on it cannot score their requests.
	const lines = swappedText.trimEnd().split(/\r?\n/);
	writeFileSync(tagged, lines.map((l, i) => `${l},${i === 0 ? 'Tag' : ((i * 37) % 101) / 10}`).join('\n') + '\n');
	const train = await tessera('train', PENGUINS, '--target', 'Species', '--model', 'logistic', '--seed', '1', '--export', pipeline);
	expect(train.code).toBe(0);
	const first = await tessera('retrain', pipeline, '--data', `penguins=${PENGUINS}`, '--registry', reg, '--name', 'penguins');
	expect(first.code, first.stderr).toBe(0);
}, 120_000);

describe('retrain → registry → tessera serve', () => {
	it('switches to the promoted version under load without dropping a request, and rolls back a failing one automatically', async () => {
		const { child, url, stderr, exit } = await serve('--rollback-on', 'error_rate>0.2', '--rollback-window', '20');
		const loop = requestLoop(url);
		try {
			await loop.until((a) => a.version === '1');

			// Retrain on the drifted data: version 2 wins and is promoted while requests keep coming.
			const retrain = await tessera('retrain', pipeline, '--data', `penguins=${swapped}`, '--registry', reg, '--json');
			expect(retrain.code, retrain.stderr).toBe(0);
			expect(JSON.parse(retrain.stdout).decision.promoted).toBe(true);
			const switched = await loop.until((a) => a.version === '2');
			const mark = loop.answers.length;
			await loop.until(() => true, mark + 20);
			const upToNow = loop.answers.slice(0, mark + 20);
			// None dropped, none failed; every answer before the switch came from version 1, every one after from 2.
			expect(upToNow.filter((a) => a.status !== 200)).toEqual([]);
			expect(upToNow.slice(0, switched).every((a) => a.version === '1' && a.label === 'Gentoo')).toBe(true);
			expect(upToNow.slice(switched).every((a) => a.version === '2' && a.label === 'Adelie')).toBe(true);
			expect(stderr()).toMatch(/now serving penguins@2/);

			// A version that needs the Tag column, registered without promotion, then promoted by hand.
			const bad = await tessera('retrain', pipeline, '--data', `penguins=${tagged}`, '--registry', reg, '--min-gain', '1', '--json');
			expect(bad.code, bad.stderr).toBe(0);
			expect(JSON.parse(bad.stdout)).toMatchObject({ version: '3', decision: { promoted: false } });
			const promote = await tessera('promote', reg, 'penguins', '3');
			expect(promote.code, promote.stderr).toBe(0);
			const failing = await loop.until((a) => a.status === 400);
			// The server rolls back by itself: requests are answered by version 2 again.
			const recovered = await loop.until((a) => a.status === 200, failing);
			const after = loop.answers.length;
			await loop.until(() => true, after + 20);

			expect(loop.answers.slice(failing, recovered).every((a) => a.status === 400)).toBe(true);
			// The rule decides on a full window of 20 of version 3's requests: at least that many failed first.
			expect(recovered - failing).toBeGreaterThanOrEqual(20);
			expect(loop.answers.slice(recovered, after + 20).every((a) => a.status === 200 && a.version === '2')).toBe(true);
			expect(loop.answers.filter((a) => a.status === 0)).toEqual([]);
			expect(stderr()).toMatch(/automatic rollback of penguins@3 to version 2: error_rate>0\.2 measured 1 over the last 20 requests/);

			const entry = parseRegistryIndex(readFileSync(join(reg, 'registry.json'), 'utf8'), 'registry.json').models.penguins;
			expect(entry.active).toBe('2');
			expect(entry.versions['3'].stage).toBe('Archived');
			expect(entry.history?.at(-1)).toMatchObject({
				event: 'rolled-back',
				version: '2',
				from: '3',
				actor: 'tessera serve',
				rule: { rule: 'error_rate>0.2', value: 1, requests: 20 }
			});
			// Once per promotion: version 2 came back by a rollback, so nothing is watched now.
			expect(stderr().match(/automatic rollback/g)).toHaveLength(1);
		} finally {
			await loop.stop();
			child.kill('SIGTERM');
		}
		expect(await exit).toBe(0);
	}, 180_000);
});
