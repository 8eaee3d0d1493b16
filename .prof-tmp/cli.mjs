import { register } from 'tsx/esm/api';
register();
const { main } = await import('/work/wt-predict/src/cli/main.ts');
for (let k = 0; k < 2; k++) {
const t0 = performance.now();
const code = await main(['predict', '/work/wt-predict/bench/.data/scoring-gbdt.tessera-model', '/work/wt-predict/bench/.data/classify-100000.csv', '--proba', '--out', '/tmp/p.csv', '--json'], (s) => {}, (s) => console.error(s));
console.log(code, performance.now() - t0);
}
