/**
 * The dense MLP: one Gemm per layer and its activation. The estimator is the same plain layout
 * whichever trainer fitted it (our dense kernels or tfjs): layers with a row-major
 * inputs × units kernel, a bias and an activation; regression outputs are mapped back from the
 * standardised target.
 *
 * In float, as Tessera predicts (predictMlp: tfjs float32 tensors made from the float64
 * features): the double features are cast to float first, the value Float32Array.from gives;
 * a regression output is mapped back in double, as predictMlp does on the float32 values. Gemm
 * sums in an order of its own, so probabilities agree within about 1e-6, not to the bit.
 */
import type { MlpState } from '../../ml/models/mlp-types';
import { attr, OnnxExportError, type GraphBuilder } from '../ir';
import { cast, f32, f64, op } from '../ops';
import type { OnnxFamilyConverter } from './types';

function activate(g: GraphBuilder, h: string, activation: string): string {
	switch (activation) {
		case 'relu':
			return op(g, 'Relu', [h]);
		case 'tanh':
			return op(g, 'Tanh', [h]);
		case 'sigmoid':
			return op(g, 'Sigmoid', [h]);
		case 'elu':
			return op(g, 'Elu', [h], { alpha: attr.float(1) });
		case 'gelu': {
			// x · Φ(x) = 0.5 · x · (1 + erf(x / √2)), the exact form tfjs trains with (Gelu is opset 20).
			const erf = op(g, 'Erf', [op(g, 'Div', [h, f32(g, 'sqrt2', [Math.SQRT2], [])])]);
			return op(g, 'Mul', [op(g, 'Mul', [h, f32(g, 'half', [0.5], [])]), op(g, 'Add', [erf, f32(g, 'one', [1], [])])]);
		}
		case 'softmax':
			return op(g, 'Softmax', [h], { axis: attr.int(1) });
		case 'linear':
			return h;
	}
	throw new OnnxExportError('Neural network', `activation "${activation}" has no ONNX form in this exporter`);
}

export const mlpConverter: OnnxFamilyConverter = (g, model, X) => {
	const s = model.estimator as MlpState;
	if (!s || !Array.isArray(s.layers) || s.layers.length === 0 || s.layers[0].inputs !== model.features.length)
		throw new OnnxExportError('Neural network', 'its fitted layers are not in the form this exporter reads');
	let h = cast(g, X, 'float');
	for (const l of s.layers) {
		if (l.kernel.length !== l.inputs * l.units || l.bias.length !== l.units)
			throw new OnnxExportError('Neural network', "a layer's weights do not match its size");
		const z = op(g, 'Gemm', [h, f32(g, 'kernel', l.kernel, [l.inputs, l.units]), f32(g, 'bias', l.bias, [l.units])]);
		h = activate(g, z, l.activation);
	}
	if (model.task === 'classification') {
		const label = op(g, 'ArgMax', [h], { axis: attr.int(1), keepdims: attr.int(0) });
		return { label, probabilities: h };
	}
	if (s.target) {
		const y = op(g, 'Add', [
			op(g, 'Mul', [cast(g, h, 'double'), f64(g, 'target_std', [s.target.std], [])]),
			f64(g, 'target_mean', [s.target.mean], [])
		]);
		h = cast(g, y, 'float');
	}
	return { label: h, probabilities: null };
};
