#!/usr/bin/env bash
# fb-classify --threads (local backends alone): the same bytes on stdout, the same rejects (file
# and line, in order) and the same counters as one thread, over two inputs of many batches with
# every kind of bad line; --explain on threads; a live stream still gets each record out while the
# input stays open; with the LLM the option is refused (usage, exit 64).
# Usage: classify_threads.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

fb-gen --count 30000 --seed 11 -q --no-progress | fb-ingest -q --no-progress >good.ndjson
# Bad lines spread over the batches: invalid JSON, an _fb that is not an object, a record without
# its text (written, unclassified), a Description that is a number, blank lines, an over-long line;
# then a second file.
awk 'NR % 997 == 0 { print "{\"InvoiceNo\":" NR ",\"Description\":" }
     NR % 1499 == 0 { print "{\"InvoiceNo\":" NR ",\"Description\":\"ok\",\"_fb\":[]}" }
     NR % 2003 == 0 { print "{\"InvoiceNo\":" NR "}"; print "" }
     NR % 3001 == 0 { print "{\"InvoiceNo\":" NR ",\"Description\":42}" }
     NR == 20000 { printf "{\"Description\":\"%06000d\"}\n", 0 }
     { print }' good.ndjson >a.ndjson
head -n 5000 good.ndjson >b.ndjson
echo '{"Description":"o pix sumiu",}' >>b.ndjson

classify() {  # threads, name, extra options: runs over a.ndjson b.ndjson with --max-line-bytes 4096
    run_counted "$2" fb-classify --threads "$1" --max-line-bytes 4096 --max-rejects 1000000 "${@:3}" a.ndjson b.ndjson
}
classify 1 one
check "one thread: exit 0 with the rejects allowed" test "$(cat one.status)" = 0
check "one thread: the bad lines are rejected" test "$(wc -l <one.rejects)" -gt 40
check "one thread: the over-long line is rejected with its line" \
    grep -q '"line":[0-9]*,"error":"line of 6018 bytes is longer than --max-line-bytes 4096"' one.rejects
check "one thread: the second file's line is named" grep -q '"file":"b.ndjson","line":5001' one.rejects
check "one thread: records without a usable text are written unclassified" \
    test "$(jq -c 'select(._fb.error != null) | .Agrupador' one.out | sort -u)" = null
check "one thread: and counted" test "$(jq .unclassified one.stats)" -gt 10
for threads in 2 4 0; do
    classify "$threads" "t$threads"
    check_same_run "--threads $threads" one "t$threads"
done
check "counters reconcile" test "$(jq -c '[.read == .written + .rejected, .blank > 0]' t2.stats)" = '[true,true]'
classify 1 explain1 --explain
classify 3 explain3 --explain
check "--explain: the same explanations on 3 threads" cmp -s explain1.out explain3.out
check "--explain: explanations written" test "$(head -n 1 explain3.out | jq -c '._fb.explain | has("score")')" = true

# A live stream: each record comes out while the producer keeps the input open.
check_live_stream good.ndjson fb-classify --threads 3

# The LLM keeps its own window (--concurrency): --threads is refused before any input is read.
status=0
OPENAI_API_KEY=x fb-classify --backend llm --model m --base-url http://127.0.0.1:9 --threads 2 \
    </dev/null >llm.out 2>llm.err || status=$?
check "--threads with the LLM: exit 64" test "$status" = 64
check "and the message says why" grep -q 'fb-classify: --threads is for the local backends' llm.err

echo "$failures failed"
[ "$failures" -eq 0 ]
