/**
 * The dense trainer's WebGPU kernels, as WGSL source (pure data: the device code that compiles
 * and dispatches them lives in workers/dense-gpu.ts).
 *
 * Every kernel works on one storage buffer, `heap`, laid out exactly as the CPU trainer's heap
 * (network.ts planLayout: parameters, gradients, Adam moments, activations, deltas), so the
 * CPU kernels and these agree buffer for buffer and a test can compare them offset by offset.
 * The training rows, their row order for the epoch and their labels stay resident in their own
 * buffers; a step gathers its batch from them, so nothing crosses to the GPU per step but the
 * small per-dispatch records (gpu-plan.ts) written once per submit.
 *
 * Numerics follow the CPU path (relu.ts, network.ts, loss.ts, adam.ts) operation for operation;
 * only the order of the multiply-adds inside a dot product differs.
 */

/** Bytes between two per-dispatch records: WebGPU's minUniformBufferOffsetAlignment default. */
export const RECORD_BYTES = 256;
/** u32 fields, then f32 fields, of one record (the struct `P` below). */
export const RECORD_U32 = 24;
export const RECORD_F32 = 8;
/** The divergence flag's value while every step so far was finite. */
export const NO_DIVERGENCE = 0xffffffff;
/** Threads per workgroup of the 1-D kernels, and the side of the GEMM's square workgroup. */
export const LINEAR_GROUP = 256;
export const TILE = 16;

