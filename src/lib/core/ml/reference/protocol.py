"""The split protocol the model tests share with scikit-learn (see reference-data.ts).

Run with Debian's Python, which has pandas and scikit-learn:
    /usr/bin/python3 -c "import sys; sys.path.insert(0, 'src/lib/core/ml/reference'); \
        from protocol import load; Xtr, ytr, Xte, yte = load('wine', standardise=True); print(Xtr.shape)"

Every fourth row (index % 4 == 3) is a test row; the rest train. Penguins keeps the rows with
all four measurements; its features are the four measurements. Standardisation uses
the training rows' mean and population standard deviation (StandardScaler).
"""
import os
import numpy as np
import pandas as pd

SAMPLES = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', '..', 'static', 'samples')
SETS = {
    'iris': (['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], 'species'),
    'penguins': (['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'], 'Species'),
    'wine': (None, 'cultivar'),
    'diabetes': (None, 'progression'),
}


def load(name, standardise=False):
    features, target = SETS[name]
    df = pd.read_csv(os.path.join(SAMPLES, name + '.csv'))
    if features is None:
        features = [c for c in df.columns if c != target]
    df = df.dropna(subset=features + [target]).reset_index(drop=True)
    X = df[features].to_numpy(dtype=np.float64)
    y = df[target].to_numpy()
    test = np.arange(len(df)) % 4 == 3
    Xtr, Xte, ytr, yte = X[~test], X[test], y[~test], y[test]
    if standardise:
        mu, sd = Xtr.mean(axis=0), Xtr.std(axis=0)
        sd[sd == 0] = 1
        Xtr, Xte = (Xtr - mu) / sd, (Xte - mu) / sd
    return Xtr, ytr, Xte, yte
