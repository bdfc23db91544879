#!/usr/bin/env bash
# fb-consume against the real Kafka broker from scripts/services: two members of one consumer group
# share a 4-partition topic, are killed (kill -9 of any of their processes) and restarted, and
# between them every record reaches the pipeline's output (nothing lost; a batch cut by a kill runs
# again, which idempotent sinks absorb); afterwards the group has committed every offset. Also: a
# batch with a rejected record (65) is committed, a failing stage (69) is not, nor a batch the
# pipeline did not read (70); a topic that does not exist (66), no broker (69), a reserved -X (64),
# SIGTERM when idle (143, all committed) and during a hung batch (143 after --stop-timeout); a
# member given no partition stays until the group has committed everything (and takes over).
#   tests/integration/fb_consume.sh TOOLS_DIR
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"
tools=${1:?usage: fb_consume.sh TOOLS_DIR}
repo=$FBKIT_REPO_DIR

need_service kafka KAFKA_BROKERS
command -v kcat >/dev/null || skip kafka "kcat not installed"
for t in fb-gen fb-ingest fb-consume; do
    [ -x "$tools/$t/$t" ] || fail "$tools/$t/$t not built"
    PATH="$tools/$t:$PATH"
done
export PATH KAFKA_BROKERS

records=20000
id="$$-$RANDOM"
topic="fbkit-consume-$id"
work=$(mktemp -d)
cleanup() {
    local f
    for f in "$work"/member*.sid; do [ -s "$f" ] && pkill -9 -s "$(cat "$f")" 2>/dev/null; done
    for f in ${holder:-} ${second:-}; do pkill -9 -s "$f" 2>/dev/null; done
    bash "$repo/scripts/services" topic "$topic" --delete >/dev/null 2>&1
    [ -n "${FBKIT_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
# Quick takeover when a member dies (the broker's minimum session timeout is 6 s).
fast=(-X session.timeout.ms=6000 -X heartbeat.interval.ms=1000)

# The topic: valid records and one line that is not JSON (fb-ingest rejects it: its batch exits 65).
fb-gen --count "$records" --seed 21 -q | fb-ingest -q >"$work/input.ndjson" || fail "fb-gen | fb-ingest"
bash "$repo/scripts/services" topic "$topic" 4 >/dev/null || fail "cannot create topic $topic"
{ head -n 7000 "$work/input.ndjson"; echo '{"InvoiceNo": not json'; tail -n +7001 "$work/input.ndjson"; } |
    kcat -b "$KAFKA_BROKERS" -t "$topic" -P -z none || fail "kcat produce"
echo "fb_consume: $((records + 1)) messages in $topic (4 partitions)"

# --- two members, kill -9, restarts ---------------------------------------------------------------
mkdir -p "$work/out" "$work/rejects"
# shellcheck disable=SC2016
pipeline="fb-ingest -q --rejects $work/rejects/\$FBKIT_KAFKA_BATCH.\$\$.ndjson | (sleep 0.25; cat) \
  > $work/out/\$FBKIT_KAFKA_BATCH.\$\$.ndjson"
consumer=(fb-consume -t "$topic" -g "group-$id" -n 200 --linger 0.5 --until-empty "${fast[@]}" -- "$pipeline")
supervise "$work" member0 60 "${consumer[@]}" &
sup0=$!
sleep 1
supervise "$work" member1 60 "${consumer[@]}" &
sup1=$!
chaos "$work" 8 2 19 member0 member1
echo "fb_consume: killed ${#killed[@]}: ${killed[*]}"
wait "$sup0" || { cat "$work/member0.log"; fail "member 0 never finished"; }
wait "$sup1" || { cat "$work/member1.log"; fail "member 1 never finished"; }
echo "fb_consume: member 0 ran $(cat "$work/member0.runs") times, member 1 $(cat "$work/member1.runs") times"

# Shared: at some point each member held only part of the topic.
for i in 0 1; do
    grep -Eq "assigned $topic\[[0-9](,[0-9])?(,[0-9])?\]$" "$work/member$i.log" ||
        { cat "$work/member$i.log"; fail "member $i never held a share of the partitions"; }
done
# Nothing lost: every record is in some batch's output; repeats are batches cut by a kill.
distinct=$(cat "$work"/out/*.ndjson | jq -r .InvoiceNo | sort -u | wc -l)
expect_eq "distinct records out of the pipeline" "$records" "$distinct"
expected=$(jq -r .InvoiceNo "$work/input.ndjson" | sort -u | md5sum)
got=$(cat "$work"/out/*.ndjson | jq -r .InvoiceNo | sort -u | md5sum)
expect_eq "the same records" "$expected" "$got"
echo "fb_consume: $(cat "$work"/out/*.ndjson | wc -l) lines out for $records records (repeats: batches run again)"
expect_eq "the bad line rejected (at least once; a rerun batch rejects it again)" '{"InvoiceNo": not json' \
    "$(cat "$work"/rejects/*.ndjson | jq -r .input | sort -u)"
# Everything committed: a new member of the group finds nothing left.
fb-consume -q -t "$topic" -g "group-$id" --until-empty --stats "$work/after.json" -- 'cat >/dev/null' ||
    fail "member after the run"
expect_eq "messages left for the group" 0 "$(jq .read "$work/after.json")"

# --- exit statuses --------------------------------------------------------------------------------
status=0
fb-consume -q -t "$topic" -g "fail-$id" -n 1000 --until-empty --stats "$work/fail.json" -- 'cat >/dev/null; exit 69' ||
    status=$?
expect_eq "a stage exiting 69 stops fb-consume with 69" 69 "$status"
expect_eq "failed batch counted" 1 "$(jq .batches_failed "$work/fail.json")"
fb-consume -q -t "$topic" -g "fail-$id" --until-empty --stats "$work/fail2.json" -- 'wc -l >/dev/null' ||
    fail "rerun after the failure"
expect_eq "the failed batch was not committed (all read again)" "$((records + 1))" "$(jq .read "$work/fail2.json")"

status=0
fb-consume -q -t "$topic" -g "rej-$id" --until-empty --stats "$work/rej.json" -- 'fb-ingest -q --rejects /dev/null >/dev/null' ||
    status=$?
expect_eq "a batch with a rejected record (65) is done: exit 0" 0 "$status"
expect_eq "one batch had rejects" 1 "$(jq .batches_with_rejects "$work/rej.json")"
expect_eq "stats reconcile" true "$(jq .reconciled "$work/rej.json")"

status=0
fb-consume -q -t "$topic" -g "unread-$id" -n 500 --until-empty --stats "$work/unread.json" -- 'head -n 10 >/dev/null' \
    2>"$work/unread.err" || status=$?
expect_eq "a pipeline that leaves its batch unread: 70" 70 "$status"
grep -q "without reading" "$work/unread.err" || fail "unclear message: $(cat "$work/unread.err")"
fb-consume -q -t "$topic" -g "unread-$id" --until-empty --stats "$work/unread2.json" -- 'cat >/dev/null' ||
    fail "rerun after the unread batch"
expect_eq "the unread batch was not committed" "$((records + 1))" "$(jq .read "$work/unread2.json")"

status=0
fb-consume -t "$topic" -g "x-$id" -X enable.auto.commit=true -- cat 2>"$work/x.err" || status=$?
expect_eq "-X enable.auto.commit refused: 64" 64 "$status"

# SIGTERM while a batch hangs: it gets --stop-timeout, then is stopped and not committed.
fb-consume -t "$topic" -g "hang-$id" -n 1000 --stop-timeout 1 --stats "$work/hang.json" \
    -- 'cat >/dev/null; sleep 60' 2>"$work/hang.err" &
pid=$!
for _ in $(seq 100); do grep -q "assigned" "$work/hang.err" && break; sleep 0.1; done
sleep 2
kill -TERM "$pid"
t0=$SECONDS
status=0
wait "$pid" || status=$?
expect_eq "SIGTERM on a hung batch: 143" 143 "$status"
[ $((SECONDS - t0)) -lt 10 ] || fail "the hung batch held fb-consume $((SECONDS - t0)) s"
expect_eq "the hung batch was not committed" 0 "$(jq .written "$work/hang.json")"
expect_eq "stats reconcile after a stop" true "$(jq .reconciled "$work/hang.json")"

status=0
fb-consume -t "no-such-topic-$id" -g "g-$id" --until-empty -- cat 2>"$work/nosuch.err" || status=$?
expect_eq "a topic that does not exist: 66" 66 "$status"
grep -q "no-such-topic-$id" "$work/nosuch.err" || fail "the message does not name the topic: $(cat "$work/nosuch.err")"

status=0
fb-consume -b 127.0.0.1:1 --connect-timeout 2 -t "$topic" -g "g-$id" -- cat 2>"$work/down.err" || status=$?
expect_eq "no broker: 69" 69 "$status"
grep -q "no broker of 127.0.0.1:1 answered" "$work/down.err" || fail "unclear message: $(cat "$work/down.err")"

fb-consume -t "$topic" -g "term-$id" --stats "$work/term.json" -- 'cat >/dev/null' 2>"$work/term.err" &
pid=$!
# Idle once every message went through a batch (the batch lines on stderr add up).
for _ in $(seq 300); do
    done_n=$(sed -n 's/.*: batch [0-9]*: \([0-9]*\) messages.*/\1/p' "$work/term.err" | awk '{ s += $1 } END { print s + 0 }')
    [ "$done_n" -eq $((records + 1)) ] && break
    sleep 0.1
done
sleep 0.5
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
expect_eq "SIGTERM: 143" 143 "$status"
expect_eq "SIGTERM: every message read was run and committed" "$((records + 1))" "$(jq .written "$work/term.json")"
# --until-empty waits for the group, not only for its own partitions: a member the group gave
# nothing (one partition, two members) stays while the holder has messages uncommitted, so when
# the holder dies it takes the partition over and finishes it. (It used to leave after 3 s, and
# the rest stayed unread.)
one="$topic-one"
bash "$repo/scripts/services" topic "$one" 1 >/dev/null || fail "cannot create topic $one"
head -n 40 "$work/input.ndjson" | kcat -b "$KAFKA_BROKERS" -t "$one" -P -z none || fail "kcat produce"
setsid fb-consume -t "$one" -g "one-$id" -n 5 --linger 0.2 --until-empty "${fast[@]}" \
    -- "cat >>$work/one.out; sleep 1" 2>"$work/holder.err" &
holder=$!
for _ in $(seq 200); do [ -s "$work/one.out" ] && break; sleep 0.1; done
[ -s "$work/one.out" ] || { cat "$work/holder.err"; fail "the first member never ran a batch"; }
setsid fb-consume -t "$one" -g "one-$id" -n 5 --until-empty "${fast[@]}" -- "cat >>$work/one.out" 2>"$work/second.err" &
second=$!
# Whichever the group gave the partition is the holder; kill it (and its pipeline) once the other
# has been given nothing.
holder_err=""
last_assigned() { grep -o "assigned .*" "$1" | tail -n 1; }
for _ in $(seq 300); do
    h=$(last_assigned "$work/holder.err") s2=$(last_assigned "$work/second.err")
    if [ "$h" = "assigned $one[0]" ] && [ "$s2" = "assigned nothing" ]; then holder_err=holder; fi
    if [ "$s2" = "assigned $one[0]" ] && [ "$h" = "assigned nothing" ]; then holder_err=second; fi
    [ -n "$holder_err" ] && break
    sleep 0.1
done
[ -n "$holder_err" ] || { cat "$work/holder.err" "$work/second.err"; fail "the group never split one partition between two members"; }
if [ "$holder_err" = holder ]; then victim=$holder survivor=$second; else victim=$second survivor=$holder; fi
pkill -9 -s "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
status=0
wait "$survivor" || status=$?
expect_eq "the member given nothing finishes the dead holder's partition: exit" 0 "$status"
expect_eq "all 40 records out (repeats allowed)" 40 "$(jq -r .InvoiceNo "$work/one.out" | sort -u | wc -l)"
fb-consume -q -t "$one" -g "one-$id" --until-empty --stats "$work/one.json" -- 'cat >/dev/null' || fail "member after the takeover"
expect_eq "messages left for the group after the takeover" 0 "$(jq .read "$work/one.json")"
bash "$repo/scripts/services" topic "$one" --delete >/dev/null 2>&1

echo "fb_consume: ok"
