/**
 * `tessera serve` as a process: SIGTERM lets a request in flight finish, then the process
 * exits 0; --workers shares one port between processes and stops them all.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const MODEL = join(ROOT, 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model');

const started: ChildProcess[] = [];
// A failed test must not leave a server behind.
afterAll(() => started.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGKILL')));

/** Start the CLI and wait for its "on http://…" line(s); returns the URL. */
function start(
	args: string[],
	listening = 1
): Promise<{ child: ChildProcess; url: string; stderr: () => string; exit: Promise<number | null> }> {
	const child = spawn(process.execPath, [join(ROOT, 'bin', 'tessera.mjs'), 'serve', MODEL, '--port', '0', ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	started.push(child);
	let stderr = '';
	const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no server after 30 s: ${stderr}`)), 30_000);
		child.stderr!.on('data', (d: Buffer) => {
			stderr += d.toString();
			const urls = [...stderr.matchAll(/ on (http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1]);
			if (urls.length >= listening) {
				clearTimeout(timer);
				resolve({ child, url: urls[0], stderr: () => stderr, exit });
			}
		});
		child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
	});
}

const body = JSON.stringify({
	dataframe_records: [
		{
			Island: 'Biscoe',
			'Beak Length (mm)': 45.1,
			'Beak Depth (mm)': 14.5,
			'Flipper Length (mm)': 215,
			'Body Mass (g)': 5000,
			Sex: 'FEMALE'
		}
	]
});

/** One request on a connection of its own (no keep-alive). */
function fresh(url: string, path: string, payload?: string): Promise<{ status: number; text: string }> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const req = request(
			{
				hostname,
				port,
				path,
				method: payload ? 'POST' : 'GET',
				agent: false,
				headers: payload ? { 'content-type': 'application/json' } : {}
			},
			(res) => {
				let text = '';
				res.on('data', (d: Buffer) => (text += d.toString()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

describe('tessera serve (process)', () => {
	it('SIGTERM drains: a request in flight is answered, then the process exits 0', async () => {
		const { child, url, exit, stderr } = await start([]);
		const { hostname, port } = new URL(url);
		// Send half of a request, signal, then the other half: the request is in flight across the SIGTERM.
		const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = request(
				{
					hostname,
					port,
					path: '/invocations',
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
				},
				(res) => {
					let text = '';
					res.on('data', (d: Buffer) => (text += d.toString()));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				}
			);
			req.on('error', reject);
			req.write(body.slice(0, 20));
			setTimeout(() => {
				child.kill('SIGTERM');
				setTimeout(() => req.end(body.slice(20)), 300);
			}, 200);
		});
		const res = await answer;
		expect(res).toEqual({ status: 200, text: '{"predictions":["Gentoo"]}' });
		expect(await exit).toBe(0);
		expect(stderr()).toMatch(/tessera serve: stopped/);
		await expect(fetch(`${url}/v2/health/live`)).rejects.toThrow();
	}, 60_000);

	it('--workers 2: two processes on one port, metrics of both in every scrape, all stopped by SIGTERM', async () => {
		const { child, url, exit, stderr } = await start(['--workers', '2'], 2);
		const ports = new Set([...stderr().matchAll(/ on http:\/\/127\.0\.0\.1:(\d+) \(worker (\d+)\)/g)].map((m) => m[1]));
		expect(ports.size).toBe(1);
		// A new connection per request, so the primary spreads them over both workers.
		for (let i = 0; i < 20; i++)
			expect(await fresh(url, '/invocations', body)).toEqual({ status: 200, text: '{"predictions":["Gentoo"]}' });
		// Whichever worker answers the scrape, it counts the whole server's rows (the primary aggregates).
		for (let i = 0; i < 4; i++) {
			const { text } = await fresh(url, '/metrics');
			const rows = [...text.matchAll(/^tessera_rows_scored_total\{[^}]*\} (\d+)$/gm)].reduce((a, m) => a + Number(m[1]), 0);
			expect(rows).toBe(20);
			expect(text).toMatch(/^tessera_feature_drift_psi\{[^}]*feature="Island"[^}]*\} \S+$/m);
		}
		child.kill('SIGTERM');
		expect(await exit).toBe(0);
		expect(stderr()).toMatch(/all workers stopped/);
	}, 90_000);
});
