# The three public tables, from the npm package vega-datasets 3.2.1 (`npm pack vega-datasets`,
# unpacked under /tmp/vega), written as CSV under /tmp/bench. /usr/bin/python3 (pandas 1.5).
import pandas as pd
d = '/tmp/vega/package/data/'
pd.read_json(d + 'cars.json').to_csv('/tmp/bench/cars.csv', index=False)
pd.read_json(d + 'movies.json').to_csv('/tmp/bench/movies.csv', index=False)
f = pd.read_json(d + 'football.json')
# The 0/1 target an analyst would ask for; the scores it is computed from are dropped.
f['home_win'] = (f.home_score > f.away_score).astype(int)
f.drop(columns=['home_score', 'away_score']).to_csv('/tmp/bench/football.csv', index=False)
