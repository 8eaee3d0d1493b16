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

/** Keyed by node type; each converter reads the step's state as its node version writes it. */
export const stepConverters: Readonly<Record<string, { readonly version: number; readonly convert: StepConverter }>> = {
	'clean.missing': { version: 2, convert: missing },
	'clean.scale': { version: 2, convert: scale },
	'clean.outliers': { version: 1, convert: outliers },
	'clean.columns': { version: 1, convert: selectColumns },
	'clean.convert': { version: 1, convert },
	'io.schema': { version: 1, convert: schema },
	'features.one-hot': { version: 2, convert: oneHot },
	'features.ordinal': { version: 1, convert: ordinal },
	'features.frequency': { version: 1, convert: frequency },
	'features.target-encode': { version: 1, convert: targetEncode },
	'features.bin': { version: 1, convert: bin },
	'features.power': { version: 1, convert: power },
	'features.pca': { version: 1, convert: pca },
	'features.polynomial': { version: 1, convert: polynomial },
	'features.date-parts': { version: 1, convert: dateParts }
};
