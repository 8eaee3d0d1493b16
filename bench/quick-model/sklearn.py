# scikit-learn with the Quick model's preprocessing (after this change), shuffled 5-fold CV.
import numpy as np, pandas as pd, sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.ensemble import HistGradientBoostingRegressor, HistGradientBoostingClassifier
from sklearn.model_selection import KFold, cross_validate

class Freq(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None):
        X = pd.DataFrame(X); self.maps = [X[c].value_counts(normalize=True) for c in X.columns]; return self
    def transform(self, X):
        X = pd.DataFrame(X)
        return np.column_stack([X[c].map(m).astype(float).fillna(0).values for c, m in zip(X.columns, self.maps)])

class DateParts(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None): return self
    def transform(self, X):
        d = pd.to_datetime(pd.DataFrame(X).iloc[:, 0], errors='coerce')
        return np.column_stack([d.dt.year, d.dt.month, d.dt.day, d.dt.dayofweek]).astype(float)

def text(col):
    return (make_pipeline(SimpleImputer(strategy='constant', fill_value=''), FlattenStr(), TfidfVectorizer(max_features=100)), [col])

class FlattenStr(BaseEstimator, TransformerMixin):
    def fit(self, X, y=None): return self
    def transform(self, X): return np.asarray(X).ravel().astype(str)

num = lambda cols: (SimpleImputer(strategy='median'), cols)
onehot = lambda cols: (make_pipeline(SimpleImputer(strategy='most_frequent'), OneHotEncoder(handle_unknown='ignore')), cols)
freq = lambda cols: (make_pipeline(SimpleImputer(strategy='most_frequent'), Freq()), cols)
date = lambda col: (DateParts(), [col])

def run(name, df, target, parts, task, drop=()):
    df = df.dropna(subset=[target])
    X, y = df.drop(columns=[target, *drop]), df[target]
    ct = ColumnTransformer([(f't{i}', t, c) for i, (t, c) in enumerate(parts)], remainder='drop', sparse_threshold=0)
    model = HistGradientBoostingRegressor(random_state=0) if task == 'regression' else HistGradientBoostingClassifier(random_state=0)
    scoring = ['r2', 'neg_root_mean_squared_error'] if task == 'regression' else ['accuracy', 'roc_auc']
    cv = cross_validate(make_pipeline(ct, model), X, y, cv=KFold(5, shuffle=True, random_state=1), scoring=scoring)
    print(name, {k: f"{np.mean(v):.3f} ± {np.std(v):.3f}" for k, v in cv.items() if k.startswith('test_')})

cars = pd.read_csv('/tmp/bench/cars.csv')
nums = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration']
run('cars before (numbers + Origin)', cars, 'Miles_per_Gallon', [num(nums), onehot(['Origin'])], 'regression')
run('cars after (+ Year parts, Name TF-IDF)', cars, 'Miles_per_Gallon', [num(nums), onehot(['Origin']), date('Year'), text('Name')], 'regression')

movies = pd.read_csv('/tmp/bench/movies.csv')
mnum = ['US Gross', 'Worldwide Gross', 'US DVD Sales', 'Production Budget', 'Running Time min', 'Rotten Tomatoes Rating', 'IMDB Votes']
mcat = ['MPAA Rating', 'Source', 'Major Genre', 'Creative Type']
run('movies before (numbers + one-hot of every category)', movies, 'IMDB Rating', [num(mnum), onehot(mcat + ['Distributor', 'Director'])], 'regression')
run('movies after (+ frequency, TF-IDF)', movies, 'IMDB Rating', [num(mnum), onehot(mcat), freq(['Distributor', 'Director']), text('Title'), text('Release Date')], 'regression')

foot = pd.read_csv('/tmp/bench/football.csv')
run('football before as regression (one-hot teams, no date)', foot, 'home_win', [onehot(['division', 'home_team', 'away_team'])], 'regression')
run('football after (classifier, date parts, frequency)', foot, 'home_win', [onehot(['division']), freq(['home_team', 'away_team']), date('date')], 'classification')
print('sklearn', sklearn.__version__)
