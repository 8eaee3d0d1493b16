/**
 * The recipe steps an export can replay, by node type. A type missing here (text cleaning,
 * derived expressions, lags, group aggregates, text vectorisers, …) refuses the whole export:
 * the exporter cannot tell which columns it touches, so it cannot know that it is harmless.
 */
import { missing, outliers, scale } from './clean';
import { convert, schema, selectColumns } from './columns';
import { dateParts } from './dates';
import { frequency, oneHot, ordinal, targetEncode } from './encoders';
import type { StepConverter } from './env';
import { bin, pca, polynomial, power } from './numeric';

/** Keyed by node type; each converter reads the step's state as its node version writes it (the title is the node's, for refusals). */
export const stepConverters: Readonly<
	Record<string, { readonly version: number; readonly title: string; readonly convert: StepConverter }>
> = {
	'clean.missing': { version: 2, title: 'Missing values', convert: missing },
	'clean.scale': { version: 2, title: 'Scale', convert: scale },
	'clean.outliers': { version: 1, title: 'Outliers', convert: outliers },
	'clean.columns': { version: 1, title: 'Select columns', convert: selectColumns },
	'clean.convert': { version: 1, title: 'Convert kinds', convert },
	'io.schema': { version: 1, title: 'Schema', convert: schema },
	'features.one-hot': { version: 2, title: 'One-hot encode', convert: oneHot },
	'features.ordinal': { version: 1, title: 'Ordinal encode', convert: ordinal },
	'features.frequency': { version: 1, title: 'Frequency encode', convert: frequency },
	'features.target-encode': { version: 1, title: 'Target encode', convert: targetEncode },
	'features.bin': { version: 1, title: 'Bin', convert: bin },
	'features.power': { version: 1, title: 'Power transform', convert: power },
	'features.pca': { version: 1, title: 'PCA', convert: pca },
	'features.polynomial': { version: 1, title: 'Polynomial features', convert: polynomial },
	'features.date-parts': { version: 1, title: 'Date parts', convert: dateParts }
};
