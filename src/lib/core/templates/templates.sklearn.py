"""What scikit-learn reaches on each template's data with the same preprocessing.

The bands in gallery.ts hold both Tessera's figure (seed 42, src/cli/templates.test.ts) and
this spread: ten stratified 70/15/15 splits (seeds 0..9), training on the 70% and scoring the
15% test part, as Tessera's Split does. Run with Debian's Python (scikit-learn 1.2):

    /usr/bin/python3 src/lib/core/templates/templates.sklearn.py

The digits CNN has no scikit-learn twin (no TensorFlow here); its band rests on Tessera's run
and the CNN node's own test.
"""
import os
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor, IsolationForest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import accuracy_score, average_precision_score, r2_score, roc_auc_score, silhouette_score
from sklearn.model_selection import TimeSeriesSplit, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, PowerTransformer, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, '..', '..', '..', '..', 'static', 'samples')


def read(name):
    return pd.read_csv(os.path.join(SAMPLES, name + '.csv'))


def splits(y, stratify=True):
    for seed in range(10):
        idx = np.arange(len(y))
        train, rest = train_test_split(idx, train_size=0.7, random_state=seed, stratify=y if stratify else None)
        _, test = train_test_split(rest, test_size=0.5, random_state=seed, stratify=y[rest] if stratify else None)
        yield train, test


def report(name, values):
    v = np.array(values)
    print(f'{name:14s} mean {v.mean():.3f}  min {v.min():.3f}  max {v.max():.3f}')


def churn():
    d = read('churn').drop(columns=['customer'])
    y = (d.pop('churned') == 'yes').to_numpy()
    cat = ['contract', 'internet', 'paperless_billing']
    pre = ColumnTransformer([('hot', OneHotEncoder(), cat)], remainder='passthrough')
    out = []
    for tr, te in splits(y):
        m = make_pipeline(pre, StandardScaler(), LogisticRegression(class_weight='balanced', max_iter=1000))
        m.fit(d.iloc[tr], y[tr])
        out.append(roc_auc_score(y[te], m.predict_proba(d.iloc[te])[:, 1]))
    report('churn AUC', out)


def fraud():
    d = read('transactions')
    y = (d.pop('is_fraud') == 'yes').to_numpy()
    x = pd.get_dummies(d, columns=['merchant_category', 'card_present'])
    out = []
    for tr, te in splits(y):
        m = HistGradientBoostingClassifier(random_state=0).fit(x.iloc[tr], y[tr])
        out.append(average_precision_score(y[te], m.predict_proba(x.iloc[te])[:, 1]))
    report('fraud AP', out)


def demand_frame():
    d = read('store-sales')
    d['date'] = pd.to_datetime(d['date'])
    d = d.sort_values(['date', 'store'], kind='stable').reset_index(drop=True)
    g = d.groupby('store')['units_sold']
    d['lag1'] = g.shift(1)
    d['roll7'] = g.transform(lambda s: s.shift(1).rolling(7).mean())
    d['month'] = d.date.dt.month
    d['weekday'] = d.date.dt.weekday
    d['dayofyear'] = d.date.dt.dayofyear
    y = d.pop('units_sold').to_numpy(dtype=float)
    x = pd.get_dummies(d.drop(columns=['date']), columns=['store'])
    return x, y


def demand():
    x, y = demand_frame()
    out = []
    for tr, te in splits(y, stratify=False):
        m = HistGradientBoostingRegressor(random_state=0).fit(x.iloc[tr], y[tr])
        out.append(r2_score(y[te], m.predict(x.iloc[te])))
    report('demand R2', out)
    ts = []
    for tr, te in TimeSeriesSplit(n_splits=5).split(x):
        m = HistGradientBoostingRegressor(random_state=0).fit(x.iloc[tr], y[tr])
        ts.append(r2_score(y[te], m.predict(x.iloc[te])))
    report('demand TS-CV', ts)


def houses():
    d = read('houses')
    y = np.log(d.pop('price').to_numpy(dtype=float))
    pre = ColumnTransformer(
        [('power', PowerTransformer(method='yeo-johnson', standardize=False), ['area_m2', 'lot_m2']), ('hot', OneHotEncoder(), ['neighbourhood'])],
        remainder='passthrough',
    )
    out = []
    for tr, te in splits(y, stratify=False):
        m = make_pipeline(pre, LinearRegression()).fit(d.iloc[tr], y[tr])
        out.append(r2_score(y[te], m.predict(d.iloc[te])))
    report('houses R2', out)


def segmentation():
    d = read('customers').drop(columns=['customer'])
    x = StandardScaler().fit_transform(d)
    out = []
    for seed in range(10):
        labels = KMeans(n_clusters=4, n_init=10, random_state=seed).fit_predict(x)
        out.append(silhouette_score(x, labels))
    report('segments sil.', out)


def anomaly():
    d = read('sensors')
    y = (d.pop('status') == 'fault').to_numpy()
    out = []
    for tr, te in splits(y):
        f = IsolationForest(contamination=0.04, random_state=0).fit(d.iloc[tr])
        out.append(roc_auc_score(y[te], -f.score_samples(d.iloc[te])))
    report('anomaly AUC', out)


def text():
    d = read('reviews')
    y = d['sentiment'].to_numpy()
    out = []
    for tr, te in splits(y):
        m = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), max_features=2000, sublinear_tf=True), LogisticRegression(max_iter=1000))
        m.fit(d.text.iloc[tr], y[tr])
        out.append(accuracy_score(y[te], m.predict(d.text.iloc[te])))
    report('text acc.', out)


def fairness():
    d = read('loans')
    y = d.pop('decision').to_numpy()
    x = pd.get_dummies(d[['age', 'income', 'debt_ratio', 'credit_history_years', 'employment']], columns=['employment'])
    out = []
    for tr, te in splits(y):
        m = HistGradientBoostingClassifier(random_state=0).fit(x.iloc[tr], y[tr])
        out.append(accuracy_score(y[te], m.predict(x.iloc[te])))
    report('fairness acc.', out)


for f in (churn, fraud, demand, houses, segmentation, anomaly, text, fairness):
    f()
