#!/usr/bin/env bash
# fb-sink-es against the real Elasticsearch-API server (OpenSearch) from scripts/services, checked
# with _count, _search and _mapping through curl: the shipped template applied, idempotent reruns,
# a mapping conflict rejected per item with the server's reason while the rest is indexed, index
# patterns from a date field, --passthrough, the server stopped and restarted mid-run with nothing
# lost or doubled, an unreachable cluster (exit 69, password masked), a 403 (a cluster write block:
# exit 69, the records rejected with the server's reason) and a red cluster (retried, then 69).
# The last two change the whole cluster for a moment: tests/CMakeLists.txt gives every test that
# uses OpenSearch the same RESOURCE_LOCK.
# Usage: fb_sink_es.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(cd "$1" && pwd)
need_service es ELASTICSEARCH_URL
command -v jq >/dev/null || skip es "jq not installed"
sink=$tools/fb-sink-es/fb-sink-es
gen=$tools/fb-gen/fb-gen
url="${ELASTICSEARCH_URL%/}"
prefix="fbkit-sink-$$"
work=$(mktemp -d)
unblock() {
  curl -s -m 20 -X PUT "$url/_cluster/settings" -H 'Content-Type: application/json' \
    -d '{"transient":{"cluster.blocks.read_only":null}}' >/dev/null 2>&1 || true
}
cleanup() {
  unblock
  curl -s -m 20 -X DELETE "$url/$prefix*,ids-$prefix" >/dev/null 2>&1 || true
  curl -s -m 20 -X DELETE "$url/_index_template/$prefix" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
count() { curl -fsS -m 30 "$url/$1/_count" | jq .count; }

# Classified-looking records: fb-gen's intended labels become the classifier's fields.
"$gen" --count 2000 --seed 5 --with-truth --date-format iso |
  "$tools/fb-ingest/fb-ingest" |
  "$tools/fb-enrich/fb-enrich" --customers "$FBKIT_REPO_DIR/examples/data/clientes.csv" \
    --branches "$FBKIT_REPO_DIR/examples/data/agencias.csv" |
  jq -c '. + ._fb.truth' >in.ndjson

# 1. The template shipped in examples/, aimed at this test's indices.
jq --arg p "$prefix*" '.index_patterns = [$p]' "$FBKIT_REPO_DIR/examples/elasticsearch/feedback-template.json" >tpl.json
"$sink" --index "$prefix-a" --template tpl.json --template-name "$prefix" --refresh wait_for --stats s1.json <in.ndjson
expect_eq "first run: written" 2000 "$(jq .written s1.json)"
expect_eq "documents indexed" 2000 "$(count "$prefix-a")"
mapping=$(curl -fsS "$url/$prefix-a/_mapping" | jq -c --arg i "$prefix-a" '.[$i].mappings.properties')
expect_eq "InvoiceDate is a date" date "$(jq -r .InvoiceDate.type <<<"$mapping")"
expect_eq "location is a geo_point" geo_point "$(jq -r .location.type <<<"$mapping")"
expect_eq "Agrupador is a keyword" keyword "$(jq -r .Agrupador.type <<<"$mapping")"
expect_eq "Description is text with a keyword sub-field" "text keyword" \
  "$(jq -r '[.Description.type, .Description.fields.keyword.type] | join(" ")' <<<"$mapping")"
doc=$(curl -fsS "$url/$prefix-a/_doc/7" | jq -c ._source)
expect_eq "_id is the InvoiceNo" 7 "$(jq .InvoiceNo <<<"$doc")"
expect_eq "_fb not indexed" null "$(jq ._fb <<<"$doc")"
expect_eq "location from latitude/longitude" true "$(jq '.location.lat == .latitude and .location.lon == .longitude' <<<"$doc")"
terms=$(curl -fsS -H 'Content-Type: application/json' "$url/$prefix-a/_search?size=0" \
  -d '{"aggs":{"a":{"terms":{"field":"Agrupador","size":20}}}}' | jq '[.aggregations.a.buckets[].doc_count] | add')
expect_eq "terms on Agrupador cover every document" 2000 "$terms"

# 2. Rerun (gzip-compressed requests): the same documents, overwritten, none added.
"$sink" --index "$prefix-a" --gzip --refresh wait_for --stats s2.json <in.ndjson
expect_eq "rerun: still 2000" 2000 "$(count "$prefix-a")"
expect_eq "rerun: all updated, none created" "0 2000" "$(jq -r '"\(.created) \(.updated)"' s2.json)"

# 3. A mapping conflict is rejected per item with the server's reason; the others are indexed.
{
  head -n 3 in.ndjson
  head -n 1 in.ndjson | jq -c '.InvoiceNo = 90001 | .SentimentRating = "muito alto"'
  head -n 1 in.ndjson | jq -c '.InvoiceNo = 90002 | .InvoiceDate = "não é data"'
  echo '{"InvoiceNo": 90003, "broken"'
  echo '{"CustomerID": 1}'
  head -n 1 in.ndjson | jq -c '.InvoiceNo = 90004'
} >bad.ndjson
status=0
"$sink" --index "$prefix-a" --refresh wait_for --rejects rejects.ndjson --stats s3.json <bad.ndjson || status=$?
expect_eq "bad records: exit 65" 65 "$status"
expect_eq "rejected lines" "4 5 6 7" "$(jq -r .line rejects.ndjson | sort -n | paste -sd' ')"
jq -r 'select(.line == 4) | .error' rejects.ndjson | grep -q mapper_parsing_exception || fail "no server reason: $(cat rejects.ndjson)"
expect_eq "the good one among them indexed" 1 "$(curl -fsS "$url/$prefix-a/_doc/90004" | jq '.found | if . then 1 else 0 end')"
expect_eq "counters reconcile" "8 4 4" "$(jq -r '"\(.read) \(.written) \(.rejected)"' s3.json)"

# 3b. String ids (an index outside the template, where InvoiceNo is a long): 400 bytes is a
# valid _id, 600 bytes is refused before sending (this used to crash).
status=0
printf '{"InvoiceNo":"%s"}\n{"InvoiceNo":"%s"}\n' "$(head -c 400 /dev/zero | tr '\0' a)" "$(head -c 600 /dev/zero | tr '\0' b)" |
  "$sink" --index "ids-$prefix" --refresh wait_for --rejects ids.rejects || status=$?
expect_eq "long ids: exit 65 (one refused)" 65 "$status"
expect_eq "the 400-byte id indexed" 1 "$(count "ids-$prefix")"
grep -q "1 to 512 bytes" ids.rejects || fail "600-byte id: $(cat ids.rejects)"

# 4. An index per month from InvoiceDate; --passthrough echoes exactly the accepted lines.
head -n 300 in.ndjson >month.ndjson
"$sink" --index "$prefix-m-{InvoiceDate:yyyy.MM}" --refresh wait_for --passthrough <month.ndjson >echo.ndjson
cmp month.ndjson echo.ndjson || fail "--passthrough output differs from the accepted input"
expect_eq "monthly indices hold every record" 300 "$(count "$prefix-m-*")"
first=$(head -n 1 month.ndjson | jq -r '.InvoiceDate[0:7] | sub("-"; ".")')
expect_eq "the first record is in its month's index" 1 \
  "$(curl -fsS "$url/$prefix-m-$first/_doc/$(head -n 1 month.ndjson | jq .InvoiceNo)" | jq '.found | if . then 1 else 0 end')"
status=0
"$sink" --index "Bad*Name" </dev/null 2>err || status=$?
expect_eq "invalid index name: exit 64" 64 "$status"

# 5. The server stopped and restarted mid-run: retried, nothing lost, nothing doubled.
(
  i=0
  while IFS= read -r line; do
    printf '%s\n' "$line"
    i=$((i + 1))
    # ~10 s of input, so batches keep coming while the server is down and must be retried
    # (input that ends before the stop takes effect would prove nothing).
    [ $((i % 50)) -eq 0 ] && sleep 0.25
  done <in.ndjson
) | "$sink" --index "$prefix-r" --batch-size 50 --in-flight 2 --retry-for 120 --stats s5.json &
pid=$!
sleep 2
bash "$FBKIT_REPO_DIR/scripts/services" stop es >/dev/null
sleep 3
bash "$FBKIT_REPO_DIR/scripts/services" start es >/dev/null || fail "OpenSearch did not come back"
status=0
wait "$pid" || status=$?
expect_eq "restart run exits 0" 0 "$status"
curl -fsS -X POST "$url/$prefix-r/_refresh" >/dev/null
expect_eq "all 2000 indexed across the restart" 2000 "$(count "$prefix-r")"
[ "$(jq .retried_requests s5.json)" -ge 1 ] || fail "the restart caused no retry: $(cat s5.json)"
echo "ok: $(jq .retried_requests s5.json) requests retried across the restart"

# 6. Unreachable: retries, then 69, password masked.
status=0
"$sink" --url "http://elastic:hunter2@127.0.0.1:1" --retry-for 1 </dev/null 2>err || status=$?
expect_eq "unreachable: exit 69" 69 "$status"
grep -q hunter2 err && fail "password printed: $(cat err)"
grep -q 'elastic:\*\*\*\*@' err || fail "message does not name the masked URL: $(cat err)"

# 7. A 403 (what a role without write privilege gets; here a cluster-wide write block): not
#    retried, exit 69 at once, the batch's records rejected with the server's reason.
curl -fsS -m 20 -X PUT "$url/_cluster/settings" -H 'Content-Type: application/json' \
  -d '{"transient":{"cluster.blocks.read_only":true}}' >/dev/null
status=0
SECONDS=0
# From a file, not a pipe: a pipe may deliver the lines in two reads, the first batch is sent at
# the pause between them, and after its 403 the sink stops reading (exit 69 leaves the rest unread).
head -n 20 in.ndjson >in7.ndjson
"$sink" --index "$prefix-blocked" --retry-for 60 --rejects rej7.ndjson <in7.ndjson 2>err7 || status=$?
took=$SECONDS
unblock
expect_eq "403: exit 69" 69 "$status"
[ "$took" -lt 30 ] || fail "403 was retried ($took s)"
grep -q 'forbidden (HTTP 403: cluster_block_exception' err7 || fail "403 message: $(cat err7)"
expect_eq "403: the 20 records rejected" 20 "$(wc -l <rej7.ndjson)"
grep -q 'cluster_block_exception' rej7.ndjson || fail "403 rejects lack the reason: $(head -c 400 rej7.ndjson)"

# 8. A red cluster (an index whose primary can be allocated nowhere): retried until --retry-for,
#    then 69 naming the health.
curl -fsS -m 20 -X PUT "$url/$prefix-red?wait_for_active_shards=0" -H 'Content-Type: application/json' \
  -d '{"settings":{"number_of_replicas":0,"index.routing.allocation.require._name":"no-such-node"}}' >/dev/null
status=0
"$sink" --index "$prefix-b" --retry-for 2 </dev/null 2>err8 || status=$?
curl -fsS -m 20 -X DELETE "$url/$prefix-red" >/dev/null
expect_eq "red cluster: exit 69" 69 "$status"
grep -q 'cluster health is red' err8 || fail "red cluster message: $(cat err8)"
echo "fb-sink-es: ok"
