import { register } from 'tsx/esm/api';
register();
import fs from 'node:fs';
const { readCsv } = await import('/work/wt-predict/src/lib/core/readers/csv.ts');
const { readModelFile } = await import('/work/wt-predict/src/lib/core/model-file/format.ts');
const { modelOf } = await import('/work/wt-predict/src/lib/core/model-file/build.ts');
const { predictionColumns } = await import('/work/wt-predict/src/lib/core/nodes/predictors.ts');
const model = modelOf((await readModelFile(new Uint8Array(fs.readFileSync('/work/wt-predict/bench/.data/scoring-gbdt.tessera-model')))).file);
const text = fs.readFileSync('/work/wt-predict/bench/.data/classify-100000.csv', 'utf8');
const frame = readCsv(text);
for (let k = 0; k < 3; k++) {
const t0 = performance.now();
await predictionColumns(model, frame);
console.log('100k rows', performance.now() - t0, 'ms');
}
