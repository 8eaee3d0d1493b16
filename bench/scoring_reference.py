#!/usr/bin/env python3
"""scikit-learn side of the batch-scoring benchmark (bench/scoring.mjs states the protocol).

Needs Debian's python3-pandas and python3-sklearn (apt-get install -y python3-pandas python3-sklearn).

Usage: /usr/bin/python3 bench/scoring_reference.py '<json spec>'   (or the spec on stdin)
spec = {"file": path, "trainRows": 100000}
Prints {"available": bool, "cases": {"batch-scoring": {tool, ms, extra}}} on stdout, where ms is
pandas read_csv + predict_proba on every row, and extra.predictProbaMs is predict_proba alone.
"""
import json
import os
import sys
import time


def main():
    raw = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
    spec = json.loads(raw)
    try:
        import numpy as np
        import pandas as pd
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier
    except ImportError as e:
        print(json.dumps({"available": False, "error": str(e)}))
        return 0
    n_train = int(spec.get("trainRows", 100_000))
    path = spec["file"]
    print("scoring reference: training HistGradientBoostingClassifier", file=sys.stderr, flush=True)
    train = pd.read_csv(path, nrows=n_train)
    model = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)
    model.fit(train.drop(columns=["label"]).to_numpy(dtype=np.float64), train["label"].to_numpy())

    print("scoring reference: read_csv + predict_proba on every row", file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    df = pd.read_csv(path)
    X = df.drop(columns=["label"]).to_numpy(dtype=np.float64)
    t1 = time.perf_counter()
    proba = model.predict_proba(X)
    t2 = time.perf_counter()
    rows = int(X.shape[0])
    # predict_proba alone, again, now that the data is warm in memory.
    t3 = time.perf_counter()
    model.predict_proba(X)
    alone = (time.perf_counter() - t3) * 1000
    read_ms = (t1 - t0) * 1000
    total_ms = (t2 - t0) * 1000
    # Writing the probabilities back out as CSV, as `tessera predict --out preds.csv` does.
    t4 = time.perf_counter()
    out = os.path.join(os.path.dirname(path), "scoring-sklearn-preds.csv")
    pd.DataFrame({"row": np.arange(1, rows + 1), "p0": proba[:, 0], "p1": proba[:, 1]}).to_csv(out, index=False)
    write_ms = (time.perf_counter() - t4) * 1000
    os.remove(out)
    threads = os.environ.get("OMP_NUM_THREADS") or str(os.cpu_count())
    res = {
        "tool": "sklearn HistGradientBoostingClassifier(max_iter=100): pandas read_csv + predict_proba",
        "ms": total_ms,
        "extra": {
            "rows": rows,
            "train": n_train,
            "readMs": read_ms,
            "predictProbaMs": alone,
            "predictProbaRowsPerSecond": round(rows / (alone / 1000)),
            "readAndPredictRowsPerSecond": round(rows / (total_ms / 1000)),
            "writeCsvMs": write_ms,
            "readPredictWriteRowsPerSecond": round(rows / ((total_ms + write_ms) / 1000)),
            "threads": threads,
            "sklearn": sklearn.__version__,
        },
    }
    print(json.dumps({"available": True, "cases": {"batch-scoring": res}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
