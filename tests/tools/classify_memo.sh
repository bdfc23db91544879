#!/usr/bin/env bash
# fb-classify --memo: a repeated text is answered from the memo, and the output is byte-identical
# to classifying every record (--memo 0), also when the memo is small enough to start afresh many
# times, on several threads, with the fallback LLM path's local answers, and with --explain (which
# bypasses it). Texts over 1 KiB and texts without a verdict are classified every time.
# Usage: classify_memo.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

fb-gen --count 20000 --seed 5 -q --no-progress | fb-ingest -q --no-progress >good.ndjson
# Long texts (over the 1 KiB memo bound) repeated, blank and missing texts repeated, escapes that
# unescape to the same text as a plain spelling.
long=$(printf 'o app trava e perdi dinheiro, pessimo %.0s' $(seq 40))
awk -v long="$long" '
    NR % 500 == 0 { print "{\"InvoiceNo\":" NR ",\"Description\":\"" long "\"}" }
    NR % 700 == 0 { print "{\"InvoiceNo\":" NR ",\"Description\":\"  \"}"; print "{\"InvoiceNo\":" NR "}" }
    NR % 900 == 0 { print "{\"InvoiceNo\":" NR ",\"Description\":\"\\u00f3timo atendimento\"}"
                    print "{\"InvoiceNo\":" NR ",\"Description\":\"ótimo atendimento\"}" }
    { print }' good.ndjson >in.ndjson

run_counted off fb-classify --memo 0 in.ndjson
run_counted on fb-classify in.ndjson
run_counted small fb-classify --memo 7 in.ndjson
run_counted threads fb-classify --threads 3 --memo 50 in.ndjson
check "--memo 0: exit 0" test "$(cat off.status)" = 0
check "--memo 0: no memo hits" test "$(jq .memo_hits off.stats)" = 0
check "default memo: the same output as --memo 0" cmp -s off.out on.out
check "default memo: the same counters" cmp -s off.counts on.counts
hits=$(jq .memo_hits on.stats)
distinct=$(jq -r 'select(.Description | type == "string" and length <= 1024 and test("\\S")) | .Description' in.ndjson | sort -u | wc -l)
plain=$(jq -r 'select(.Description | type == "string" and length <= 1024 and test("\\S")) | .Description' in.ndjson | wc -l)
check "default memo: every repeat of a short text is a hit ($hits = $plain - $distinct)" test "$hits" = "$((plain - distinct))"
check "--memo 7 (starting afresh often): the same output" cmp -s off.out small.out
check "--memo 7: fewer hits than the default" test "$(jq .memo_hits small.stats)" -lt "$hits"
check "--threads 3 --memo 50: the same output" cmp -s off.out threads.out
check "--threads 3: hits counted over the threads" test "$(jq .memo_hits threads.stats)" -gt 0

run_counted explain_off fb-classify --explain --memo 0 in.ndjson
run_counted explain_on fb-classify --explain in.ndjson
check "--explain: the same output with the memo" cmp -s explain_off.out explain_on.out
check "--explain: bypasses the memo" test "$(jq .memo_hits explain_on.stats)" = 0
check "--explain: every record explained" test "$(jq -c 'select(.Description | type == "string" and test("\\S")) | select(._fb.explain == null)' explain_on.out | wc -l)" = 0

# The fallback path (local backend, then the LLM when unsure) uses the memo for its local answers:
# with --min-confidence 0 nothing goes to the LLM, so no server is needed.
OPENAI_API_KEY=unused run_counted fallback fb-classify --fallback llm --min-confidence 0 --base-url http://127.0.0.1:9 in.ndjson
check "--fallback llm --min-confidence 0: the same output" cmp -s off.out fallback.out
check "--fallback llm: memo hits counted" test "$(jq .memo_hits fallback.stats)" = "$hits"

check_usage() { fb-classify --memo "$1" </dev/null >/dev/null 2>usage.err; }
status=0
check_usage -1 || status=$?
check "--memo -1: exit 64" test "$status" = 64
check "--memo -1: the message names the option" grep -q -- '--memo' usage.err
echo "$failures failed"
[ "$failures" -eq 0 ]
