#!/usr/bin/env python3
"""scikit-learn side of the model-zoo benchmark (bench/zoo.mjs states the protocol).

Usage: /usr/bin/python3 bench/zoo_reference.py '<json spec>'   (or the spec on stdin)
spec = {"files": {"corr": path, "classifyLarge": path}, "rows": N, "repeats": R, "mlpEpochs": E,
        "trainFraction": 0.8, "validationCap": 2000, "cases": ["train-gbdt-100k", ...]}
Prints {"available": bool, "cases": {id: {tool, ms, accuracy, extra}}} on stdout.
"""
import json
import statistics
import sys
import time
import warnings


def main():
    raw = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
    spec = json.loads(raw)
    try:
        import numpy as np
        import pandas as pd
        from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LinearRegression, LogisticRegression
        from sklearn.naive_bayes import GaussianNB
        from sklearn.neighbors import KNeighborsClassifier
        from sklearn.neural_network import MLPClassifier
        from sklearn.tree import DecisionTreeClassifier
    except ImportError as e:
        print(json.dumps({"available": False, "error": str(e)}))
        return 0
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    repeats = max(1, int(spec.get("repeats", 3)))
    frac = float(spec.get("trainFraction", 0.8))
    cap = int(spec.get("validationCap", 2000))
    large = int(spec["rows"])
    epochs = int(spec.get("mlpEpochs", 10))
    models = {
        "logistic": ("classify", lambda: LogisticRegression(solver="lbfgs", C=1.0)),
        "linear": ("corr", lambda: LinearRegression()),
        "tree": ("classify", lambda: DecisionTreeClassifier(max_depth=12, random_state=0)),
        "forest": ("classify", lambda: RandomForestClassifier(n_estimators=20, max_depth=12, n_jobs=1, random_state=0)),
        "gbdt": ("classify", lambda: HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)),
        "knn": ("classify", lambda: KNeighborsClassifier(5)),
        "naive-bayes": ("classify", lambda: GaussianNB()),
        "mlp": ("classify", lambda: MLPClassifier(
            hidden_layer_sizes=(64, 64), batch_size=256, solver="adam", learning_rate_init=1e-3, max_iter=epochs,
            shuffle=True, random_state=0, early_stopping=False, tol=0.0, n_iter_no_change=epochs + 1)),
    }
    frames = {}

    def frame(kind):
        if kind not in frames:
            frames[kind] = pd.read_csv(spec["files"]["corr" if kind == "corr" else "classifyLarge"])
        return frames[kind]

    out = {"available": True, "cases": {}}
    for case in spec.get("cases", []):
        _, rest = case.split("-", 1)
        family, size = rest.rsplit("-", 1)
        kind, make = models[family]
        n = min(100_000, large) if size == "100k" else large
        df = frame(kind).iloc[:n]
        target = "v1" if kind == "corr" else "label"
        y = df[target].to_numpy()
        X = df.drop(columns=[target]).to_numpy(dtype=np.float64)
        n_train = int(n * frac)
        Xtr, ytr, Xva, yva = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
        if family == "knn":
            Xva, yva = Xva[:cap], yva[:cap]
        print(f"zoo reference: {case}", file=sys.stderr, flush=True)

        def fit():
            t0 = time.perf_counter()
            m = make().fit(Xtr, ytr)
            pred = m.predict(Xva) if family == "knn" else None
            return (time.perf_counter() - t0) * 1000, m, pred

        runs = []
        if size == "100k":
            fit()
        for _ in range(repeats if size == "100k" else 1):
            ms, model, pred = fit()
            runs.append(ms)
        if pred is None:
            pred = model.predict(Xva)
        if family == "linear":
            acc = float(1 - ((yva - pred) ** 2).sum() / ((yva - yva.mean()) ** 2).sum())
        else:
            acc = float((pred == yva).mean())
        res = {"ms": statistics.median(runs), "accuracy": acc, "extra": {"runs": runs, "train": n_train, "validation": int(len(yva))}}
        if family == "mlp":
            res["perEpochMs"] = res["ms"] / model.n_iter_
        out["cases"][case] = res
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
