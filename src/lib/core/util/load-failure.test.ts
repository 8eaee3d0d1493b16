import { describe, expect, it } from 'vitest';
import { describeError, failedImportPath } from './load-failure';

describe('failed loads of the app’s code', () => {
	it('finds the file in each browser’s wording', () => {
		expect(
			failedImportPath('Failed to fetch dynamically imported module: http://localhost:4173/_app/immutable/workers/chunks/Ab12.js')
		).toEqual({
			path: '/_app/immutable/workers/chunks/Ab12.js'
		});
		expect(failedImportPath('error loading dynamically imported module: http://x.test/_app/a.js')).toEqual({ path: '/_app/a.js' });
		expect(failedImportPath('Importing a module script failed.')).toEqual({ path: null });
		expect(failedImportPath('column "x" is missing')).toBeNull();
	});

	it('retells a failed import with the file and what to do; other errors keep their words', () => {
		const told = describeError(
			new TypeError('Failed to fetch dynamically imported module: http://localhost:4173/_app/immutable/workers/chunks/Ab12.js')
		);
		expect(told).toContain('/_app/immutable/workers/chunks/Ab12.js');
		expect(told).toContain('offline cache');
		expect(describeError(new Error('target column "y" is missing'))).toBe('target column "y" is missing');
		expect(describeError('plain')).toBe('plain');
	});
});
