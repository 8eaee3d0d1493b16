import { createRandom } from '../../util/random';
import type { AgreementCheck, AgreementReport } from '../dense/gpu-agreement';
import { createCpuConvDevice } from './cpu';
import { convCounts, convSizes, poolCounts, type ConvGeometry, type PoolGeometry } from './geometry';
import type { ConvDevice, ConvHeap, ConvOp } from './kernel-api';

/** The tolerance against the reference kernels: |gpu − cpu| / max(1, |cpu|). */
export const CONV_AGREEMENT = 1e-4;
/**
 * Central differences in single precision away from kinks: the loss's rounding (~1e-6 of ~10)
 * over 2·eps bounds them.
 */
const FINITE_DIFFERENCES = 2e-3;
/** One-sided slopes that differ by more than this share (plus the rounding's) mark a kink. */
const KINK = 1e-3;
const SLOPE_NOISE = 5e-4;

/**
 * The shapes the kernels are checked on: the digits CNN's two layers, the 28×28 images of a
 * bigger dataset, and odd sizes that leave ragged tiles (17 and 19 channels, 7×5 images,
 * 'valid' padding, a 5×4 filter). Each runs conv (+ ReLU) → max-pool → the pool's gradient
 * (masked by the ReLU) → the conv's input and filter gradients.
 */
export const AGREEMENT_SHAPES: readonly { geometry: ConvGeometry; relu: boolean }[] = [
	{ geometry: conv(5, 8, 8, 1, 16, 3, 3, 'same'), relu: true },
	{ geometry: conv(5, 4, 4, 16, 32, 3, 3, 'same'), relu: true },
	{ geometry: conv(4, 28, 28, 1, 16, 3, 3, 'same'), relu: true },
	{ geometry: conv(3, 7, 5, 3, 17, 3, 3, 'same'), relu: true },
	{ geometry: conv(2, 9, 11, 4, 7, 3, 3, 'valid'), relu: false },
	{ geometry: conv(2, 10, 9, 5, 19, 5, 4, 'valid'), relu: true }
];

function conv(
	batch: number,
	height: number,
	width: number,
	inChannels: number,
	outChannels: number,
	kernelHeight: number,
	kernelWidth: number,
	padding: 'same' | 'valid'
): ConvGeometry {
	return { batch, height, width, inChannels, outChannels, kernelHeight, kernelWidth, padding };
}

export const shapeName = (g: ConvGeometry, relu: boolean): string =>
	`${g.batch}×${g.height}×${g.width}×${g.inChannels} ⊛ ${g.kernelHeight}×${g.kernelWidth}→${g.outChannels} ${g.padding}${relu ? ' + ReLU' : ''}`;

/** Offsets of one block after another in a heap. */
function layout<K extends string>(blocks: Record<K, number>): { at: Record<K, number>; floats: number } {
	const at = {} as Record<K, number>;
	let floats = 0;
	for (const k of Object.keys(blocks) as K[]) {
		at[k] = floats;
		floats += blocks[k];
	}
	return { at, floats };
}

/** One conv block's forward and backward pass as operations, with the heap they need. */
export function blockPass(geometry: ConvGeometry, relu: boolean) {
	const s = convSizes(geometry);
	const n = convCounts(geometry);
	const pool: PoolGeometry = {
		batch: geometry.batch,
		height: s.outHeight,
		width: s.outWidth,
		channels: geometry.outChannels,
		padding: relu ? 'same' : 'valid'
	};
	const pn = poolCounts(pool);
	const { at, floats } = layout({
		x: n.input,
		w: n.filter,
		b: n.bias,
		y: n.output,
		p: pn.output,
		dp: pn.output,
		dy: n.output,
		dx: n.input,
		dw: n.filter,
		db: n.bias
	});
	const forward: ConvOp[] = [
		{ op: 'conv', geometry, x: at.x, w: at.w, bias: at.b, y: at.y, relu },
		{ op: 'maxPool', geometry: pool, x: at.y, y: at.p }
	];
	const backward: ConvOp[] = [
		{ op: 'maxPoolGrad', geometry: pool, x: at.y, dy: at.dp, dx: at.dy, reluMask: relu },
		{ op: 'convInputGrad', geometry, dy: at.dy, w: at.w, dx: at.dx },
		{ op: 'convFilterGrad', geometry, x: at.x, dy: at.dy, dw: at.dw, db: at.db }
	];
	const outputs = { y: n.output, p: pn.output, dy: n.output, dx: n.input, dw: n.filter, db: n.bias } as const;
	return { at, floats, forward, backward, outputs, inputs: { x: n.input, w: n.filter, b: n.bias, dp: pn.output } };
}

const OUTPUT_NAMES = {
	y: 'conv output',
	p: 'max-pool output',
	dy: 'max-pool gradient',
	dx: 'input gradient',
	dw: 'filter gradient',
	db: 'bias gradient'
} as const;

function worstRelative(a: Float32Array, ref: Float32Array): number {
	if (a.length !== ref.length) return Infinity;
	let w = 0;
	for (let i = 0; i < a.length; i++) {
		const d = Math.abs(a[i] - ref[i]) / Math.max(1, Math.abs(ref[i]));
		// NaN fails the check rather than vanishing in Math.max.
		w = Number.isNaN(d) ? Infinity : Math.max(w, d);
	}
	return w;
}

