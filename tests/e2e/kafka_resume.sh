#!/usr/bin/env bash
# End to end: Kafka -> fb-enrich -> fb-classify -> fb-sink-mongo -> fb-sink-es, with random kill -9
# of any process of the consumers, restarts, and two instances sharing the topic's partitions.
# Afterwards MongoDB and Elasticsearch must hold each record exactly once, with the fields the plain
# pipe gives (nothing lost, nothing doubled).
#   tests/e2e/kafka_resume.sh TOOLS_DIR      (FBKIT_RESUME_RECORDS, FBKIT_RESUME_KILLS to resize)
# FBKIT_RESUME_DRIVER picks the consumer: kcat (default) is examples/kafka/fb-kafka-pipeline (kcat,
# offsets in checkpoint files, static partition assignment --instance I/2); group is fb-consume,
# two members of one Kafka consumer group (tests/e2e/kafka_group.sh).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/../integration/lib.sh"
tools=${1:?usage: kafka_resume.sh TOOLS_DIR}
repo=$FBKIT_REPO_DIR

need_service kafka KAFKA_BROKERS
need_service mongo MONGODB_URI
need_service es ELASTICSEARCH_URL
command -v kcat >/dev/null || skip kafka "kcat not installed"
python3 -c 'import pymongo' 2>/dev/null || skip mongo "pymongo not installed (scripts/setup --test)"

records=${FBKIT_RESUME_RECORDS:-100000}
kills=${FBKIT_RESUME_KILLS:-12}
driver=${FBKIT_RESUME_DRIVER:-kcat}
case $driver in kcat | group) ;; *) fail "FBKIT_RESUME_DRIVER: kcat or group, not $driver" ;; esac
for t in fb-gen fb-ingest fb-enrich fb-classify fb-sink-mongo fb-sink-es fb-consume; do
    [ -x "$tools/$t/$t" ] || fail "$tools/$t/$t not built"
    PATH="$tools/$t:$PATH"
done
export PATH

