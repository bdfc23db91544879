#!/usr/bin/env bash
# examples/spark/fbkit_pipe.py run by a real Spark (pyspark from PyPI, local[2]) on 20,000 fb-gen
# records: the NDJSON partitions it writes hold exactly the records of the plain pipe
# `fb-enrich ... | fb-classify` on the same input (as sorted sets: the order across partitions
# differs), in both pipe modes:
#   - PySpark's RDD.pipe, tables shipped with addFile, binaries from FBKIT_BIN;
#   - the JVM's RDD.pipe, tables read in place, binaries on the PATH, and fb-ingest as a first stage
#     (raw fb-gen output in, compared with fb-ingest | fb-enrich | fb-classify);
#   - PySpark's RDD.pipe of fb-classify alone over the enriched records;
# and a tool that fails (fb-enrich --on-missing reject on unknown customers: exit 65) fails the
# Spark job instead of losing records (and does not hang it).
# pyspark is installed once into ${FBKIT_CACHE_DIR:-~/.cache/fbkit}/spark-venv and reused
# (scripts/bench/spark_venv.sh). Skips (77) only when PyPI is unreachable or there is no Java 17+.
# Usage: spark_pipe.sh TOOLS_BUILD_DIR
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/tools/common.bash" "$1"
. "$repo/scripts/bench/spark_venv.sh"
example=$repo/examples/spark/fbkit_pipe.py

for t in fb-gen fb-ingest fb-enrich fb-classify; do
    [ -x "$tools/$t/$t" ] || { echo "FAIL: $t is not built in $tools"; exit 1; }
done
spark_java_ready >java.msg || { echo "SKIP: spark: $(cat java.msg)"; exit 77; }
t0=$SECONDS
status=0
spark_venv_ready "$work/venv.log" >venv.msg || status=$?
cat venv.msg
if [ "$status" = 1 ]; then echo "SKIP: spark: PyPI unreachable, pyspark could not be installed"; exit 77; fi
[ "$status" = 0 ] || { echo "FAIL: no pyspark venv"; sed 's/^/    /' "$work/venv.log" | tail -n 20; exit 1; }
echo "pyspark $SPARK_VERSION ($SPARK_PY), Java at $JAVA_HOME; venv ready after $((SECONDS - t0)) s"

# 1. Input: the sample bank's tables and 20,000 records; every 100th CustomerID is unknown.
run "tables" tables.log fb-gen --sample-customers 5000 --write-tables tables -q
fb-gen --count 20000 --seed 9 --customers tables/clientes.csv -q --no-progress |
    awk 'NR % 100 == 0 && match($0, /"CustomerID":[0-9]+/) {
        $0 = substr($0, 1, RSTART - 1) "\"CustomerID\":" (substr($0, RSTART + 13, RLENGTH - 13) + 1000000000) substr($0, RSTART + RLENGTH) }
        { print }' >raw.ndjson
run "fb-ingest" input.ndjson fb-ingest -q --no-progress raw.ndjson
check "20,000 input records" test "$(wc -l <input.ndjson)" = 20000
check "200 of them with an unknown customer" test "$(grep -c '"CustomerID":1[0-9]\{9\}' input.ndjson)" = 200

# 2. The plain pipe, the reference.
fb-enrich -q --no-progress --customers tables/clientes.csv --branches tables/agencias.csv input.ndjson |
    fb-classify -q --no-progress >plain.ndjson
check "plain pipe: 20,000 records" test "$(wc -l <plain.ndjson)" = 20000
LC_ALL=C sort plain.ndjson >plain.sorted