/**
 * Runs the kernels of `device` against the reference kernels on fixed seeded data: every
 * operation's output on every shape, the filter gradient of a second run bit for bit (its sum
 * has one fixed order), and the device's gradients against central differences of its own
 * loss. The browser spec (e2e/gpu-kernels.spec.ts) asserts each check within its tolerance.
 */
export async function convAgreement(device: ConvDevice, reference: ConvDevice = createCpuConvDevice('f32')): Promise<AgreementReport> {
	const checks: AgreementCheck[] = [];
	for (const [i, { geometry, relu }] of AGREEMENT_SHAPES.entries()) {
		const pass = blockPass(geometry, relu);
		const random = createRandom(100 + i);
		const heaps = [device.createHeap(pass.floats), reference.createHeap(pass.floats)];
		try {
			for (const [name, count] of Object.entries(pass.inputs)) {
				const values = Float32Array.from({ length: count }, () => random() * 2 - 1);
				for (const h of heaps) h.write(pass.at[name as keyof typeof pass.inputs], values);
			}
			for (const h of heaps) h.run([...pass.forward, ...pass.backward]);
			const read = (h: ConvHeap, name: keyof typeof pass.outputs) => h.read(pass.at[name], pass.outputs[name]);
			for (const name of Object.keys(pass.outputs) as (keyof typeof pass.outputs)[])
				checks.push({
					name: `${shapeName(geometry, relu)}: ${OUTPUT_NAMES[name]}`,
					worst: worstRelative(await read(heaps[0], name), await read(heaps[1], name)),
					tolerance: CONV_AGREEMENT
				});
			if (i === 0) {
				const first = await read(heaps[0], 'dw');
				heaps[0].run(pass.backward);
				checks.push({
					name: `${shapeName(geometry, relu)}: filter gradient of a second run, bit for bit`,
					worst: worstRelative(await read(heaps[0], 'dw'), first),
					tolerance: 0
				});
			}
		} finally {
			for (const h of heaps) h.destroy();
		}
	}
	checks.push(await finiteDifferences(device));
	return { device: device.description, software: device.software, cpuKernels: reference.description, checks };
}

/**
 * L = Σ r ⊙ pool(relu(x ⊛ w + b)) for fixed r: the device's backward pass against central
 * differences of the device's own L, over every filter and bias value and a stretch of x.
 */
export async function finiteDifferences(device: ConvDevice): Promise<AgreementCheck> {
	const geometry = conv(2, 5, 6, 2, 3, 3, 3, 'same');
	const pass = blockPass(geometry, true);
	const random = createRandom(7);
	const h = device.createHeap(pass.floats);
	try {
		const inputs: Record<string, Float32Array> = {};
		for (const [name, count] of Object.entries(pass.inputs)) {
			inputs[name] = Float32Array.from({ length: count }, () => random() * 2 - 1);
			h.write(pass.at[name as keyof typeof pass.inputs], inputs[name]);
		}
		const r = inputs.dp;
		const loss = async () => {
			h.run(pass.forward);
			const p = await h.read(pass.at.p, pass.outputs.p);
			let s = 0;
			for (let i = 0; i < p.length; i++) s += r[i] * p[i];
			return s;
		};
		const base = await loss();
		h.run(pass.backward);
		const grads = {
			x: await h.read(pass.at.dx, pass.outputs.dx),
			w: await h.read(pass.at.dw, pass.outputs.dw),
			b: await h.read(pass.at.db, pass.outputs.db)
		};
		const eps = 1e-2;
		let worst = 0;
		let checked = 0;
		let kinks = 0;
		for (const name of ['w', 'b', 'x'] as const) {
			const values = inputs[name];
			const count = name === 'x' ? Math.min(values.length, 40) : values.length;
			for (let i = 0; i < count; i++) {
				const keep = values[i];
				const poke = async (v: number) => {
					h.write(pass.at[name] + i, Float32Array.of(v));
					return loss();
				};
				const up = await poke(keep + eps);
				const down = await poke(keep - eps);
				await poke(keep);
				// L is piecewise linear in each value (conv, ReLU, max, a weighted sum): where the two
				// one-sided slopes differ, a ReLU or a window's argmax switched within ±eps and the
				// central difference measures the kink, not the gradient. Such values are skipped
				// (and counted: most must be checked).
				const right = (up - base) / eps;
				const left = (base - down) / eps;
				if (Math.abs(right - left) > KINK * (Math.abs(right) + Math.abs(left)) + SLOPE_NOISE) {
					kinks++;
					continue;
				}
				checked++;
				const numeric = (up - down) / (2 * eps);
				const a = grads[name][i];
				worst = Math.max(worst, Math.abs(numeric - a) / Math.max(1e-2, Math.abs(numeric) + Math.abs(a)));
			}
		}
		return {
			name: `${shapeName(geometry, true)} → max-pool: gradients against finite differences (relative; ${kinks} of ${checked + kinks} values at a kink skipped)`,
			// A check that skipped most values says little: fail it.
			worst: kinks > (checked + kinks) / 5 ? Infinity : worst,
			tolerance: FINITE_DIFFERENCES
		};
	} finally {
		h.destroy();
	}
}
