import fc from 'fast-check';
import type { Mutation } from './kit';

/** One to four byte mutations anywhere in a file. */
export const mutations = fc.array(
	fc.oneof(
		fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
		fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
		fc.record({
			kind: fc.constant('insert' as const),
			at: fc.nat(),
			bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 })
		}),
		fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 64 }) }),
		fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
	) as fc.Arbitrary<Mutation>,
	{ minLength: 1, maxLength: 4 }
);