id="$$-$RANDOM"
topic="fbkit-resume-$id"
db="fbkit_resume_${id//-/_}"
index="fbkit-resume-$id"
work=$(mktemp -d)
cleanup() {
    local f
    for f in "$work"/instance*.sid; do [ -s "$f" ] && pkill -9 -s "$(cat "$f")" 2>/dev/null; done
    python3 - "$MONGODB_URI" "$db" <<'EOF' >/dev/null 2>&1
import sys, pymongo
pymongo.MongoClient(sys.argv[1], serverSelectionTimeoutMS=5000).drop_database(sys.argv[2])
EOF
    curl -s -o /dev/null -X DELETE "$ELASTICSEARCH_URL/$index"
    bash "$repo/scripts/services" topic "$topic" --delete >/dev/null 2>&1
    [ -n "${FBKIT_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

tables="--customers $repo/examples/data/clientes.csv --branches $repo/examples/data/agencias.csv"

# The input, and what the plain pipe makes of it (the reference for the stored documents).
fb-gen --count "$records" --seed 11 -q | fb-ingest -q >"$work/input.ndjson" || fail "fb-gen | fb-ingest"
# shellcheck disable=SC2086
fb-enrich -q $tables <"$work/input.ndjson" | fb-classify -q >"$work/expected.ndjson" || fail "reference pipe"

bash "$repo/scripts/services" topic "$topic" 4 >/dev/null || fail "cannot create topic $topic"
kcat -b "$KAFKA_BROKERS" -t "$topic" -P -z none <"$work/input.ndjson" || fail "kcat produce"
echo "kafka_resume ($driver): $records records in $topic (4 partitions)"

# shellcheck disable=SC2016
pipeline="fb-enrich -q $tables --rejects $work/rejects/enrich.\$FBKIT_KAFKA_BATCH.ndjson \
  | fb-classify -q \
  | fb-sink-mongo -q --db $db --ensure-index --batch-size 10 --in-flight 2 --retry-for 120 --passthrough \
  | fb-sink-es -q --index $index > /dev/null"
mkdir -p "$work/rejects" "$work/ckpt"

# FerretDB (the services' MongoDB-wire server) stalls with more than ~50 updates in flight, hence
# small batches; a real MongoDB takes fb-sink-mongo's defaults.
# Two instances under supervisors (tests/integration/lib.sh); chaos: kill -9 a random process of a
# random instance every 1-4 s.
sups=()
for i in 0 1; do
    if [ "$driver" = kcat ]; then
        cmd=(bash "$repo/examples/kafka/fb-kafka-pipeline" -t "$topic" -d "$work/ckpt" -i "$i/2" -n 4000 -e)
    else
        # Quick takeover of a killed member's partitions (the broker's minimum session timeout).
        cmd=(fb-consume -t "$topic" -g "$topic" -n 4000 -e -X session.timeout.ms=6000 -X heartbeat.interval.ms=1000)
    fi
    supervise "$work" "instance$i" 100 "${cmd[@]}" -- "$pipeline" &
    sups+=($!)
done
chaos "$work" "$kills" 10 39 instance0 instance1
echo "kafka_resume ($driver): killed ${#killed[@]}: ${killed[*]}"

wait "${sups[0]}" || { cat "$work/instance0.log"; fail "instance 0 never finished"; }
wait "${sups[1]}" || { cat "$work/instance1.log"; fail "instance 1 never finished"; }
echo "kafka_resume ($driver): instance 0 ran $(cat "$work/instance0.runs") times, instance 1 $(cat "$work/instance1.runs") times"

if [ "$driver" = kcat ]; then
    # Scale-out: each instance took its own partitions.
    grep -q "partitions 0 2," "$work/instance0.log" || fail "instance 0 did not own partitions 0 2"
    grep -q "partitions 1 3," "$work/instance1.log" || fail "instance 1 did not own partitions 1 3"
    for p in 0 1 2 3; do
        [ -s "$work/ckpt/$topic.$p.offset" ] || fail "no checkpoint for partition $p"
    done
    total=0
    for p in 0 1 2 3; do total=$((total + $(cat "$work/ckpt/$topic.$p.offset"))); done
    expect_eq "offsets committed over all partitions" "$records" "$total"
else
    # Scale-out: at some point each member held only a share of the partitions the group gave it.
    for i in 0 1; do
        grep -Eq "assigned $topic\[[0-9](,[0-9])?(,[0-9])?\]$" "$work/instance$i.log" ||
            fail "member $i never held a share of the partitions"
    done
    fb-consume -q -t "$topic" -g "$topic" -e --stats "$work/after.json" -- 'cat >/dev/null' || fail "member after the run"
    expect_eq "messages left uncommitted in the group" 0 "$(jq .read "$work/after.json")"
fi
[ -z "$(find "$work/rejects" -type f -size +0)" ] || fail "unexpected rejects: $(ls "$work/rejects")"

curl -s -o /dev/null -X POST "$ELASTICSEARCH_URL/$index/_refresh"
python3 - "$work/expected.ndjson" "$MONGODB_URI" "$db" "$ELASTICSEARCH_URL" "$index" <<'EOF' || fail "stored documents differ"
import json, sys, urllib.request
import pymongo

expected_file, uri, db, es, index = sys.argv[1:]
fields = ("CustomerID", "Agrupador", "Sentimento", "SentimentRating", "nome_da_agencia", "estado")
expected = {}
with open(expected_file, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        expected[r["InvoiceNo"]] = tuple(r.get(k) for k in fields)

def compare(where, docs):
    seen, bad = set(), 0
    for d in docs:
        key = d["InvoiceNo"]
        if key in seen:
            print(f"{where}: InvoiceNo {key} stored twice")
            bad += 1
        seen.add(key)
        got = tuple(d.get(k) for k in fields)
        if expected.get(key) != got:
            bad += 1
            if bad < 5:
                print(f"{where}: InvoiceNo {key}: {got} != {expected.get(key)}")
    missing = len(expected.keys() - seen)
    print(f"{where}: {len(seen)} documents, {missing} missing, {bad} wrong or doubled")
    return missing == 0 and bad == 0 and len(seen) == len(expected)

coll = pymongo.MongoClient(uri, serverSelectionTimeoutMS=10000)[db]["criticidade"]
mongo_count = coll.count_documents({})
print(f"mongodb: count {mongo_count} of {len(expected)}")
ok_mongo = compare("mongodb", coll.find({}, {"_id": 0})) and mongo_count == len(expected)

def es_docs():
    body = {"size": 5000, "sort": [{"_doc": "asc"}], "query": {"match_all": {}}}
    req = urllib.request.Request(f"{es}/{index}/_search?scroll=2m", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
    page = json.load(urllib.request.urlopen(req))
    while page["hits"]["hits"]:
        for h in page["hits"]["hits"]:
            yield h["_source"]
        req = urllib.request.Request(f"{es}/_search/scroll",
                                     json.dumps({"scroll": "2m", "scroll_id": page["_scroll_id"]}).encode(),
                                     {"Content-Type": "application/json"})
        page = json.load(urllib.request.urlopen(req))

count = json.load(urllib.request.urlopen(f"{es}/{index}/_count"))["count"]
print(f"elasticsearch: count {count} of {len(expected)}")
ok_es = compare("elasticsearch", es_docs()) and count == len(expected)
sys.exit(0 if ok_mongo and ok_es else 1)
EOF
echo "kafka_resume ($driver): ok"
