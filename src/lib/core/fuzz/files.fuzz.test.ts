import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../doc/serialise';
import { testLookup } from '../doc/test-lookup';
import { readModelFile } from '../model-file/format';
import { FUZZ, mutate, unclearError } from './kit';
import { mutations } from './mutations';

const FIXTURES = join(__dirname, '..', '..', '..', '..', 'e2e', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

describe('mutated pipeline and model files open or say why (property-based)', () => {
	it.each(['pipeline-v0.json', 'pipeline-v2.json', 'every-family.tessera.json'])(
		'%s: parseDocument answers every mutation with a document or a message, never a crash',
		(name) => {
			const bytes = new Uint8Array(fixture(name));
			expect(parseDocument(new TextDecoder().decode(bytes), testLookup()).ok).toBe(true);
			fc.assert(
				fc.property(mutations, (m) => {
					const text = new TextDecoder().decode(mutate(bytes, m));
					try {
						const result = parseDocument(text, testLookup());
						if (!result.ok) for (const message of result.errors) expect(unclearError(new Error(message))).toBeNull();
					} catch (e) {
						expect(unclearError(e)).toBeNull();
					}
				}),
				{ numRuns: FUZZ.runs * 3, seed: FUZZ.seed }
			);
		}
	);

	it('a .tessera-model: readModelFile answers every mutation with a model or a message', async () => {
		const bytes = new Uint8Array(fixture('penguins-gbdt.v1.tessera-model'));
		await readModelFile(bytes);
		await fc.assert(
			fc.asyncProperty(mutations, async (m) => {
				try {
					await readModelFile(mutate(bytes, m));
				} catch (e) {
					expect(unclearError(e)).toBeNull();
				}
			}),
			{ numRuns: FUZZ.runs * 2, seed: FUZZ.seed }
		);
	}, 60_000);
});