# 3. Spark, local mode, 2 cores.
export SPARK_LOCAL_IP=127.0.0.1 FBKIT_SPARK_LOG_LEVEL=ERROR
export PYSPARK_SUBMIT_ARGS="--conf spark.ui.showConsoleProgress=false --conf spark.ui.enabled=false pyspark-shell"
spark() { # NAME ARGS...: runs the example; its stderr in NAME.log
    local name=$1 t=$SECONDS rc=0
    shift
    timeout 600 "$SPARK_PY" "$example" --master 'local[2]' "$@" >"$name.out" 2>"$name.log" || rc=$?
    echo "   ($name: exit $rc after $((SECONDS - t)) s)"
    return "$rc"
}
compare() { # NAME: the partitions in NAME/ against the plain pipe
    local name=$1 parts
    check "$name: job succeeded (_SUCCESS)" test -e "$name/_SUCCESS"
    parts=$(find "$name" -name 'part-*' -size +0 | wc -l)
    check "$name: several non-empty partitions, one process each ($parts)" test "$parts" -ge 2
    cat "$name"/part-* | LC_ALL=C sort >"$name.sorted"
    check "$name: 20,000 records" test "$(wc -l <"$name.sorted")" = 20000
    if cmp -s plain.sorted "$name.sorted"; then
        echo "ok: $name: the same records as the plain pipe (sorted sets)"
    else
        echo "FAIL: $name: records differ from the plain pipe:"
        diff plain.sorted "$name.sorted" | head -n 6 | cut -c1-300 | sed 's/^/    /'
        failures=$((failures + 1))
    fi
}

if FBKIT_BIN=$tools spark py --via python --tables ship --partitions 4 --input input.ndjson --output py \
    --customers tables/clientes.csv --branches tables/agencias.csv; then
    compare py
    check "py: tables shipped with addFile (the command reads the executor's copy)" \
        grep -q 'fb-enrich .*--customers /[^ ]*/userFiles-[^ ]*/clientes.csv' py.log
    check "py: both stages in one rdd.pipe, a bash pipeline with pipefail" \
        grep -q "rdd.pipe(\"bash -c 'set -o pipefail; [^ ]*/fb-enrich .* | [^ ]*/fb-classify -q --no-progress'\")" py.log
else
    echo "FAIL: the example failed (--via python)"; tail -n 25 py.log | sed 's/^/    /'; failures=$((failures + 1))
fi

if spark jvm --via jvm --tables shared --partitions 3 --stages ingest,enrich,classify --input raw.ndjson \
    --output jvm --customers "$work/tables/clientes.csv" --branches "$work/tables/agencias.csv"; then
    compare jvm
    check "jvm: the tools found on the PATH" grep -q "stage: fb-ingest -q --no-progress$" jvm.log
else
    echo "FAIL: the example failed (--via jvm)"; tail -n 25 jvm.log | sed 's/^/    /'; failures=$((failures + 1))
fi

# 4. One stage, the plain rdd.pipe("fb-classify ..."), over the plain pipe's enriched records.
fb-enrich -q --no-progress --customers tables/clientes.csv --branches tables/agencias.csv input.ndjson >enriched.ndjson
if FBKIT_BIN=$tools spark one --stages classify --partitions 2 --input enriched.ndjson --output one; then
    compare one
    check "one: rdd.pipe of fb-classify itself" grep -q "rdd.pipe('[^ ]*/fb-classify -q --no-progress')" one.log
else
    echo "FAIL: the example failed (--stages classify)"; tail -n 25 one.log | sed 's/^/    /'; failures=$((failures + 1))
fi

# 5. A failing tool fails the job: 200 unknown customers rejected, fb-enrich exits 65.
if spark reject --partitions 2 --input input.ndjson --output reject --customers tables/clientes.csv \
    --branches tables/agencias.csv --enrich-args '--on-missing reject'; then
    echo "FAIL: the job succeeded although fb-enrich rejected records"; failures=$((failures + 1))
else
    check "reject: no _SUCCESS written" test ! -e reject/_SUCCESS
    check "reject: Spark reports the tool's exit status 65" grep -Eq '(exited with|error_code|status)[^0-9]*65' reject.log
fi

echo "$failures failed"
[ "$failures" -eq 0 ]
