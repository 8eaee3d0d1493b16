#!/usr/bin/env python3
"""pandas/scipy side of the drift benchmark (bench/drift.mjs states the protocol).

Evidently's default tests for more than 1,000 reference rows, written out with scipy as Evidently
computes them: numbers by scipy.stats.wasserstein_distance(reference, current) / np.std(reference),
categories by scipy.spatial.distance.jensenshannon of the two sides' shares over every level
either side has (natural log); drift at >= 0.1. Then scipy.stats.ks_2samp on the numeric columns.

Usage: /usr/bin/python3 bench/drift_reference.py '<json spec>'   (or the spec on stdin)
spec = {"reference": path, "current": path}
Prints {"available": bool, "cases": {"drift": {tool, ms, extra}}} on stdout; ms is read_csv of
both files + every column's test, extra.testsMs the tests alone.
"""
import json
import sys
import time


def main():
    raw = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
    spec = json.loads(raw)
    try:
        import numpy as np
        import pandas as pd
        import scipy
        from scipy import stats
        from scipy.spatial import distance
    except ImportError as e:
        print(json.dumps({"available": False, "error": str(e)}))
        return 0

    def tests(ref, cur):
        scores = {}
        for name in ref.columns:
            r = ref[name].dropna()
            c = cur[name].dropna()
            if pd.api.types.is_numeric_dtype(r):
                r = r.to_numpy(dtype=np.float64)
                c = c.to_numpy(dtype=np.float64)
                scores[name] = stats.wasserstein_distance(r, c) / np.std(r)
            else:
                levels = sorted(set(r.unique()) | set(c.unique()))
                p = r.value_counts(normalize=True).reindex(levels, fill_value=0).to_numpy()
                q = c.value_counts(normalize=True).reindex(levels, fill_value=0).to_numpy()
                scores[name] = float(distance.jensenshannon(p, q))
        return scores

    print("drift reference: read_csv both files + Evidently's tests", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    ref = pd.read_csv(spec["reference"])
    cur = pd.read_csv(spec["current"])
    t1 = time.perf_counter()
    scores = tests(ref, cur)
    t2 = time.perf_counter()
    numeric = [n for n in ref.columns if pd.api.types.is_numeric_dtype(ref[n])]
    print(f"drift reference: ks_2samp on {len(numeric)} numeric columns", file=sys.stderr, flush=True)
    t3 = time.perf_counter()
    ks = {n: float(stats.ks_2samp(ref[n].dropna(), cur[n].dropna()).pvalue) for n in numeric}
    ks_ms = (time.perf_counter() - t3) * 1000
    res = {
        "tool": "Evidently's tests in pandas/scipy: read_csv + wasserstein_distance / np.std, jensenshannon",
        "ms": (t2 - t0) * 1000,
        "extra": {
            "rows": {"reference": int(len(ref)), "current": int(len(cur))},
            "readMs": (t1 - t0) * 1000,
            "testsMs": (t2 - t1) * 1000,
            "ksMs": ks_ms,
            "drifted": int(sum(1 for s in scores.values() if s >= 0.1)),
            "scores": scores,
            "ksPValues": ks,
            "scipy": scipy.__version__,
            "pandas": pd.__version__,
        },
    }
    print(json.dumps({"available": True, "cases": {"drift": res}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
