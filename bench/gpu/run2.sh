#!/usr/bin/env bash
# Second device run: where a tfjs WebGPU training step's time goes (diag.mjs), with GPU utilisation
# sampled by nvidia-smi and a V8 CPU profile of the webgpu process. Needs what run.sh unpacks.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-/tmp/gpuout2}"; mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/gpudiag.XXXX)"
PY="${PYTHON:-python3}"
exec > >(tee -a "$OUT/run2.log") 2>&1
export XDG_RUNTIME_DIR=/tmp
nvidia-smi -L 2>&1
"$PY" - "$HERE" "$WORK" <<'PYEOF'
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
PYEOF
NODE="$WORK/node"
if ! ldconfig -p | grep -q 'libvulkan.so.1'; then for f in "$HERE"/debs/*.deb; do dpkg -x "$f" /; done; ldconfig; fi
NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f "$NV_ICD" ]; then export VK_DRIVER_FILES="$NV_ICD" VK_ICD_FILENAMES="$NV_ICD"; fi
"$NODE" "$HERE/bench.mjs" gen "${ROWS:-100000}" "$WORK/d.bin"

echo "=== webgpu batch 256 (nvidia-smi sampling, CPU profile)"
nvidia-smi --query-gpu=timestamp,utilization.gpu,clocks.sm --format=csv -lms 250 > "$OUT/gpu-util-256.csv" 2>&1 &
SMI=$!
timeout 120 "$NODE" --cpu-prof --cpu-prof-dir="$OUT" --cpu-prof-name=webgpu-256.cpuprofile "$HERE/diag.mjs" webgpu "$OUT/diag-webgpu-256.json" "$WORK/d.bin" 256; echo "rc $?"
kill $SMI
echo "=== webgpu batch 4096"
timeout 45 "$NODE" "$HERE/diag.mjs" webgpu "$OUT/diag-webgpu-4096.json" "$WORK/d.bin" 4096; echo "rc $?"
echo "=== wasm batch 256"
timeout 45 "$NODE" "$HERE/diag.mjs" wasm "$OUT/diag-wasm-256.json" "$WORK/d.bin" 256; echo "rc $?"
rm -f "$WORK/d.bin"
ls -la "$OUT"