export const DENSE_WGSL = /* wgsl */ `
struct P {
  m: u32, n: u32, k: u32, mode: u32,
  a: u32, rsA: u32, csA: u32, b: u32,
  rsB: u32, csB: u32, c: u32, ldc: u32,
  aux: u32, act: u32, onesRow: u32, start: u32,
  rows: u32, cols: u32, classes: u32, stepIndex: u32,
  count: u32, pad0: u32, pad1: u32, pad2: u32,
  f0: f32, f1: f32, f2: f32, f3: f32,
  f4: f32, f5: f32, f6: f32, f7: f32,
}

@group(0) @binding(0) var<uniform> u: P;
@group(0) @binding(1) var<storage, read_write> heap: array<f32>;
@group(0) @binding(2) var<storage, read> xs: array<f32>;
@group(0) @binding(3) var<storage, read> order: array<u32>;
@group(0) @binding(4) var<storage, read> labels: array<f32>;
@group(0) @binding(5) var<storage, read_write> stepLoss: array<f32>;
@group(0) @binding(6) var<storage, read_write> flag: array<atomic<u32>>;

const G: u32 = ${LINEAR_GROUP}u;

// Infinity and NaN have every exponent bit set; a bit test survives fast-math compilers that
// may fold x != x away.
fn finite(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}

// tanh through exp(-2|x|), which cannot overflow, unlike sinh/cosh for large |x|.
fn tanh_safe(x: f32) -> f32 {
  let t = exp(-2.0 * abs(x));
  return sign(x) * (1.0 - t) / (1.0 + t);
}

// The batch: rows × cols features of the rows order[start ..] copied into acts[0] (u.c).
@compute @workgroup_size(${LINEAR_GROUP})
fn gather(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  let total = u.rows * u.cols;
  for (var i = gid.x; i < total; i += nw.x * G) {
    let r = i / u.cols;
    let j = i - r * u.cols;
    heap[u.c + i] = xs[order[u.start + r] * u.cols + j];
  }
}

// C (m×n, row stride ldc) = A·B over k, A at a + i·rsA + p·csA and B at b + p·rsB + j·csB
// (strides let one kernel read Hᵀ for dW and Wᵀ for dX without a copy), then by mode:
//   0  forward:  act(acc + bias[j]), bias at aux; act 0 linear, 1 relu, 2 tanh
//   1  dX:       acc · act′, written from the layer's output at aux (same shape as C)
//   2  dW:       acc + f0 · W (L2), W at aux; with onesRow the last row of A is ones, so the
//                last row of C, which planLayout puts where the bias gradient lives, is Σ dZ
//                (no L2 on it); a non-finite gradient flags the step
// One output per thread straight from the heap, no workgroup tiles: the dense network's
// products are thin (m·n small), caches serve the reuse, and without barriers a software
// adapter runs it several times faster (a 16×16 shared-memory tiling took 4–5× longer per
// epoch on SwiftShader here). Whether tiles pay on a real GPU is for bench/gpu/run-wgsl.sh.
@compute @workgroup_size(${TILE}, ${TILE})
fn gemm(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.y;
  let j = gid.x;
  if (i >= u.m || j >= u.n) {
    return;
  }
  var acc = 0.0;
  if (u.onesRow == 1u && i == u.m - 1u) {
    for (var p = 0u; p < u.k; p++) {
      acc = acc + heap[u.b + p * u.rsB + j * u.csB];
    }
  } else {
    let a0 = u.a + i * u.rsA;
    let b0 = u.b + j * u.csB;
    for (var p = 0u; p < u.k; p++) {
      acc = acc + heap[a0 + p * u.csA] * heap[b0 + p * u.rsB];
    }
  }
  let at = i * u.ldc + j;
  var v = acc;
  if (u.mode == 0u) {
    v = acc + heap[u.aux + j];
    if (u.act == 1u) {
      v = select(0.0, v, v > 0.0);
    } else if (u.act == 2u) {
      v = tanh_safe(v);
    }
  } else if (u.mode == 1u) {
    let a = heap[u.aux + at];
    if (u.act == 1u) {
      v = select(0.0, acc, a > 0.0);
    } else if (u.act == 2u) {
      v = acc * (1.0 - a * a);
    }
  } else {
    if (!(u.onesRow == 1u && i == u.m - 1u)) {
      v = acc + u.f0 * heap[u.aux + at];
    }
    if (!finite(v)) {
      atomicMin(&flag[0], u.stepIndex);
    }
  }
  heap[u.c + at] = v;
}

var<workgroup> part: array<f32, ${LINEAR_GROUP}>;

// The output's loss and error signal over the batch, one workgroup: mode 0 softmax (the output
// at a, linear, becomes probabilities in place) and cross-entropy against class codes, mode 1
// half squared error against standardised targets; dLoss/dZ ÷ rows into delta (c). The summed
// loss goes to stepLoss[stepIndex]; a non-finite one flags the step.
@compute @workgroup_size(${LINEAR_GROUP})
fn loss(@builtin(local_invocation_index) li: u32) {
  var s = 0.0;
  let scale = 1.0 / f32(u.rows);
  let k = u.classes;
  for (var r = li; r < u.rows; r += G) {
    let z = u.a + r * k;
    let d = u.c + r * k;
    let label = labels[order[u.start + r]];
    if (u.mode == 0u) {
      var mx = heap[z];
      for (var j = 1u; j < k; j++) {
        mx = max(mx, heap[z + j]);
      }
      var sum = 0.0;
      for (var j = 0u; j < k; j++) {
        let e = exp(heap[z + j] - mx);
        heap[z + j] = e;
        sum = sum + e;
      }
      for (var j = 0u; j < k; j++) {
        heap[z + j] = heap[z + j] / sum;
      }
      let y = u32(label);
      s = s - log(max(heap[z + y], 1e-7));
      for (var j = 0u; j < k; j++) {
        heap[d + j] = (heap[z + j] - select(0.0, 1.0, j == y)) * scale;
      }
    } else {
      let e = heap[z] - label;
      s = s + e * e;
      heap[d] = e * scale;
    }
  }
  part[li] = s;
  workgroupBarrier();
  for (var w = G / 2u; w > 0u; w = w / 2u) {
    if (li < w) {
      part[li] = part[li] + part[li + w];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    stepLoss[u.stepIndex] = part[0];
    if (!finite(part[0])) {
      atomicMin(&flag[0], u.stepIndex);
    }
  }
}

// One Adam step over count parameters (params a, grads b, m c, v aux): f0 the bias-corrected
// step size, f1 β1, f2 β2, f3 ε, f4 1 − β1, f5 1 − β2. Skipped, as on the CPU, once any step
// has been flagged, so the weights kept are the last ones that behaved.
@compute @workgroup_size(${LINEAR_GROUP})
fn adam(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nw: vec3<u32>) {
  if (atomicLoad(&flag[0]) != ${NO_DIVERGENCE}u) {
    return;
  }
  for (var i = gid.x; i < u.count; i += nw.x * G) {
    let g = heap[u.b + i];
    let mi = u.f1 * heap[u.c + i] + u.f4 * g;
    let vi = u.f2 * heap[u.aux + i] + u.f5 * g * g;
    heap[u.c + i] = mi;
    heap[u.aux + i] = vi;
    heap[u.a + i] = heap[u.a + i] - (u.f0 * mi) / (sqrt(vi) + u.f3);
  }
}
`;
