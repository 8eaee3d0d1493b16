import type { ModelValue } from '../../nodes/ports';
import type { GraphBuilder } from '../ir';

/**
 * What a family converter leaves in the graph: `label` is an int64 tensor [N] of class codes
 * into `model.classes` (classification) or a float tensor [N, 1] of predicted values
 * (regression); `probabilities` is a float tensor [N, classes] (classification) or null.
 * `export.ts` turns these into the graph outputs (`label`/`probabilities` or `variable`).
 */
export interface OnnxFamilyOutputs {
	readonly label: string;
	readonly probabilities: string | null;
}

/**
 * Converts one model family: reads the double feature matrix `X` [N, p] (columns in
 * `model.features` order, built from the recipe by `export.ts`: Tessera's float64 features, bit
 * for bit) and adds the nodes that score it.
 * Throws `OnnxExportError` when the fitted state has no faithful ONNX form.
 */
export type OnnxFamilyConverter = (g: GraphBuilder, model: ModelValue, X: string) => OnnxFamilyOutputs;
