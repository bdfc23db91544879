#!/usr/bin/env bash
# examples/airflow's DAG run by a real Apache Airflow from PyPI (`airflow dags test`, SQLite
# metadata DB) against the real services: the hour holding 500 fb-gen records and one bad line
# in a 3-partition topic ends with every task successful, exactly those records in MongoDB and
# Elasticsearch, the bad line in the validate step's rejects file and the HTML report written;
# an empty hour skips every task (export exits 99); Kafka down fails export (69) after its retry;
# FBKIT_MAX_REJECTS=0 turns the bad line into a failed validate task (65).
# Airflow is installed once into ${FBKIT_CACHE_DIR:-~/.cache/fbkit}/airflow-venv and reused.
# Usage: airflow_dag.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
tools=$(cd "$1" && pwd)
airflow_version=3.3.2
need_service postgres DATABASE_URL
need_service mongo MONGODB_URI
need_service es ELASTICSEARCH_URL
need_service kafka KAFKA_BROKERS
for cmd in psql kcat curl jq python3; do command -v $cmd >/dev/null || skip airflow "$cmd not installed"; done

# 1. Airflow (and pymongo, the independent MongoDB client) in a cached venv, installed under a lock.
cache=${FBKIT_CACHE_DIR:-$HOME/.cache/fbkit}
venv=$cache/airflow-venv
mkdir -p "$cache"
exec 8>"$cache/airflow-venv.lock"
flock -w 1200 8 || fail "could not lock $cache/airflow-venv.lock"
if [ ! -e "$venv/.installed-$airflow_version" ]; then
  t0=$SECONDS
  rm -rf "$venv"
  python3 -m venv "$venv"
  if ! "$venv/bin/pip" install -q "apache-airflow==$airflow_version" pymongo >"$cache/airflow-venv.log" 2>&1; then
    timeout 60 "$venv/bin/pip" download -q --no-deps -d "$(mktemp -d)" "apache-airflow==$airflow_version" \
      >/dev/null 2>&1 || skip airflow "PyPI unreachable (pip install apache-airflow==$airflow_version)"
    fail "pip install apache-airflow==$airflow_version failed: $(tail -n 5 "$cache/airflow-venv.log")"
  fi
  touch "$venv/.installed-$airflow_version"
  echo "installed apache-airflow $airflow_version in $venv in $((SECONDS - t0)) s"
fi
flock -u 8
af() { "$venv/bin/airflow" "$@"; }

