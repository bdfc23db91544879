#!/usr/bin/env bash
# fb-analyze on an endless stream: with --interval it writes a fresh cumulative report (one JSON
# document per line) while the input stays open, and the last report on SIGTERM (exit 143), with
# the HTML page rewritten each time.
# Usage: analyze_stream.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"
fb-gen --seed 9 -n 300 --with-truth | fb-ingest |
    jq -c '. + {Sentimento: ._fb.truth.Sentimento, Agrupador: ._fb.truth.Agrupador, SentimentRating: ._fb.truth.SentimentRating}' >records.ndjson
mkfifo in
fb-analyze --interval 0.3 --html live.html --stats stats.json <in >reports.ndjson 2>err.log &
pid=$!
exec 3>in
head -n 100 records.ndjson >&3
sleep 0.5
head -n 1 records.ndjson >&3  # the interval is checked as records arrive and when input pauses
check "a report while the input stays open" wait_lines reports.ndjson 1
check "it is one JSON document per line" jq -e '.analyses.sentiment_share' <(head -n 1 reports.ndjson) >/dev/null
check "the HTML page is written with it" test -s live.html
sed -n '101,300p' records.ndjson >&3
sleep 0.5
head -n 1 records.ndjson >&3
n=$(wc -l <reports.ndjson)
check "a later report counts more records" wait_lines reports.ndjson $((n > 1 ? n : 2))
check "reports are cumulative" test "$(tail -n 1 reports.ndjson | jq .records.used)" -gt "$(head -n 1 reports.ndjson | jq .records.used)"
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=
exec 3>&-
check "SIGTERM: exit 143" test "$code" = 143
check "SIGTERM: a last report of everything read" test "$(tail -n 1 reports.ndjson | jq .records.used)" = 302
check "SIGTERM: stats written" test "$(jq .written stats.json)" = 302
[ "$failures" -eq 0 ] || { echo "$failures checks failed"; exit 1; }
echo "analyze_stream: ok"
