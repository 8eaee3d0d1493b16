#!/bin/bash
# usage: run.sh <checkout> <label>
cd "$1"
for spec in "cars|Miles_per_Gallon" "movies|IMDB Rating" "football|home_win"; do
  name=${spec%%|*}; tgt=${spec#*|}
  timeout 600 npx tsx bin/tessera.mjs train /tmp/bench/$name.csv --target "$tgt" --seed 1 --json --export /tmp/bench/$name-$2.json > /tmp/bench/$name-$2-train.json 2>/tmp/bench/$name-$2-train.err
  timeout 900 npx tsx bin/tessera.mjs cv /tmp/bench/$name-$2.json --data "$name=/tmp/bench/$name.csv" --folds 5 --scheme k-fold --seed 1 --json > /tmp/bench/$name-$2-cv.json 2>/tmp/bench/$name-$2-cv.err
  echo "$name $2 done $?"
done