# 2. A private Airflow (SQLite), PostgreSQL database, topic, collection and index for this run.
id=fbkit_airflow_$$_$RANDOM
work=$(mktemp -d)
admin_url=$DATABASE_URL url="${DATABASE_URL%/*}/$id"
cleanup() {
  local status=$?
  if [ "$status" != 0 ] && [ "$status" != 77 ]; then  # the tools' messages and the exit codes, from the task logs
    grep -h -E 'fb-[a-z-]+: |return code|WARNING|ERROR' "$work"/*.log 2>/dev/null | grep -v 'Running command' | cut -c1-400 | tail -n 30 || true
  fi
  "$venv/bin/python" -c 'import pymongo, sys; pymongo.MongoClient(sys.argv[1]).drop_database(sys.argv[2])' \
    "$MONGODB_URI" "$id" >/dev/null 2>&1 || true
  curl -s -X DELETE "$ELASTICSEARCH_URL/$id" >/dev/null 2>&1 || true
  psql "$admin_url" -X -q -c "drop database if exists $id" >/dev/null 2>&1 || true
  bash "$FBKIT_REPO_DIR/scripts/services" topic "$id" --delete >/dev/null 2>&1 || true
  if [ -n "${FBKIT_KEEP_WORK:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
export AIRFLOW_HOME=$work/airflow AIRFLOW__CORE__LOAD_EXAMPLES=False PYTHONDONTWRITEBYTECODE=1
export AIRFLOW__CORE__DAGS_FOLDER=$FBKIT_REPO_DIR/examples/airflow
af db migrate >"$work/migrate.log" 2>&1 || fail "airflow db migrate: $(tail -n 5 "$work/migrate.log")"

psql "$admin_url" -X -q -c "create database $id" >/dev/null
(cd "$FBKIT_REPO_DIR" && psql "$url" -X -q -v ON_ERROR_STOP=1 -f examples/sql/schema.sql -f examples/sql/seed.sql) >/dev/null
topic=$id
bash "$FBKIT_REPO_DIR/scripts/services" topic "$topic" 3 >/dev/null || fail "could not create topic $topic"
mkdir -p "$work/bin"
for t in "$tools"/fb-*/fb-*; do ln -s "$t" "$work/bin/"; done

# The DAG's settings: environment variables, and one Airflow Variable given as AIRFLOW_VAR_*.
export FBKIT_BIN=$work/bin FBKIT_TOPIC=$topic DATABASE_URL=$url FBKIT_REPORT_DIR=$work/reports
# FerretDB (the services' MongoDB-wire server) stalls with many updates in flight: small batches.
export FBKIT_MONGO_ARGS="--ensure-index --batch-size 10 --in-flight 2"
export FBKIT_MONGO_DB=$id FBKIT_MONGO_COLLECTION=criticidade AIRFLOW_VAR_FBKIT_ES_INDEX=$id
export FBKIT_RETRIES=0 FBKIT_RETRY_DELAY=1

# run_dag NAME LOGICAL_DATE [VAR=VALUE...]: `airflow dags test` with FBKIT_WORK=$work/NAME; sets
# $run_id and $states ("task=state ..." sorted by task). Extra settings apply to that run only.
run_dag() {
  local name=$1 date=$2 t0=$SECONDS; shift 2
  env FBKIT_WORK="$work/$name" "$@" "$venv/bin/airflow" dags test fbkit_hourly "$date" >"$work/$name.log" 2>&1 ||
    echo "airflow dags test ($name) exited $?"
  run_id=$(grep -o 'DagRun Finished: dag_id=fbkit_hourly, .*run_id=[^,]*' "$work/$name.log" | sed 's/.*run_id=//' | tail -n 1)
  [ -n "$run_id" ] || fail "$name: no finished DAG run: $(tail -n 20 "$work/$name.log")"
  states=$(af tasks states-for-dag-run fbkit_hourly "$run_id" -o json 2>/dev/null |
    jq -r 'sort_by(.task_id)[] | "\(.task_id)=\(.state)"' | paste -sd' ')
  echo "$name: $states ($((SECONDS - t0)) s)"
}
all() { for t in analyze classify enrich export sink_es sink_mongo validate; do printf '%s=%s ' $t "$1"; done | sed 's/ $//'; }

# 3. The hour holding the records: 500 good ones and a bad line, all produced in one clock hour.
[ $((3600 - $(date +%s) % 3600)) -gt 120 ] || sleep $((3600 - $(date +%s) % 3600 + 1))
hour=$(($(date +%s) / 3600 * 3600))
"$tools/fb-gen/fb-gen" --count 500 --seed 7 --start-invoice 700001 | "$tools/fb-ingest/fb-ingest" >"$work/in.ndjson"
{ cat "$work/in.ndjson"; echo '{"InvoiceNo":"not a number","Description":"bad line"}'; } |
  kcat -P -b "$KAFKA_BROKERS" -t "$topic"
[ $(($(date +%s) / 3600 * 3600)) = "$hour" ] || fail "records were produced across an hour boundary; run again"
# A manual run's data interval is the hour that ends at its logical date.
logical=$(date -u -d "@$((hour + 3600))" +%Y-%m-%dT%H:%M:%S+00:00)
run_dag data "$logical"
expect_eq "task states, hour with records" "$(all success)" "$states"
want=$(jq .InvoiceNo "$work/in.ndjson" | sort -n | paste -sd,)
got=$("$venv/bin/python" -c '
import pymongo, sys
c = pymongo.MongoClient(sys.argv[1])[sys.argv[2]]["criticidade"]
print(",".join(str(d["InvoiceNo"]) for d in c.find({}, {"InvoiceNo": 1}).sort("InvoiceNo", 1)))' "$MONGODB_URI" "$id")
expect_eq "MongoDB holds exactly the hour's records" "$want" "$got"
curl -sf -X POST "$ELASTICSEARCH_URL/$id/_refresh" >/dev/null
expect_eq "Elasticsearch _count" 500 "$(curl -sf "$ELASTICSEARCH_URL/$id/_count" | jq .count)"
got=$(curl -sf -H 'Content-Type: application/json' "$ELASTICSEARCH_URL/$id/_search" \
  -d '{"size":1000,"_source":false,"sort":[{"InvoiceNo":"asc"}]}' | jq -r '.hits.hits[]._id' | paste -sd,)
expect_eq "Elasticsearch holds exactly the hour's records" "$want" "$got"
expect_eq "documents enriched from PostgreSQL" 500 "$("$venv/bin/python" -c '
import pymongo, sys
print(pymongo.MongoClient(sys.argv[1])[sys.argv[2]]["criticidade"].count_documents({"nome_da_agencia": {"$type": "string"}}))' "$MONGODB_URI" "$id")"
rejects=$(ls "$work"/data/fbkit_hourly/*/ingest.rejects.ndjson)
expect_eq "the bad line is in the rejects file" "bad line" "$(jq -r .input "$rejects" | jq -r .Description)"
grep -q "WARNING: fb-ingest rejected 1 record(s): $rejects" "$work/data.log" || fail "validate's log does not name the rejects file"
report=$work/reports/feedback-$(date -u -d "@$hour" +%Y%m%dT%H%M%S)
[ -s "$report.html" ] || fail "no HTML report at $report.html: $(ls "$work/reports" 2>&1)"
grep -qi '<html' "$report.html" || fail "$report.html is not an HTML page"
expect_eq "report counts the records" 500 "$(jq .records.used "$report.json")"

# 4. An empty hour: export exits 99, so it and every later task are skipped.
run_dag empty "$(date -u -d "@$((hour - 2 * 3600))" +%Y-%m-%dT%H:%M:%S+00:00)"
expect_eq "task states, empty hour" "$(all skipped)" "$states"

# 5. Kafka unavailable: export exits 69 and fails after its retry; nothing after it runs.
run_dag down "$logical" KAFKA_BROKERS=127.0.0.1:1 FBKIT_RETRIES=1 FBKIT_KAFKA_TIMEOUT=20
expect_eq "task states, Kafka down" \
  "analyze=upstream_failed classify=upstream_failed enrich=upstream_failed export=failed sink_es=upstream_failed sink_mongo=upstream_failed validate=upstream_failed" "$states"
[ "$(grep -c 'kcat failed: Kafka unavailable' "$work/down.log")" -ge 2 ] || fail "export was not retried"
grep -q 'exited with return code 69' "$work/down.log" || fail "export did not exit 69"

# 6. FBKIT_MAX_REJECTS=0: the bad line fails validate (65) instead of a warning.
run_dag strict "$logical" FBKIT_MAX_REJECTS=0
expect_eq "task states, strict rejects" \
  "analyze=upstream_failed classify=upstream_failed enrich=upstream_failed export=success sink_es=upstream_failed sink_mongo=upstream_failed validate=failed" "$states"
grep -q 'exited with return code 65' "$work/strict.log" || fail "validate did not exit 65"
echo "airflow $airflow_version: the fbkit_hourly DAG ok"
