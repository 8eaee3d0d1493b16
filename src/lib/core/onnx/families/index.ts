/**
 * The family converters, keyed by `ModelValue.family` (the names in core/nodes/families). A
 * family that is not here cannot be exported; `refusedFamilies` says why for those that never
 * will be.
 */
import { naiveBayesConverter } from './bayes';
import { linearConverter, logisticConverter } from './linear';
import { mlpConverter } from './mlp';
import { knnConverter } from './neighbours';
import { forestConverter, gbdtConverter, treeConverter } from './trees';
import type { OnnxFamilyConverter } from './types';

export const familyConverters: Readonly<Record<string, OnnxFamilyConverter>> = {
	logistic: logisticConverter,
	linear: linearConverter,
	mlp: mlpConverter,
	tree: treeConverter,
	forest: forestConverter,
	gbdt: gbdtConverter,
	'naive-bayes': naiveBayesConverter,
	knn: knnConverter
};

/** Families with no faithful ONNX form, and why (shown on the disabled Export ONNX button). */
export const refusedFamilies: Readonly<Record<string, { readonly title: string; readonly reason: string }>> = {
	cnn: {
		title: 'Image classifier (CNN)',
		reason: 'a convolution network read from pixels; this exporter does not translate convolution graphs'
	},
	'text-nn': {
		title: 'Text classifier (network)',
		reason: 'it tokenises raw text inside the model, and ONNX has no operator for its tokeniser'
	}
};
