/**
 * What the `tessera serve` tests share: the penguin model file, 80 penguin rows without the
 * target (some with missing cells) as CSV text, cells and V2 bodies, and a server on
 * 127.0.0.1 whose answers the tests compare with what `tessera predict` says of those rows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { registry, sampleText } from '../../lib/core/nodes/test-kit';
import { main } from '../main';
import { buildApp, type ServeApp } from './app';
import { Catalog, loadFiles } from './models';

export const MODEL = join(__dirname, '..', '..', '..', 'e2e', 'fixtures', 'penguins-gbdt.v1.tessera-model');
/** A fresh folder per test file, for data, registries and captures. */
export const dir = mkdtempSync(join(tmpdir(), 'tessera-serve-'));
export const FEATURES = ['Island', 'Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)', 'Sex'];
export const NUMBERS = new Set(FEATURES.slice(1, 5));

const lines = sampleText('penguins').trimEnd().split(/\r?\n/);
const header = lines[0].split(',');
export const rows = lines.slice(1, 81).map((l) => l.split(','));
export const cells = rows.map((r) => FEATURES.map((f) => r[header.indexOf(f)]));
export const csv = [FEATURES.join(','), ...cells.map((r) => r.join(','))].join('\n') + '\n';

/** One penguin the model calls Gentoo, as an MLflow record. */
export const GENTOO_RECORD = {
	Island: 'Biscoe',
	'Beak Length (mm)': 45.1,
	'Beak Depth (mm)': 14.5,
	'Flipper Length (mm)': 215,
	'Body Mass (g)': 5000,
	Sex: 'FEMALE'
} as const;

/** A JSON value for a cell: numbers as numbers, missing as null (the V2 way). */
export const typed = (feature: string, cell: string) => (cell === '' || cell === 'NA' ? null : NUMBERS.has(feature) ? Number(cell) : cell);

/** A V2 infer body for rows [from, to). */
export function v2Body(from: number, to: number, id?: string) {
	return {
		...(id ? { id } : {}),
		inputs: FEATURES.map((f, k) => ({
			name: f,
			shape: [to - from, 1],
			datatype: NUMBERS.has(f) ? 'FP64' : 'BYTES',
			data: cells.slice(from, to).map((r) => typed(f, r[k]))
		}))
	};
}

/** `tessera predict --proba` on the rows: the label and class probabilities of each. */
export interface Expected {
	readonly labels: string[];
	readonly proba: number[][];
}

export interface Answer {
	readonly status: number;
	readonly json: Record<string, unknown>;
	readonly text: string;
}

/** The served penguin model, filled in by the test file's beforeAll. */
export interface PenguinServer {
	expected: Expected;
	served: ServeApp;
	base: string;
	catalog: Catalog;
	post(path: string, body: unknown, type?: string): Promise<Answer>;
}

async function predictExpected(): Promise<Expected> {
	const data = join(dir, 'rows.csv');
	writeFileSync(data, csv);
	let stdout = '';
	expect(
		await main(
			['predict', MODEL, data, '--proba'],
			(s) => (stdout += s + '\n'),
			() => {}
		)
	).toBe(0);
	const out = stdout
		.trimEnd()
		.split('\n')
		.slice(1)
		.map((l) => l.split(','));
	expect(out.every((r) => r[5] === '')).toBe(true);
	return { labels: out.map((r) => r[1]), proba: out.map((r) => r.slice(2, 5).map(Number)) };
}

/**
 * Serve the model as "penguins" (a 50-row drift window, 64 KiB bodies, 200 rows a request) for
 * the calling test file: started before its tests, closed after them.
 */
export function servePenguins(): PenguinServer {
	const server = {
		async post(path: string, body: unknown, type = 'application/json'): Promise<Answer> {
			const res = await fetch(server.base + path, {
				method: 'POST',
				headers: { 'content-type': type },
				body: typeof body === 'string' ? body : JSON.stringify(body)
			});
			const text = await res.text();
			let json: Record<string, unknown> = {};
			try {
				json = JSON.parse(text);
			} catch {
				/* not JSON: the test says what it expects */
			}
			return { status: res.status, json, text };
		}
	} as PenguinServer;
	beforeAll(async () => {
		server.expected = await predictExpected();
		server.catalog = new Catalog();
		server.catalog.replace(await loadFiles([MODEL], ['penguins'], { driftWindow: 50 }));
		server.served = buildApp({ catalog: server.catalog, registry, defaultMetrics: false, limits: { maxBody: 64 * 1024, maxBatch: 200 } });
		server.base = await server.served.app.listen({ port: 0, host: '127.0.0.1' });
	}, 60_000);
	afterAll(async () => {
		await server.served?.app.close();
	});
	return server;
}
