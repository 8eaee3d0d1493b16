# Reference figures for linear-models.sklearn.ts. Run from the repo root with Debian's Python
# (scikit-learn 1.2.1): /usr/bin/python3 src/lib/core/ml/models/linear-models.sklearn.py
import sys, json, warnings
sys.path.insert(0, 'src/lib/core/ml/reference')
warnings.filterwarnings('ignore')
import numpy as np
from protocol import load
from sklearn.linear_model import Lasso, ElasticNet, Ridge, LinearRegression, LogisticRegression
np.set_printoptions(precision=17)
out = {}
Xtr, ytr, Xte, yte = load('diabetes', standardise=True)
for name, m in [('ols', LinearRegression()), ('ridge10', Ridge(alpha=10)), ('lasso1', Lasso(alpha=1)), ('enet1', ElasticNet(alpha=1, l1_ratio=0.5)),
                ('lasso1_tight', Lasso(alpha=1, tol=1e-10, max_iter=100000)), ('enet05_tight', ElasticNet(alpha=0.5, l1_ratio=0.7, tol=1e-10, max_iter=100000))]:
    m.fit(Xtr, ytr)
    out['diabetes_' + name] = dict(coef=m.coef_.tolist(), intercept=float(m.intercept_), r2=m.score(Xte, yte), n_iter=getattr(m, 'n_iter_', None))
def enc(y):
    cl = sorted(set(y)); return np.array([cl.index(v) for v in y])
for ds in ['iris', 'penguins', 'wine']:
    Xtr, ytr, Xte, yte = load(ds, standardise=True)
    ytr, yte = enc(ytr), enc(yte)
    for name, m in [('l2', LogisticRegression()), ('l1', LogisticRegression(penalty='l1', solver='saga', C=1, tol=1e-8, max_iter=10000)),
                    ('enet', LogisticRegression(penalty='elasticnet', l1_ratio=0.5, solver='saga', C=0.5, tol=1e-8, max_iter=10000))]:
        m.fit(Xtr, ytr)
        out[ds + '_' + name] = dict(coef=m.coef_.tolist(), intercept=m.intercept_.tolist(), acc=m.score(Xte, yte))
# imbalanced: penguins Chinstrap (code 1) vs rest, training rows
Xtr, ytr, Xte, yte = load('penguins', standardise=True)
yb = (enc(ytr) == 1).astype(int); ybt = (enc(yte) == 1).astype(int)
for name, m in [('bal_l2', LogisticRegression(class_weight='balanced', tol=1e-10, max_iter=10000)),
                ('bal_l1', LogisticRegression(penalty='l1', solver='saga', C=0.5, class_weight='balanced', tol=1e-8, max_iter=20000)),
                ('bin_l1', LogisticRegression(penalty='l1', solver='saga', C=0.5, tol=1e-8, max_iter=20000))]:
    m.fit(Xtr, yb)
    out['chinstrap_' + name] = dict(coef=m.coef_.tolist(), intercept=m.intercept_.tolist(), acc=m.score(Xte, ybt), pos=int(yb.sum()), n=len(yb))
print(json.dumps(out))
