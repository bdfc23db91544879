#!/usr/bin/env bash
# scripts/bench/pipeline run small (20,000 records, one run of each side): asserts correctness only,
# never timing: the fbkit pipe (fb-gen | fb-ingest | fb-enrich | fb-classify | fb-analyze) and the
# PySpark job (local mode, the lexicon rules as a Python UDF) used the same number of records and
# agree on every aggregate both compute (counts per sentiment, category, rating sums and spread,
# weekday and month by sentiment, channel, country, state, city, day, negatives per category, and
# the rating correlations), and the pipe gives the same report whether fb-gen feeds it or the file.
# pyspark comes from PyPI into the cached venv shared with spark_pipe.sh (scripts/bench/spark_venv.sh).
# Skips (77) only when PyPI is unreachable or there is no Java 17+.
# Usage: bench_pipeline_smoke.sh TOOLS_BUILD_DIR
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/tools/common.bash" "$1"

status=0
t0=$SECONDS
FBKIT_BUILD=$(dirname "$tools") BENCH_DIR="$work/bench" \
    "$repo/scripts/bench/pipeline" --records 20000 --runs 1 --spark-runs 1 --master 'local[2]' --strict \
    >bench.log 2>&1 || status=$?
sed 's/^/    /' bench.log
echo "   (the bench took $((SECONDS - t0)) s)"
if grep -q '^PySpark skipped (no Java 17+)' bench.log; then echo "SKIP: no Java 17+ for pyspark"; exit 77; fi
if grep -q '^PySpark skipped (PyPI unreachable)' bench.log; then echo "SKIP: PyPI unreachable, pyspark could not be installed"; exit 77; fi

check "the bench ran (exit $status; 3 = the two sides disagree)" test "$status" = 0
check "PySpark ran" grep -q '^  PySpark  *run 1/1: ' bench.log
check "both sides used all 20,000 records" grep -qx 'records: fbkit 20,000, spark 20,000 (generated 20,000)' bench.log
check "every aggregate agrees" grep -Eq '^aggregates: agree \(([0-9]+) of \1 checks\)$' bench.log
for what in 'records used' 'sentiment' 'category (rated records)' 'rating mean and std per category' \
    'sum of ratings per category' 'sentiment_by_weekday counts' 'sentiment_by_month counts' \
    'counts.channel' 'counts.state' 'counts.city' 'counts.weekday' 'counts.month' 'counts per day' \
    'rating correlation'; do
    check "compared: $what" grep -Fq "  agree   $what" bench.log
done
check "the pipe's report is the same from fb-gen and from the file" \
    grep -qx '  fbkit reports, generated and from the file: identical' bench.log
check "the pipe's report is the same with fb-classify's memo and without" \
    grep -qx "  fbkit reports, with fb-classify's memo and without: identical" bench.log
check "a Markdown row for each job (five fbkit pipes, PySpark)" test "$(grep -c '^| \(fbkit\|PySpark\)' bench.log)" = 6
check "a pipe with the word and description counts, one with the models" \
    grep -q '^  fbkit (+ words)  *run 1/1: ' bench.log
check "and one with the models" grep -q '^  fbkit (+ models)  *run 1/1: ' bench.log
echo "$failures failed"
[ "$failures" -eq 0 ]
