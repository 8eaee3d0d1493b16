"""Merges one device run's pieces into a single JSON (and prints a table).

    python3 merge.py <work-dir> <out.json> <dawn-flags> [--table]
    python3 merge.py --is-gpu <adapters.json>     exit 0 when Dawn's high-performance adapter is real hardware
"""
import glob
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except Exception as e:  # a step that died early leaves no file or half a file
        return {"unreadable": f"{path}: {e}"}


def is_gpu(path):
    a = load(path).get("adapters", {}).get("high-performance")
    print("  high-performance adapter:", json.dumps(a)[:400] if a else a)
    return bool(a) and "error" not in a and not a.get("isFallbackAdapter")


def summary(runs):
    rows = []
    for name, r in sorted(runs.items()):
        if name.startswith("tfjs-"):
            engine = f"tfjs {r.get('backend', '?')}"
        else:
            engine = None
        if r.get("error") or r.get("unreadable"):
            rows.append({"engine": engine or "torch", "note": (r.get("error") or r.get("unreadable"))[:300]})
        for c in r.get("configs", []):
            eng = engine or f"torch {c.get('device')}"
            last = c["loss"][-1] if c.get("loss") else c.get("warmupLoss")
            rows.append({
                "engine": eng,
                "rows": c.get("rows"),
                "batch": c.get("batch"),
                "steps": c.get("steps"),
                "medianEpochS": c.get("medianEpochS"),
                "msPerStep": c.get("msPerStep"),
                "timedEpochs": len(c.get("epochS", [])),
                "warmupS": c.get("warmupS"),
                "initialLoss": c.get("initialLoss"),
                "finalLoss": last,
                "lossDecreased": c.get("lossDecreased"),
                "note": c.get("status") or c.get("skipped") or c.get("note") or c.get("fitError"),
            })
    return rows


def main():
    if sys.argv[1] == "--is-gpu":
        sys.exit(0 if is_gpu(sys.argv[2]) else 1)
    work, out, flags = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = {os.path.basename(p)[:-5]: load(p) for p in glob.glob(os.path.join(work, "t*.json"))}
    adapters = {}
    for p in glob.glob(os.path.join(work, "adapters-*.json")):
        tag = os.path.basename(p)[len("adapters-"):-5]
        try:
            adapters[tag] = json.load(open(p))
        except Exception:
            adapters[tag] = {"raw": open(p).read()[-4000:]}
        err = p[:-5] + ".err"
        if os.path.exists(err):
            adapters[tag]["stderr"] = open(err).read()[-4000:]
    smi = os.path.join(work, "nvidia-smi.txt")
    merged = {
        "what": "one epoch of dense 20-64-64-2 (relu, softmax), Adam 1e-3, on synthetic rows x 20 float features",
        "nvidiaSmi": open(smi).read() if os.path.exists(smi) else None,
        "dawnFlags": flags,
        "dawnAdapters": adapters,
        "summary": summary(runs),
        "runs": runs,
    }
    with open(out, "w") as f:
        json.dump(merged, f, indent=1)
    if "--table" in sys.argv:
        print("| engine | rows | batch | s/epoch (median) | ms/step | timed epochs | loss start -> end | decreased | note |")
        print("|---|---|---|---|---|---|---|---|---|")
        fmt = lambda v, d: "" if v is None else f"{v:.{d}f}"
        for r in merged["summary"]:
            r = {k: r.get(k) for k in ("engine", "rows", "batch", "medianEpochS", "msPerStep", "timedEpochs", "initialLoss", "finalLoss", "lossDecreased", "note")}
            print(f"| {r['engine']} | {r['rows']} | {r['batch']} | {fmt(r['medianEpochS'], 3)} | {fmt(r['msPerStep'], 3)} | "
                  f"{r['timedEpochs']} | {fmt(r['initialLoss'], 3)} -> {fmt(r['finalLoss'], 3)} | {r['lossDecreased']} | {r['note'] or ''} |")


if __name__ == "__main__":
    main()
