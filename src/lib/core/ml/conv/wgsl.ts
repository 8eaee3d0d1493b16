/**
 * The convolution kernels as WGSL compute shaders (pure data: workers/conv-gpu.ts compiles and
 * dispatches them). Every kernel reads and writes one storage buffer, `heap`, at the offsets of
 * a ConvOp (kernel-api.ts), so the CPU reference (cpu.ts) and these run the same list of
 * operations on the same layout and a test compares them offset by offset.
 *
 * The three convolution kernels are one tiled implicit GEMM each: a 16×16 workgroup computes a
 * tile of 16 rows × 16 columns of the output, stepping through the reduction 16 at a time with
 * both operands' tiles in workgroup memory, gathered straight from the images (no im2col
 * buffer):
 *   conv_forward      rows: output pixels (batch·oh·ow), columns: output channels,
 *                     reduction: the patch (ky, kx, in); then + bias and the optional ReLU
 *   conv_input_grad   rows: input pixels, columns: input channels, reduction: (ky, kx, out)
 *                     of dy at the output pixels each input pixel feeds
 *   conv_filter_grad  rows: patch entries plus one row of ones (the bias gradient), columns:
 *                     output channels, reduction: every output pixel of the batch in order
 *                     (image, row, column), so the sum has one fixed order whatever the device
 * Each thread adds its products in increasing reduction index, so a run gives the same bits
 * every time. Rows and columns past the edge load zeros and write nothing, so any size works,
 * not only multiples of the tile.
 */

/** The side of a convolution workgroup's square tile, and threads per 1-D workgroup. */
export const CONV_TILE = 16;
export const CONV_LINEAR = 256;
/** u32 fields of one record (the struct `P` below); records sit RECORD_BYTES apart (dense/wgsl.ts). */
export const CONV_RECORD_FIELDS = [
	'batch',
	'height',
	'width',
	'inC',
	'outC',
	'kh',
	'kw',
	'outH',
	'outW',
	'padT',
	'padL',
	'flag',
	'a',
	'b',
	'c',
	'd',
	'e'
] as const;
export type ConvRecordField = (typeof CONV_RECORD_FIELDS)[number];

