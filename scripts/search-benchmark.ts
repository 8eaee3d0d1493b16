/**
 * Bayesian search against random search on the benchmark problems of
 * src/lib/core/ml/search/benchmark.ts: `npx tsx scripts/search-benchmark.ts [seeds] [budget] [first seed] [batch]`
 * (defaults 100, 25, 1, 1; batch: configurations asked at a time, as parallel trial workers).
 * Prints a Markdown table: median best value found (larger is better) and the share of
 * seeds on which TPE and the Gaussian process beat random search (ties count half).
 */
import { benchmarkProblems, compareStrategies, median } from '../src/lib/core/ml/search/benchmark';

const seeds = Number(process.argv[2] ?? 100);
const budget = Number(process.argv[3] ?? 25);
const firstSeed = Number(process.argv[4] ?? 1);
const batch = Number(process.argv[5] ?? 1);
if (
	!Number.isInteger(seeds) ||
	seeds < 1 ||
	!Number.isInteger(budget) ||
	budget < 1 ||
	!Number.isInteger(firstSeed) ||
	!Number.isInteger(batch) ||
	batch < 1
) {
	console.error('usage: npx tsx scripts/search-benchmark.ts [seeds ≥ 1] [budget ≥ 1] [first seed] [batch ≥ 1]');
	process.exit(2);
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4));
const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
console.log(
	`Seeds ${firstSeed}–${firstSeed + seeds - 1}, ${budget} trials each, asked ${batch === 1 ? 'one at a time' : `${batch} at a time`}.\n`
);
console.log('| problem | budget | seeds | optimum | median best: random | TPE | GP | TPE beats random | GP beats random |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const problem of benchmarkProblems) {
	const started = Date.now();
	const c = compareStrategies(problem, { budget, seeds, firstSeed, batch });
	console.log(
		`| ${problem.name} | ${budget} | ${seeds} | ${fmt(problem.optimum)} | ${fmt(median(c.best.random))} | ${fmt(median(c.best.tpe))} | ${fmt(median(c.best.gp))} | ${pct(c.winRate.tpe)} | ${pct(c.winRate.gp)} |`
	);
	console.error(`  (${problem.name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
