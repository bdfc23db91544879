#!/usr/bin/env bash
# End to end: `scripts/demo --with-services` (the README's full job on the real servers) stores every
# generated record in MongoDB and Elasticsearch and writes the HTML report read back from MongoDB.
#   tests/e2e/demo_services.sh TOOLS_DIR
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/../integration/lib.sh"
need_service kafka KAFKA_BROKERS
need_service mongo MONGODB_URI
need_service es ELASTICSEARCH_URL
need_postgres
python3 -c 'import pymongo' 2>/dev/null || skip mongo "pymongo not installed (scripts/setup --test)"

count=1500
out=$(bash "$FBKIT_REPO_DIR/scripts/demo" --with-services --count "$count" 2>&1) || { echo "$out"; fail "scripts/demo --with-services failed"; }
echo "$out" | tail -n 8
echo "$out" | grep -q "collection criticidade: $count documents" || fail "MongoDB does not hold $count documents"
echo "$out" | grep -q "feedback-demo: $count documents" || fail "Elasticsearch does not hold $count documents"
report=$FBKIT_REPO_DIR/build/demo/report.json
python3 - "$report" "$count" <<'PY' || fail "report.json does not count the records"
import json, sys
records = json.load(open(sys.argv[1]))["records"]
assert records["read"] == records["used"] == int(sys.argv[2]), records
PY
[ -s "$FBKIT_REPO_DIR/build/demo/report.html" ] || fail "no HTML report"
echo "demo_services: ok"
