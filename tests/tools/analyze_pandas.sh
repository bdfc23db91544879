#!/usr/bin/env bash
# fb-analyze against its pandas reference (scripts/bench/analyze_pandas.py): the "records" and
# "analyses" parts of `fb-analyze --format json` (docs/analyze-report.md) must be the same, key
# for key and item for item, strings and integers equal, floats within 1e-9 (absolute or
# relative). Input: 100,000 records of fb-gen --seed 7 | fb-ingest | fb-enrich (the example
# tables) | fb-classify (or, without fb-classify, fb-gen's truth labels moved to the top level),
# plus a few records that exercise the cleaning (no rating, rating 9, rating 4.0, an
# unparseable and an impossible date, a date as {"$date": ...}, a date with an offset that
# moves it to another day in UTC, Sentimento "Neutro", no coordinates). top_words is compared
# once more with --keep-stopwords on the first 10,000 records.
# pandas comes from the benchmark venv (scripts/bench/lib.sh bench_venv_ready: created once
# from PyPI, then reused; FBKIT_BENCH_VENV, PYTHON). Skips (77) when fb-analyze is not built or
# pandas cannot be had.
# Usage: analyze_pandas.sh TOOLS_BUILD_DIR
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$repo/tests/tools/common.bash" "$1"

if [ ! -x "$tools/fb-analyze/fb-analyze" ]; then
    echo "SKIP: fb-analyze not built (no $tools/fb-analyze/fb-analyze)"
    exit 77
fi
# shellcheck source=../../scripts/bench/lib.sh
. "$repo/scripts/bench/lib.sh"
if ! bench_venv_ready pandas pandas "$work/pip.log"; then
    echo "SKIP: no pandas for the reference (see above; set FBKIT_BENCH_VENV to a venv that has it)"
    exit 77
fi
py=$BENCH_PY
reference=("$py" "$repo/scripts/bench/analyze_pandas.py")

data="$repo/examples/data"
fb-gen --seed 7 -n 100000 --with-truth -q --no-progress |
    fb-ingest -q --no-progress |
    fb-enrich -q --no-progress --customers "$data/clientes.csv" --branches "$data/agencias.csv" >enriched.ndjson
if [ -x "$tools/fb-classify/fb-classify" ]; then
    echo "labels: fb-classify (lexicon)"
    fb-classify -q --no-progress enriched.ndjson >input.ndjson
else
    echo "labels: fb-gen's truth (no fb-classify in $tools)"
    jq -c '. + ._fb.truth' enriched.ndjson >input.ndjson
fi
rm enriched.ndjson
check "100,000 records generated" test "$(wc -l <input.ndjson)" = 100000

# Records for the cleaning: a complete record with one thing changed (text replaced, not jq, so
# that 4.0 stays 4.0).
base='{"InvoiceNo":900000,"CustomerID":10566,"Description":"O Pix não caiu e ninguém resolve","Sentimento":"Negativo","Agrupador":"Pix e Transferências","SentimentRating":4,"InvoiceDate":"2024-06-03T10:00:00Z","latitude":-23.55,"longitude":-46.63}'
bad() {  # text in base, its replacement
    printf '%s\n' "${base/"$1"/"$2"}"
}
{
    bad '"SentimentRating":4' '"SentimentRating":null'
    bad '"SentimentRating":4,' ''
    bad '"SentimentRating":4' '"SentimentRating":9'
    bad '"SentimentRating":4' '"SentimentRating":4.0'
    bad '"2024-06-03T10:00:00Z"' '"31-02-2024 10:00"'
    bad '"2024-06-03T10:00:00Z"' '"2024-02-30T10:00:00Z"'
    bad '"2024-06-03T10:00:00Z"' '"ontem"'
    bad '"2024-06-03T10:00:00Z"' '{"$date":"2024-06-08T12:00:00Z"}'
    bad '"2024-06-03T10:00:00Z"' '"2024-06-09T22:30:00-03:00"'
    bad '"Negativo"' '"Neutro"'
    bad ',"latitude":-23.55,"longitude":-46.63' ''
    bad '"latitude":-23.55,"longitude":-46.63' '"latitude":null,"longitude":null'
} >>input.ndjson
check "cleaning records appended" test "$(wc -l <input.ndjson)" = 100012

t0=$(date +%s)
run "fb-analyze --format json runs" fb.json fb-analyze --format json -q --no-progress input.ndjson
t1=$(date +%s)
run "the pandas reference runs" pandas.json "${reference[@]}" input.ndjson
t2=$(date +%s)
echo "fb-analyze $((t1 - t0)) s, pandas $((t2 - t1)) s"

head -n 10000 input.ndjson >head.ndjson
run "fb-analyze --keep-stopwords runs" fb-keep.json fb-analyze --format json --keep-stopwords -q --no-progress head.ndjson
run "the pandas reference --keep-stopwords runs" pandas-keep.json "${reference[@]}" --keep-stopwords head.ndjson

check "records: same counts as pandas" "$py" "$repo/scripts/bench/analyze_compare.py" fb.json pandas.json records
check "the reference counts the cleaning records" test "$(jq -c '.records | [.missing.SentimentRating, .invalid.SentimentRating, .invalid.InvoiceDate, .invalid.Sentimento, .missing.latitude]' pandas.json)" = "[2,2,3,1,2]"
for a in sentiment_share top_descriptions mean_rating_by_category sentiment_by_weekday top_words \
    rating_correlation sentiment_by_month rating_spread_by_category; do
    check "analyses.$a: same as pandas" "$py" "$repo/scripts/bench/analyze_compare.py" fb.json pandas.json "analyses.$a"
done
check "analyses: no other keys, same order" test "$(jq -c '.analyses | keys_unsorted' fb.json)" = "$(jq -c '.analyses | keys_unsorted' pandas.json)"
check "top_words --keep-stopwords: same as pandas" "$py" "$repo/scripts/bench/analyze_compare.py" fb-keep.json pandas-keep.json analyses.top_words
echo "$failures failed"
[ "$failures" -eq 0 ]
