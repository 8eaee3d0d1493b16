#!/usr/bin/env node
// `npm run fuzz [-- RUNS [SEED]]`: the property-based suites of src/lib/core/fuzz/ with many more
// runs than the unit suite's 60 (default 2,000 per property) and a seed of your choice (default:
// the time, printed so a failure can be replayed with the same seed).
import { spawnSync } from 'node:child_process';

const runs = process.argv[2] ?? '2000';
const seed = process.argv[3] ?? String(Date.now() % 2_147_483_647);
console.log(`fuzz: ${runs} runs per property, seed ${seed} (replay: npm run fuzz -- ${runs} ${seed})`);
const result = spawnSync('npx', ['vitest', 'run', 'src/lib/core/fuzz/', '--testTimeout=0'], {
	stdio: 'inherit',
	env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed }
});
process.exit(result.status ?? 1);
