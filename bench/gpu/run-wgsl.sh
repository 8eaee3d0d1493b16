#!/usr/bin/env bash
# One device run for Tessera's own WGSL dense kernels: per-epoch time of the benchmark MLP
# (20→64→64→2, 100,000 rows, batch 256 and 4096) on
#   - our WGSL kernels on the GPU (Dawn's WebGPU in Node: npm `webgpu`, as run.sh uses for tfjs),
#   - our CPU kernels (WebAssembly SIMD, one core) on the same machine,
#   - PyTorch CUDA (and CPU) on the same GPU and rows, if python3 has torch,
# writing $OUT/wgsl-dense.jsonl, $OUT/torch.json and $OUT/run-wgsl.log. Nothing is timed here
# that is not written there; copy the figures to bench/results/ with the date and the machine.
#
# The digits CNN's convolution layers (not its training: the CNN still trains on TensorFlow.js)
# are timed by wgsl-conv.mjs (bench/gpu/wgsl-conv.ts) on our WGSL conv kernels and on the
# TypeScript reference conv kernels, after their agreement checks on the device, into
# $OUT/wgsl-conv.jsonl; bundle it beside wgsl-dense.mjs:
#   npx esbuild bench/gpu/wgsl-conv.ts --bundle --platform=node --format=esm --external:webgpu --outfile=.gpu-bench/wgsl-conv.mjs
#
# What travels in .gpu-bench/ (see README.md, "How to rerun"): node.xz, dawn.node.xz,
# node_modules/webgpu/{index.js,package.json}, debs/ (Vulkan loader + glvnd), bench.mjs (data
# generator), torch_ref.py, and wgsl-dense.mjs bundled from wgsl-dense.ts:
#   npx esbuild bench/gpu/wgsl-dense.ts --bundle --platform=node --format=esm --external:webgpu --outfile=.gpu-bench/wgsl-dense.mjs
#   cp bench/gpu/run-wgsl.sh .gpu-bench/
# Device call: `bash .gpu-bench/run-wgsl.sh` with carry [".gpu-bench"], timeout_s ~420.
# Locally (no GPU) it runs on SwiftShader: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
# OUT=/tmp/wgslout bash .gpu-bench/run-wgsl.sh  (correctness of the script only; its times mean nothing).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-/tmp/wgslout}"
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/wgsl.XXXX)"
PY="${PYTHON:-python3}"
ROWS="${ROWS:-100000}"
exec > >(tee -a "$OUT/run-wgsl.log") 2>&1
T0=$(date +%s)
step() { echo; echo "=== [$(( $(date +%s) - T0 ))s] $*"; }
export XDG_RUNTIME_DIR=/tmp

step "machine"
date -u; uname -a; nproc; lscpu | grep "Model name"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1

step "unpack node and dawn.node"
"$PY" - "$HERE" "$WORK" <<'EOF'
import lzma, os, shutil, sys
here, work = sys.argv[1], sys.argv[2]
with lzma.open(os.path.join(here, "node.xz")) as src, open(os.path.join(work, "node"), "wb") as dst:
    shutil.copyfileobj(src, dst)
os.chmod(os.path.join(work, "node"), 0o755)
dawn = os.path.join(here, "node_modules/webgpu/dist/linux-x64/dawn.node")
if not os.path.exists(dawn):
    os.makedirs(os.path.dirname(dawn), exist_ok=True)
    with lzma.open(os.path.join(here, "dawn.node.xz")) as src, open(dawn, "wb") as dst:
        shutil.copyfileobj(src, dst)
EOF
NODE="$WORK/node"
"$NODE" --version || { echo "node does not run here"; exit 1; }

step "vulkan loader and the NVIDIA ICD"
if [ -d "$HERE/debs" ] && { ! ldconfig -p | grep -q 'libvulkan.so.1' || ! ldconfig -p | grep -q 'libEGL.so.1'; }; then
	for f in "$HERE"/debs/*.deb; do dpkg -x "$f" /; done
	ldconfig
fi
NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$NV_ICD" ]; then
	export VK_DRIVER_FILES="$NV_ICD" VK_ICD_FILENAMES="$NV_ICD"
	export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
fi
echo "VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-}"
# Which adapter Dawn picks (isFallbackAdapter false on the GPU); run.sh found Vulkan by default.
timeout 40 "$NODE" "$HERE/bench.mjs" info 2>&1 | head -30

step "data ($ROWS rows, bench.mjs's generator, shared with PyTorch)"
"$NODE" "$HERE/bench.mjs" gen "$ROWS" "$WORK/data.bin" && ls -la "$WORK/data.bin"

step "our WGSL kernels (WebGPU)"
B=${B_WGSL:-150}; BUDGET_S=$B timeout $((B + 30)) "$NODE" "$HERE/wgsl-dense.mjs" webgpu "$OUT/wgsl-dense.jsonl" "$WORK/data.bin" 256,4096; echo "rc $?"

step "our CPU kernels (WebAssembly SIMD, one core)"
B=${B_CPU:-60}; BUDGET_S=$B timeout $((B + 30)) "$NODE" "$HERE/wgsl-dense.mjs" cpu "$OUT/wgsl-dense.jsonl" "$WORK/data.bin" 256,4096; echo "rc $?"

step "PyTorch CUDA and CPU"
if "$PY" -c "import torch" 2>/dev/null; then
	B=${B_TORCH:-90}; PYTHONUNBUFFERED=1 BUDGET_S=$B timeout $((B + 20)) "$PY" "$HERE/torch_ref.py" "$OUT/torch.json" cuda,cpu "$WORK/data.bin" 256,4096; echo "rc $?"
else
	echo "no torch in $PY: PyTorch not measured"
fi

step "digits CNN conv layers: agreement on the device, then WGSL and the reference kernels"
if [ -f "$HERE/wgsl-conv.mjs" ]; then
	timeout 120 "$NODE" "$HERE/wgsl-conv.mjs" check "$OUT/wgsl-conv.jsonl"; echo "rc $?"
	B=${B_CONV:-60}; BUDGET_S=$B timeout $((B + 30)) "$NODE" "$HERE/wgsl-conv.mjs" webgpu "$OUT/wgsl-conv.jsonl" 32,256; echo "rc $?"
	B=${B_CONV_JS:-40}; BUDGET_S=$B timeout $((B + 30)) "$NODE" "$HERE/wgsl-conv.mjs" js "$OUT/wgsl-conv.jsonl" 32,256; echo "rc $?"
else
	echo "no wgsl-conv.mjs in $HERE: conv kernels not measured"
fi

step "done"
cat "$OUT/wgsl-dense.jsonl" 2>/dev/null
cat "$OUT/wgsl-conv.jsonl" 2>/dev/null
rm -f "$WORK"/*.bin
