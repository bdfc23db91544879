#!/usr/bin/env bash
# Integration test: a real Elasticsearch-API round trip with curl: index template with the
# Portuguese analyzer, _bulk, _count, _search, _mapping.
# Needs ELASTICSEARCH_URL (from `scripts/services env`); exits 77 (skip) when unavailable.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"
need_service es ELASTICSEARCH_URL
command -v curl >/dev/null || skip es "curl not installed"

url="${ELASTICSEARCH_URL%/}"
index="fbkit-it-$$"
req() { curl -fsS -m 30 -H 'Content-Type: application/json' "$@"; }
trap 'curl -s -m 10 -X DELETE "$url/$index" >/dev/null 2>&1 || true; curl -s -m 10 -X DELETE "$url/_index_template/$index" >/dev/null 2>&1 || true' EXIT

req "$url/" | grep -q '"number"' || fail "GET / has no version number"

req -X PUT "$url/_index_template/$index" -d '{
  "index_patterns": ["'"$index"'*"],
  "template": {
    "settings": {"number_of_shards": 1, "number_of_replicas": 0},
    "mappings": {"properties": {
      "title": {"type": "text", "analyzer": "portuguese"},
      "n": {"type": "integer"}}}}}' | grep -q '"acknowledged":true' || fail "index template not acknowledged"

bulk=""
for i in $(seq 1 20); do
  bulk+='{"index":{"_index":"'"$index"'","_id":"'"$i"'"}}'$'\n'
  if ((i % 4 == 0)); then
    bulk+='{"title":"As gaivotas voavam sobre o mar número '"$i"'","n":'"$i"'}'$'\n'
  else
    bulk+='{"title":"O gato dorme no sofá '"$i"'","n":'"$i"'}'$'\n'
  fi
done
out="$(printf '%s' "$bulk" | curl -fsS -m 60 -H 'Content-Type: application/x-ndjson' \
  -X POST "$url/_bulk?refresh=true" --data-binary @-)"
grep -q '"errors":false' <<<"$out" || fail "_bulk reported errors: ${out:0:300}"

count="$(req "$url/$index/_count" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')"
expect_eq "_count" 20 "$count"

# "gaivota" (singular) must match "gaivotas" through the Portuguese stemmer.
hits="$(req -X POST "$url/$index/_search" -d '{"query":{"match":{"title":"gaivota"}},"size":0,"track_total_hits":true}' |
  sed -n 's/.*"total":{"value":\([0-9]*\).*/\1/p')"
expect_eq "_search match gaivota" 5 "$hits"

req "$url/$index/_mapping" | grep -q '"analyzer":"portuguese"' || fail "_mapping lacks the portuguese analyzer"
echo "es: round trip ok ($url)"
