#!/usr/bin/env bash
# fb-analyze reading straight from the real MongoDB-wire server of scripts/services (as the old
# notebook loaded its data): records stored by fb-sink-mongo (InvoiceDate as a BSON date, read back
# as extended JSON) give the same analyses as the same records read from the NDJSON file; --filter
# narrows the collection; a bad filter is a usage error; an unreachable server is exit 69.
# Usage: fb_analyze_mongo.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(cd "$1" && pwd)
need_service mongo MONGODB_URI
db=fbkit_analyze_$$
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$tools/fb-gen/fb-gen" --seed 5 -n 3000 | "$tools/fb-ingest/fb-ingest" |
  "$tools/fb-enrich/fb-enrich" --customers "$FBKIT_REPO_DIR/examples/data/clientes.csv" \
    --branches "$FBKIT_REPO_DIR/examples/data/agencias.csv" |
  "$tools/fb-classify/fb-classify" >classified.ndjson
"$tools/fb-sink-mongo/fb-sink-mongo" --uri "$MONGODB_URI" --db "$db" --batch-size 200 <classified.ndjson
drop() { python3 -c "import pymongo,sys; pymongo.MongoClient(sys.argv[1]).drop_database(sys.argv[2])" "$MONGODB_URI" "$db" 2>/dev/null || true; }
trap 'drop; rm -rf "$work"' EXIT

"$tools/fb-analyze/fb-analyze" --format json classified.ndjson >file.json
"$tools/fb-analyze/fb-analyze" --format json --mongo-uri "$MONGODB_URI" --db "$db" --stats stats.json >mongo.json
expect_eq "documents read from MongoDB" 3000 "$(jq .read stats.json)"
# Documents come back in another order: floats may differ in the last bits (compared to 1e-9).
python3 "$FBKIT_REPO_DIR/scripts/bench/analyze_compare.py" file.json mongo.json records analyses ||
  fail "MongoDB input and file input disagree (above)"
expect_eq "per-customer features alike" "$(jq -S -c .notebook.customers file.json)" "$(jq -S -c .notebook.customers mongo.json)"
echo "ok: MongoDB and file input give the same report"

"$tools/fb-analyze/fb-analyze" --format json --mongo-uri "$MONGODB_URI" --db "$db" --filter '{"Agrupador":"Cartão"}' >cartao.json
want=$(jq -c 'select(.Agrupador == "Cartão")' classified.ndjson | wc -l)
expect_eq "--filter: only Cartão documents" "$want" "$(jq .records.used cartao.json)"
expect_eq "--filter: one category" '["Cartão"]' "$(jq -c '[.analyses.mean_rating_by_category[].Agrupador]' cartao.json)"
echo "ok: --filter"

code=0
"$tools/fb-analyze/fb-analyze" --mongo-uri "$MONGODB_URI" --db "$db" --filter '{"Agrupador":' >/dev/null 2>err.log || code=$?
expect_eq "a bad --filter: usage error" 64 "$code"
code=0
"$tools/fb-analyze/fb-analyze" --mongo-uri "mongodb://app:hunter2@127.0.0.1:1/?serverSelectionTimeoutMS=500" >/dev/null 2>err.log || code=$?
expect_eq "unreachable: exit 69" 69 "$code"
grep -q hunter2 err.log && fail "password printed: $(cat err.log)"
echo "ok: bad filter, unreachable server"
echo "fb_analyze_mongo: ok"
