#!/usr/bin/env bash
# One device run: tfjs WebGPU (Dawn's Node bindings, npm `webgpu`) vs tfjs WASM vs PyTorch CUDA/CPU,
# the same MLP and data on the same machine. Everything it needs travels in this folder:
#   node.xz (the Node 20 binary, xz), dawn.node.xz (webgpu's linux-x64 dawn.node), node_modules/
#   (tfjs 4.22 node bundles + webgpu's JS), debs/ (libvulkan1 + glvnd, unpacked only if missing).
# Writes $OUT/gpu-bench.json (merged results) and $OUT/run.log. Each step has its own timeout and
# budget, so one step failing or running long leaves the others' figures.
# Usage: OUT=/some/dir bash .gpu-bench/run.sh      (PYTHON=... to pick the python that has torch)
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-/tmp/gpuout}"
mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/gpubench.XXXX)"
PY="${PYTHON:-python3}"
ROWS_BIG="${ROWS_BIG:-1000000}"
exec > >(tee -a "$OUT/run.log") 2>&1
T0=$(date +%s)
step() { echo; echo "=== [$(( $(date +%s) - T0 ))s] $*"; }
export XDG_RUNTIME_DIR=/tmp

step "machine"
date -u; uname -a; nproc
nvidia-smi -L 2>&1; nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1 | tee "$WORK/nvidia-smi.txt"

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
"$NODE" --version || { echo "node does not run here"; }

step "vulkan loader and ICDs"
if ! ldconfig -p | grep -q 'libvulkan.so.1' || ! ldconfig -p | grep -q 'libEGL.so.1'; then
	for f in "$HERE"/debs/*.deb; do dpkg -x "$f" /; done
	ldconfig
	echo "unpacked $(ls "$HERE"/debs | tr '\n' ' ')"
fi
ldconfig -p | grep -i -E 'vulkan|libEGL' 
ls -la /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d 2>&1 | grep -v '^total'
NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$NV_ICD" ]; then
	export VK_DRIVER_FILES="$NV_ICD" VK_ICD_FILENAMES="$NV_ICD"
	export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
	cat "$NV_ICD"
fi
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-} VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-}"

step "Dawn adapters (default, then explicit backends)"
CHOSEN=""; FOUND=0
for flags in "" "backend=vulkan" "backend=opengles" "backend=opengl"; do
	tag="${flags:-default}"
	DAWN_FLAGS="$flags" timeout 40 "$NODE" "$HERE/bench.mjs" info > "$WORK/adapters-${tag}.json" 2> "$WORK/adapters-${tag}.err"
	echo "--- $tag: rc $?"; head -20 "$WORK/adapters-${tag}.err"
	if "$PY" "$HERE/merge.py" --is-gpu "$WORK/adapters-${tag}.json"; then
		CHOSEN="$flags"; FOUND=1; echo "chosen Dawn flags: '${flags}'"; break
	fi
done
[ "$FOUND" = 1 ] || echo "no hardware adapter from Dawn: the webgpu steps will record what tfjs does without one"
# a bogus adapter name makes Dawn list every adapter it can see
DAWN_FLAGS="adapter=__list__" timeout 30 "$NODE" "$HERE/bench.mjs" info > "$WORK/adapters-list.json" 2>&1; head -30 "$WORK/adapters-list.json"
export DAWN_FLAGS="$CHOSEN"

merge() { "$PY" "$HERE/merge.py" "$WORK" "$OUT/gpu-bench.json" "$CHOSEN"; }

step "data"
"$NODE" "$HERE/bench.mjs" gen 100000 "$WORK/d100k.bin" && "$NODE" "$HERE/bench.mjs" gen "$ROWS_BIG" "$WORK/dbig.bin"
ls -la "$WORK"/*.bin

step "tfjs webgpu, 100k rows"
B=${B_WEBGPU_SMALL:-45}; BUDGET_S=$B timeout $((B + 15)) "$NODE" "$HERE/bench.mjs" run webgpu "$WORK/tfjs-webgpu-100k.json" "$WORK/d100k.bin" 256,4096; echo "rc $?"; merge

step "torch cuda + cpu"
B=${B_TORCH:-70}; PYTHONUNBUFFERED=1 BUDGET_S=$B timeout $((B + 20)) "$PY" "$HERE/torch_ref.py" "$WORK/torch.json" cuda,cpu "$WORK/d100k.bin,$WORK/dbig.bin" 256,4096; echo "rc $?"; merge

step "tfjs wasm, 100k rows"
B=${B_WASM_SMALL:-25}; BUDGET_S=$B timeout $((B + 10)) "$NODE" "$HERE/bench.mjs" run wasm "$WORK/tfjs-wasm-100k.json" "$WORK/d100k.bin" 256,4096; echo "rc $?"; merge

step "tfjs webgpu, big rows"
B=${B_WEBGPU_BIG:-60}; BUDGET_S=$B timeout $((B + 15)) "$NODE" "$HERE/bench.mjs" run webgpu "$WORK/tfjs-webgpu-big.json" "$WORK/dbig.bin" 4096,256; echo "rc $?"; merge

step "tfjs wasm, big rows"
B=${B_WASM_BIG:-40}; BUDGET_S=$B timeout $((B + 10)) "$NODE" "$HERE/bench.mjs" run wasm "$WORK/tfjs-wasm-big.json" "$WORK/dbig.bin" 4096,256; echo "rc $?"; merge

step "done"
"$PY" "$HERE/merge.py" "$WORK" "$OUT/gpu-bench.json" "$CHOSEN" --table
rm -f "$WORK"/*.bin
