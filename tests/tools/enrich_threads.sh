#!/usr/bin/env bash
# fb-enrich --threads: the same bytes on stdout, the same rejects (file and line, in order) and the
# same counters as one thread, over two inputs of many batches with every kind of bad line; a live
# stream still gets each record out while the input stays open; a reader that goes away ends it
# like one thread does.
# Usage: enrich_threads.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

fb-gen --sample-customers 3000 --write-tables tables -q
fb-gen --count 30000 --seed 7 --customers tables/clientes.csv -q --no-progress | fb-ingest -q --no-progress >good.ndjson
# Bad lines spread over the batches: invalid JSON, a string id, no id, an unknown customer, blank
# lines and an over-long line; then a second file.
awk 'NR % 997 == 0 { print "{\"InvoiceNo\":" NR ",\"CustomerID\":" }
     NR % 1499 == 0 { print "{\"InvoiceNo\":" NR ",\"CustomerID\":\"12\"}" }
     NR % 2003 == 0 { print "{\"InvoiceNo\":" NR "}"; print "" }
     NR % 3001 == 0 { print "{\"InvoiceNo\":" NR ",\"CustomerID\":999999999}" }
     NR == 20000 { printf "{\"pad\":\"%06000d\"}\n", 0 }
     { print }' good.ndjson >a.ndjson
head -n 5000 good.ndjson >b.ndjson
echo '{"CustomerID":true}' >>b.ndjson

enrich() {  # threads, name: runs over a.ndjson b.ndjson with --max-line-bytes 4096
    run_counted "$2" fb-enrich --threads "$1" --customers tables/clientes.csv --branches tables/agencias.csv \
        --max-line-bytes 4096 --max-rejects 1000000 a.ndjson b.ndjson
}
enrich 1 one
check "one thread: exit 0 with the rejects allowed" test "$(cat one.status)" = 0
check "one thread: the bad lines are rejected" test "$(wc -l <one.rejects)" -gt 60
check "one thread: the over-long line is rejected with its line" \
    grep -q '"line":[0-9]*,"error":"line of 6010 bytes is longer than --max-line-bytes 4096"' one.rejects
check "one thread: the second file's line is named" grep -q '"file":"b.ndjson","line":5001' one.rejects
for threads in 2 4 0; do
    enrich "$threads" "t$threads"
    check_same_run "--threads $threads" one "t$threads"
done
check "counters reconcile" test "$(jq -c '[.read == .written + .rejected + .filtered, .blank > 0]' t2.stats)" = '[true,true]'

# A live stream: each record comes out while the producer keeps the input open.
check_live_stream good.ndjson fb-enrich --threads 3 --customers tables/clientes.csv --branches tables/agencias.csv

# The reader goes away: the same exit status as with one thread (quiet, like any filter).
for threads in 1 3; do
    set +o pipefail
    fb-enrich --threads "$threads" --customers tables/clientes.csv --branches tables/agencias.csv good.ndjson 2>head.err |
        head -n 1 >/dev/null
    echo "${PIPESTATUS[0]}" >"head$threads.status"
    set -o pipefail
done
check "a closed output ends --threads 3 as it ends one thread ($(cat head1.status))" cmp -s head1.status head3.status
check "and quietly" test ! -s head.err

echo "$failures failed"
[ "$failures" -eq 0 ]
