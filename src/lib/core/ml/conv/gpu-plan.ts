import { RECORD_BYTES } from '../dense/wgsl';
import { convSizes, poolSizes } from './geometry';
import type { ConvOp } from './kernel-api';
import { CONV_LINEAR, CONV_RECORD_FIELDS, CONV_TILE, type ConvRecordField } from './wgsl';

/** The entry points of CONV_WGSL. */
export type ConvKernel = 'conv_forward' | 'conv_input_grad' | 'conv_filter_grad' | 'pool_forward' | 'pool_grad';
export const CONV_KERNELS: readonly ConvKernel[] = ['conv_forward', 'conv_input_grad', 'conv_filter_grad', 'pool_forward', 'pool_grad'];

export type ConvRecord = Partial<Record<ConvRecordField, number>>;

/** One dispatch: the entry point, its workgroup grid and its uniform record. */
export interface ConvDispatch {
	kernel: ConvKernel;
	groups: [number, number];
	record: ConvRecord;
}

/** WebGPU's default maxComputeWorkgroupsPerDimension. */
const MAX_GROUPS = 65535;

const tiles = (n: number) => Math.ceil(n / CONV_TILE);

function grid(what: string, rows: number, cols: number): [number, number] {
	const g: [number, number] = [tiles(cols), tiles(rows)];
	if (g[1] > MAX_GROUPS)
		throw new Error(`${what} on WebGPU: ${rows} output rows need ${g[1]} workgroups, over WebGPU's ${MAX_GROUPS}; use a smaller batch`);
	return g;
}

/** The dispatch that runs one operation of kernel-api.ts on CONV_WGSL. */
export function convDispatch(op: ConvOp): ConvDispatch {
	if (op.op === 'maxPool' || op.op === 'maxPoolGrad') {
		const g = op.geometry;
		const s = poolSizes(g);
		const shape = { batch: g.batch, height: g.height, width: g.width, inC: g.channels, outH: s.outHeight, outW: s.outWidth };
		const count = g.batch * (op.op === 'maxPool' ? s.outHeight * s.outWidth : g.height * g.width) * g.channels;
		const groups: [number, number] = [Math.min(MAX_GROUPS, Math.ceil(count / CONV_LINEAR)), 1];
		return op.op === 'maxPool'
			? { kernel: 'pool_forward', groups, record: { ...shape, a: op.x, d: op.y } }
			: { kernel: 'pool_grad', groups, record: { ...shape, a: op.x, b: op.dy, d: op.dx, flag: op.reluMask ? 1 : 0 } };
	}
	const g = op.geometry;
	const s = convSizes(g);
	const shape = {
		batch: g.batch,
		height: g.height,
		width: g.width,
		inC: g.inChannels,
		outC: g.outChannels,
		kh: g.kernelHeight,
		kw: g.kernelWidth,
		outH: s.outHeight,
		outW: s.outWidth,
		padT: s.padTop,
		padL: s.padLeft
	};
	switch (op.op) {
		case 'conv':
			return {
				kernel: 'conv_forward',
				groups: grid('conv2d', g.batch * s.outHeight * s.outWidth, g.outChannels),
				record: { ...shape, a: op.x, b: op.w, c: op.bias, d: op.y, flag: op.relu ? 1 : 0 }
			};
		case 'convInputGrad':
			return {
				kernel: 'conv_input_grad',
				groups: grid('conv2d input gradient', g.batch * g.height * g.width, g.inChannels),
				record: { ...shape, a: op.dy, b: op.w, d: op.dx }
			};
		case 'convFilterGrad':
			return {
				kernel: 'conv_filter_grad',
				groups: grid('conv2d filter gradient', s.patch + 1, g.outChannels),
				record: { ...shape, a: op.x, b: op.dy, d: op.dw, e: op.db }
			};
	}
}

/** Records packed RECORD_BYTES apart, for one uniform buffer read at dynamic offsets. */
export function packConvRecords(records: readonly ConvRecord[]): ArrayBuffer {
	const buf = new ArrayBuffer(Math.max(1, records.length) * RECORD_BYTES);
	records.forEach((r, i) => {
		const u = new Uint32Array(buf, i * RECORD_BYTES, CONV_RECORD_FIELDS.length);
		CONV_RECORD_FIELDS.forEach((name, at) => {
			const v = r[name] ?? 0;
			if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`conv GPU record field ${name} is ${v}, not a u32`);
			u[at] = v;
		});
	});
	return buf;
}