export const CONV_WGSL = /* wgsl */ `
struct P {
  batch: u32, height: u32, width: u32, inC: u32,
  outC: u32, kh: u32, kw: u32, outH: u32,
  outW: u32, padT: u32, padL: u32, flag: u32,
  a: u32, b: u32, c: u32, d: u32,
  e: u32,
}

@group(0) @binding(0) var<uniform> u: P;
@group(0) @binding(1) var<storage, read_write> heap: array<f32>;

const T: u32 = ${CONV_TILE}u;
const G: u32 = ${CONV_LINEAR}u;
const NONE: u32 = 0xffffffffu;

var<workgroup> ta: array<f32, ${CONV_TILE * CONV_TILE}>;
var<workgroup> tb: array<f32, ${CONV_TILE * CONV_TILE}>;

// The input image at a (NHWC) under patch entry q = (ky·kw + kx)·inC + ci of output pixel
// p = (b·outH + oy)·outW + ox, or 0 in the padding.
fn patch_at(p: u32, q: u32) -> f32 {
  let ox = p % u.outW;
  let t = p / u.outW;
  let oy = t % u.outH;
  let b = t / u.outH;
  let ci = q % u.inC;
  let t2 = q / u.inC;
  let kx = t2 % u.kw;
  let ky = t2 / u.kw;
  let iy = i32(oy + ky) - i32(u.padT);
  let ix = i32(ox + kx) - i32(u.padL);
  if (iy < 0 || iy >= i32(u.height) || ix < 0 || ix >= i32(u.width)) {
    return 0.0;
  }
  return heap[u.a + ((b * u.height + u32(iy)) * u.width + u32(ix)) * u.inC + ci];
}

// y (d) = act(x (a) ⊛ w (b) + bias (c)); flag 1: ReLU.
@compute @workgroup_size(${CONV_TILE}, ${CONV_TILE})
fn conv_forward(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let M = u.batch * u.outH * u.outW;
  let N = u.outC;
  let K = u.kh * u.kw * u.inC;
  let row = wg.y * T + l.y;
  let col = wg.x * T + l.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < K; k0 += T) {
    let ka = k0 + l.x;
    var va = 0.0;
    if (row < M && ka < K) {
      va = patch_at(row, ka);
    }
    ta[l.y * T + l.x] = va;
    let kb = k0 + l.y;
    var vb = 0.0;
    if (kb < K && col < N) {
      vb = heap[u.b + kb * N + col];
    }
    tb[l.y * T + l.x] = vb;
    workgroupBarrier();
    for (var t = 0u; t < T; t++) {
      acc = acc + ta[l.y * T + t] * tb[t * T + l.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < N) {
    var v = acc + heap[u.c + col];
    if (u.flag == 1u) {
      v = select(0.0, v, v > 0.0);
    }
    heap[u.d + row * N + col] = v;
  }
}

// dy (a) at the output pixel that input pixel q = (b·height + iy)·width + ix feeds through
// filter entry j = (ky·kw + kx)·outC + co, or 0 where that pixel is outside the output.
fn fed(q: u32, j: u32) -> f32 {
  let ix = q % u.width;
  let t = q / u.width;
  let iy = t % u.height;
  let b = t / u.height;
  let co = j % u.outC;
  let t2 = j / u.outC;
  let kx = t2 % u.kw;
  let ky = t2 / u.kw;
  let oy = i32(iy + u.padT) - i32(ky);
  let ox = i32(ix + u.padL) - i32(kx);
  if (oy < 0 || oy >= i32(u.outH) || ox < 0 || ox >= i32(u.outW)) {
    return 0.0;
  }
  return heap[u.a + ((b * u.outH + u32(oy)) * u.outW + u32(ox)) * u.outC + co];
}

// dx (d) = Σ over (ky, kx, co) of dy (a) · w (b).
@compute @workgroup_size(${CONV_TILE}, ${CONV_TILE})
fn conv_input_grad(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let M = u.batch * u.height * u.width;
  let N = u.inC;
  let K = u.kh * u.kw * u.outC;
  let row = wg.y * T + l.y;
  let col = wg.x * T + l.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < K; k0 += T) {
    let ka = k0 + l.x;
    var va = 0.0;
    if (row < M && ka < K) {
      va = fed(row, ka);
    }
    ta[l.y * T + l.x] = va;
    let kb = k0 + l.y;
    var vb = 0.0;
    if (kb < K && col < N) {
      // Filter entry ((ky·kw + kx)·inC + ci)·outC + co for kb = (ky·kw + kx)·outC + co.
      vb = heap[u.b + ((kb / u.outC) * u.inC + col) * u.outC + kb % u.outC];
    }
    tb[l.y * T + l.x] = vb;
    workgroupBarrier();
    for (var t = 0u; t < T; t++) {
      acc = acc + ta[l.y * T + t] * tb[t * T + l.x];
    }
    workgroupBarrier();
  }
  if (row < M && col < N) {
    heap[u.d + row * N + col] = acc;
  }
}

// dw (d) = Σ over output pixels p of patch_at(p, q) · dy (b)[p, co]; the extra row q = patch size
// is all ones, which makes it db (e) = Σ dy.
@compute @workgroup_size(${CONV_TILE}, ${CONV_TILE})
fn conv_filter_grad(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) l: vec3<u32>) {
  let Q = u.kh * u.kw * u.inC;
  let M = Q + 1u;
  let N = u.outC;
  let K = u.batch * u.outH * u.outW;
  let row = wg.y * T + l.y;
  let col = wg.x * T + l.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < K; k0 += T) {
    let ka = k0 + l.x;
    var va = 0.0;
    if (row < Q && ka < K) {
      va = patch_at(ka, row);
    } else if (row == Q && ka < K) {
      va = 1.0;
    }
    ta[l.y * T + l.x] = va;
    let kb = k0 + l.y;
    var vb = 0.0;
    if (kb < K && col < N) {
      vb = heap[u.b + kb * N + col];
    }
    tb[l.y * T + l.x] = vb;
    workgroupBarrier();
    for (var t = 0u; t < T; t++) {
      acc = acc + ta[l.y * T + t] * tb[t * T + l.x];
    }
    workgroupBarrier();
  }
  if (row < Q && col < N) {
    heap[u.d + row * N + col] = acc;
  } else if (row == Q && col < N) {
    heap[u.e + col] = acc;
  }
}

// The index (from a) of the first largest value of window (oy, ox) of image b, channel c
// (strictly greater wins, as cpu.ts and tf.maxPool).
fn argmax(b: u32, oy: u32, ox: u32, c: u32) -> u32 {
  var best = NONE;
  var mx = 0.0;
  for (var dy = 0u; dy < 2u; dy++) {
    for (var dx = 0u; dx < 2u; dx++) {
      let iy = 2u * oy + dy;
      let ix = 2u * ox + dx;
      if (iy < u.height && ix < u.width) {
        let at = ((b * u.height + iy) * u.width + ix) * u.inC + c;
        let v = heap[u.a + at];
        if (best == NONE || v > mx) {
          best = at;
          mx = v;
        }
      }
    }
  }
  return best;
}

// y (d) = the largest value of each 2×2 window of x (a); channels in inC, output size outH × outW.
@compute @workgroup_size(${CONV_LINEAR})
fn pool_forward(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let count = u.batch * u.outH * u.outW * u.inC;
  for (var i = gid.x; i < count; i += nw.x * G) {
    let c = i % u.inC;
    let t = i / u.inC;
    let ox = t % u.outW;
    let t2 = t / u.outW;
    heap[u.d + i] = heap[u.a + argmax(t2 / u.outH, t2 % u.outH, ox, c)];
  }
}

// dx (d) = dy (b) at each window's argmax of x (a), 0 elsewhere; flag 1 also 0 where x ≤ 0.
// One thread per input value: windows do not overlap, so nothing is added twice.
@compute @workgroup_size(${CONV_LINEAR})
fn pool_grad(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let count = u.batch * u.height * u.width * u.inC;
  for (var i = gid.x; i < count; i += nw.x * G) {
    let c = i % u.inC;
    let t = i / u.inC;
    let ix = t % u.width;
    let t2 = t / u.width;
    let iy = t2 % u.height;
    let b = t2 / u.height;
    let oy = iy / 2u;
    let ox = ix / 2u;
    var v = 0.0;
    if (oy < u.outH && ox < u.outW && argmax(b, oy, ox, c) == i) {
      v = heap[u.b + ((b * u.outH + oy) * u.outW + ox) * u.inC + c];
      if (u.flag == 1u && !(heap[u.a + i] > 0.0)) {
        v = 0.0;
      }
    }
    heap[u.d + i] = v;
  }
}
`;
