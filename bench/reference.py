#!/usr/bin/env python3
"""Reference side of the Tessera benchmark: pandas, numpy and scikit-learn on the same data.

Usage: /usr/bin/python3 bench/reference.py '<json spec>'   (or the spec on stdin)

spec = {
  "files": {"import": path, "corr": path, "classify": path},
  "epochs": E, "repeats": R, "trainFraction": 0.8,
  "cases": ["import-csv", "profile", "correlation", "logistic", "mlp", "cli-profile"]
}

Each case runs once as a warm-up, then R times; the median is reported. Only the operation
is timed: read_csv alone; describe + histograms on the loaded frame; corr on the loaded frame;
model fits on loaded arrays; accuracy on the validation rows (the last 1 - trainFraction).
Prints one JSON document on stdout.
"""
import json
import os
import platform
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
        import sklearn
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression
        from sklearn.neural_network import MLPClassifier
    except ImportError as e:  # the harness reports the reference column as unavailable
        print(json.dumps({"available": False, "error": str(e)}))
        return 0

    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    files = spec["files"]
    repeats = max(1, int(spec.get("repeats", 3)))
    epochs = int(spec.get("epochs", 10))
    train_fraction = float(spec.get("trainFraction", 0.8))
    wanted = set(spec.get("cases", []))
    out = {
        "available": True,
        "versions": {
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "sklearn": sklearn.__version__,
        },
        "env": {"OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE")},
        "cases": {},
    }
    try:
        from threadpoolctl import threadpool_info

        out["blas"] = [
            {k: i.get(k) for k in ("internal_api", "version", "num_threads", "architecture")}
            for i in threadpool_info()
        ]
    except Exception:  # noqa: BLE001 - optional detail
        pass

    def timed(fn):
        """Warm-up, then `repeats` timed runs; returns (median ms, all ms, last result)."""
        result = fn()
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            result = fn()
            times.append((time.perf_counter() - t0) * 1000)
        return statistics.median(times), times, result

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    def profile(df):
        # The same statistics as Tessera's profile: describe, distinct counts, skewness and
        # kurtosis, memory, duplicate rows, a histogram per number column, top values otherwise.
        desc = df.describe(include="all")
        extra = (df.nunique(), df.skew(numeric_only=True), df.kurt(numeric_only=True),
                 df.memory_usage(deep=False), df.duplicated().sum())
        hists = {}
        counts = {}
        for name in df.columns:
            col = df[name]
            if pd.api.types.is_numeric_dtype(col):
                v = col.to_numpy()
                v = v[~np.isnan(v)]
                # Sturges' bin count capped at 30, as Tessera's profile
                bins = int(min(30, np.ceil(np.log2(max(len(v), 1))) + 1))
                hists[name] = np.histogram(v, bins=bins)
            else:
                counts[name] = col.value_counts()
        return desc, extra, hists, counts

    frame = None
    if wanted & {"import-csv", "profile", "cli-profile"}:
        log("reference: import-csv")
        ms, all_ms, frame = timed(lambda: pd.read_csv(files["import"]))
        if "import-csv" in wanted:
            out["cases"]["import-csv"] = {
                "tool": "pandas.read_csv", "ms": ms, "extra": {"runs": all_ms, "rows": len(frame)}
            }
    if "profile" in wanted:
        log("reference: profile")
        ms, all_ms, _ = timed(lambda: profile(frame))
        out["cases"]["profile"] = {
            "tool": "pandas describe + nunique + skew + kurt + duplicated + numpy.histogram + value_counts", "ms": ms, "extra": {"runs": all_ms}
        }
    if "cli-profile" in wanted:
        log("reference: cli-profile")

        def read_and_describe():
            df = pd.read_csv(files["import"])
            return profile(df)

        ms, all_ms, _ = timed(read_and_describe)
        out["cases"]["cli-profile"] = {
            "tool": "pandas read_csv + describe + histograms", "ms": ms, "extra": {"runs": all_ms}
        }
    frame = None

    if "correlation" in wanted:
        log("reference: correlation")
        corr_frame = pd.read_csv(files["corr"])
        ms, all_ms, _ = timed(lambda: corr_frame.corr(method="pearson"))
        out["cases"]["correlation"] = {
            "tool": "pandas DataFrame.corr", "ms": ms, "extra": {"runs": all_ms, "rows": len(corr_frame)}
        }
        corr_frame = None

    if wanted & {"logistic", "mlp"}:
        data = pd.read_csv(files["classify"])
        y = data["label"].to_numpy()
        X = data.drop(columns=["label"]).to_numpy(dtype=np.float64)
        n_train = int(len(data) * train_fraction)
        X_train, y_train, X_val, y_val = X[:n_train], y[:n_train], X[n_train:], y[n_train:]

        if "logistic" in wanted:
            log("reference: logistic")

            def fit_logistic():
                return LogisticRegression(solver="lbfgs", C=1.0).fit(X_train, y_train)

            ms, all_ms, model = timed(fit_logistic)
            acc = float((model.predict(X_val) == y_val).mean())
            out["cases"]["logistic"] = {
                "tool": "sklearn LogisticRegression(lbfgs, C=1)",
                "ms": ms,
                "accuracy": acc,
                "extra": {"runs": all_ms, "iterations": int(model.n_iter_[0]), "train": n_train, "validation": len(y_val)},
            }

        if "mlp" in wanted:
            log("reference: mlp")

            def fit_mlp():
                return MLPClassifier(
                    hidden_layer_sizes=(64, 64), batch_size=256, solver="adam", learning_rate_init=1e-3,
                    max_iter=epochs, shuffle=True, random_state=0, early_stopping=False,
                    tol=0.0, n_iter_no_change=epochs + 1,
                ).fit(X_train, y_train)

            ms, all_ms, model = timed(fit_mlp)
            acc = float((model.predict(X_val) == y_val).mean())
            out["cases"]["mlp"] = {
                "tool": "sklearn MLPClassifier(64,64; adam)",
                "ms": ms,
                "perEpochMs": ms / model.n_iter_,
                "accuracy": acc,
                "extra": {"runs": all_ms, "epochs": int(model.n_iter_), "train": n_train, "validation": len(y_val)},
            }

    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
