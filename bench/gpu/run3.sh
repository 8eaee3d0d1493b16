#!/usr/bin/env bash
# Third device run: our dense SIMD kernels on the device CPU (same data as bench.mjs), with the carried Node.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${OUT:-/tmp/gpuout}"; mkdir -p "$OUT"
WORK="$(mktemp -d /tmp/dense.XXXX)"
PY="${PYTHON:-python3}"
nproc; lscpu | grep "Model name"
"$PY" -c "import lzma,shutil,os,sys; src=lzma.open(sys.argv[1]); dst=open(sys.argv[2],'wb'); shutil.copyfileobj(src,dst); dst.close(); os.chmod(sys.argv[2],0o755)" "$HERE/node.xz" "$WORK/node"
timeout 240 "$WORK/node" "$HERE/dense.mjs" | tee "$OUT/dense.jsonl"
