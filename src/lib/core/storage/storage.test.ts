import { describe, expect, it } from 'vitest';
import type { Frame } from '../frame/types';
import { roundedBytes } from './bytes';
import { datasetStoredBytes } from './needs';
import { freeBytes, isQuotaError, notEnoughStorageMessage, persistNote, usageLine } from './quota';
import { storageBreakdown } from './breakdown';

const MB = 1024 * 1024;

describe('roundedBytes', () => {
	it('writes two figures below ten units and whole units above', () => {
		expect(roundedBytes(0)).toBe('0 B');
		expect(roundedBytes(512)).toBe('512 B');
		expect(roundedBytes(1536)).toBe('1.5 KB');
		expect(roundedBytes(48 * MB)).toBe('48 MB');
		expect(roundedBytes(143.4 * MB)).toBe('143 MB');
		expect(roundedBytes(12.6 * MB)).toBe('13 MB');
		expect(roundedBytes(60 * 1024 * MB)).toBe('60 GB');
		expect(roundedBytes(1.23 * 1024 * MB)).toBe('1.2 GB');
	});
	it('never writes 1024 of a unit: it moves up', () => {
		expect(roundedBytes(1023.7 * 1024)).toBe('1.0 MB');
		expect(roundedBytes(1023)).toBe('1023 B');
	});
	it('treats nonsense as nothing', () => {
		expect(roundedBytes(-5)).toBe('0 B');
		expect(roundedBytes(Number.NaN)).toBe('0 B');
	});
});

describe('datasetStoredBytes', () => {
	it('counts numbers at 8 bytes, codes at 4, text and dictionaries at 2 a character plus 8 a value', () => {
		const frame: Frame = {
			rowCount: 3,
			columns: [
				{ kind: 'number', name: 'x', values: new Float64Array([1, 2, 3]) },
				{ kind: 'category', name: 'cat', codes: new Int32Array([0, 1, 0]), dictionary: ['a', 'bb'] },
				{ kind: 'boolean', name: 'ok', codes: new Int32Array([1, 0, 1]) },
				{ kind: 'text', name: 'note', values: ['hello', null, 'hi'] },
				{ kind: 'date', name: 'd', values: new Float64Array([0, 1, 2]) }
			]
		};
		const names = 2 * 1 + 8 + (2 * 3 + 8) + (2 * 2 + 8) + (2 * 4 + 8) + (2 * 1 + 8);
		const x = 24;
		const cat = 12 + (2 + 8) + (4 + 8);
		const ok = 12;
		const note = 10 + 8 + 8 + 4 + 8;
		const d = 24;
		expect(datasetStoredBytes(frame)).toBe(names + x + cat + ok + note + d);
	});
	it('a million rows of 17 numbers needs about 130 MB', () => {
		const rows = 1_000_000;
		const frame: Frame = {
			rowCount: rows,
			columns: Array.from({ length: 17 }, (_, j) => ({ kind: 'number' as const, name: `x${j + 1}`, values: new Float64Array(rows) }))
		};
		expect(roundedBytes(datasetStoredBytes(frame))).toBe('130 MB');
	});
});

describe('isQuotaError', () => {
	const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
	it('knows the error and the wrappers Dexie puts around it', () => {
		expect(isQuotaError(quota)).toBe(true);
		expect(isQuotaError({ name: 'AbortError', inner: quota })).toBe(true);
		expect(isQuotaError({ name: 'BulkError', failures: [new Error('x'), quota] })).toBe(true);
		expect(isQuotaError(new Error('outer', { cause: quota }))).toBe(true);
		expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
	});
	it('says no to other errors, to non-errors and to a cyclic wrapper', () => {
		expect(isQuotaError(new Error('QuotaExceededError'))).toBe(false);
		expect(isQuotaError({ name: 'AbortError', inner: new TypeError('x') })).toBe(false);
		expect(isQuotaError(null)).toBe(false);
		expect(isQuotaError('QuotaExceededError')).toBe(false);
		const cyclic: { name: string; inner?: unknown } = { name: 'AbortError' };
		cyclic.inner = cyclic;
		expect(isQuotaError(cyclic)).toBe(false);
	});
});

describe('notEnoughStorageMessage', () => {
	it('names the file, what it needs and what is free, and what to do', () => {
		expect(notEnoughStorageMessage({ kind: 'dataset', name: 'churn.csv' }, 48 * MB, 12 * MB)).toBe(
			'Not enough storage to save churn.csv: it needs about 48 MB, 12 MB is free. Nothing saved earlier was lost. Delete old projects or experiments, or export a workspace backup.'
		);
	});
	it('names a project, and says when the browser reports enough room but refused anyway', () => {
		expect(notEnoughStorageMessage({ kind: 'project', name: 'Churn' }, 2 * MB, 5 * MB)).toMatch(
			/^Not enough storage to save the project “Churn”: it needs about 2\.0 MB, more than the browser would give, though it reports 5\.0 MB free\./
		);
	});
	it('without an estimate it says no figure for free space', () => {
		expect(notEnoughStorageMessage({ kind: 'model', name: 'm' }, 700, null)).toMatch(
			/^Not enough storage to save the model “m”: it needs about 700 B, more than the browser would give\./
		);
	});
});

describe('usage and persistence wording', () => {
	it('free space is quota minus usage, never negative, unknown without both', () => {
		expect(freeBytes({ usage: 10, quota: 25 })).toBe(15);
		expect(freeBytes({ usage: 30, quota: 25 })).toBe(0);
		expect(freeBytes({ usage: 30 })).toBeNull();
		expect(freeBytes(null)).toBeNull();
	});
	it('writes the usage line and one sentence per persistence outcome', () => {
		expect(usageLine(143 * MB, 60 * 1024 * MB)).toBe('Stored: 143 MB of about 60 GB this browser allows');
		expect(persistNote({ kind: 'granted' })).toMatch(/will not clear this data on its own/);
		expect(persistNote({ kind: 'refused' })).toMatch(/may clear this data .* Export a workspace backup/);
		expect(persistNote({ kind: 'unsupported' })).toBeNull();
	});
});

describe('storageBreakdown', () => {
	it('adds each project its document, the datasets it names and its kept results; unused data apart', () => {
		const b = storageBreakdown(
			[
				{ id: 'p1', name: 'Churn', documentBytes: 100, datasets: ['h1', 'h1', 'h2'] },
				{ id: 'p2', name: 'Iris', documentBytes: 50, datasets: ['h2', 'missing'] }
			],
			[
				{ hash: 'h1', bytes: 1000 },
				{ hash: 'h2', bytes: 300 },
				{ hash: 'h3', bytes: 70 }
			],
			[
				{ project: 'p1', bytes: 5 },
				{ project: 'p2', bytes: 7 },
				{ project: 'gone', bytes: 11 },
				{ project: null, bytes: 13 }
			]
		);
		expect(b.projects).toEqual([
			{ id: 'p1', name: 'Churn', documentBytes: 100, datasetBytes: 1300, resultBytes: 5, total: 1405 },
			{ id: 'p2', name: 'Iris', documentBytes: 50, datasetBytes: 300, resultBytes: 7, total: 357 }
		]);
		expect(b.unused).toEqual({ count: 1, bytes: 70 });
		expect(b.orphanResultBytes).toBe(24);
	});
});
