import type { NodeDefinition } from '../define';
import dataset from './io/dataset';
import table from './explore/table';
import profile from './explore/profile';
import missing from './clean/missing';
import scale from './clean/scale';
import oneHot from './features/one-hot';
import split from './split/split';
import logistic from './model/logistic';
import linear from './model/linear';
import mlp from './model/mlp';
import evaluate from './evaluate/evaluate';
import predict from './deploy/predict';
import registeredModel from './deploy/registered-model';
import { importingNodes } from './sets/importing';
import { exploringNodes } from './sets/exploring';
import { cleaningNodes } from './sets/cleaning';
import { columnsNodes } from './sets/columns';
import { expressionsNodes } from './sets/expressions';
import { encodingNodes } from './sets/encoding';
import { engineeringNodes } from './sets/engineering';
import { treesNodes } from './sets/trees';
import { boostingNodes } from './sets/boosting';
import { neighboursNodes } from './sets/neighbours';
import { unsupervisedNodes } from './sets/unsupervised';
import { evaluationNodes } from './sets/evaluation';
import { explanationNodes } from './sets/explanation';
import { imagesNodes } from './sets/images';
import { textNodes } from './sets/text';
import { monitorNodes } from './sets/monitor';

/** Every built-in node type, in palette order. Passed to createRegistry explicitly. */
export const builtinNodes: readonly NodeDefinition[] = [
	dataset,
	...importingNodes,
	table,
	profile,
	...exploringNodes,
	missing,
	scale,
	...cleaningNodes,
	...columnsNodes,
	...expressionsNodes,
	oneHot,
	...encodingNodes,
	...engineeringNodes,
	split,
	logistic,
	linear,
	mlp,
	...treesNodes,
	...boostingNodes,
	...neighboursNodes,
	...unsupervisedNodes,
	...imagesNodes,
	...textNodes,
	evaluate,
	...evaluationNodes,
	...explanationNodes,
	predict,
	registeredModel,
	...monitorNodes
];
