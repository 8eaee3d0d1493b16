import { describe, expect, it } from 'vitest';
import { referenceSplit } from './reference-data';

// Sizes and first values from protocol.py:
//   /usr/bin/python3 -c "import sys; sys.path.insert(0,'src/lib/core/ml/reference'); from protocol import load; \
//     [print(n, *(a.shape for a in load(n))) for n in ['iris','penguins','wine','diabetes']]"
describe('reference split protocol', () => {
	it.each([
		['iris', 113, 37, 4],
		['penguins', 257, 85, 4],
		['wine', 134, 44, 13],
		['diabetes', 332, 110, 10]
	] as const)('%s has the rows and features protocol.py gives', (name, train, test, p) => {
		const s = referenceSplit(name);
		expect([s.train.rows, s.test.rows, s.train.cols]).toEqual([train, test, p]);
	});

	it('standardises with the training rows only', () => {
		const s = referenceSplit('wine', { standardise: true });
		let mean = 0;
		for (let i = 0; i < s.train.rows; i++) mean += s.train.data[i * s.train.cols];
		expect(Math.abs(mean / s.train.rows)).toBeLessThan(1e-12);
		expect(s.classes).toEqual(['cultivar_0', 'cultivar_1', 'cultivar_2']);
	});
});
