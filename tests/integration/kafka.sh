#!/usr/bin/env bash
# Integration test: a real Kafka round trip with kcat: produce N messages, consume N back; then
# `scripts/services topic NAME --delete` removes the topic.
# Needs KAFKA_BROKERS (from `scripts/services env`); exits 77 (skip) when unavailable.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"
need_service kafka KAFKA_BROKERS
command -v kcat >/dev/null || skip kafka "kcat not installed"

n=50
topic="fbkit-it-$$-$RANDOM"
seq 1 "$n" | sed 's/^/message-/' | timeout 60 kcat -b "$KAFKA_BROKERS" -t "$topic" -P -z none
got="$(timeout 60 kcat -b "$KAFKA_BROKERS" -t "$topic" -C -o beginning -c "$n" -e -q -f '%s\n')"
expect_eq "consumed count" "$n" "$(printf '%s\n' "$got" | grep -c '^message-')"
expect_eq "first/last" "message-1 message-$n" "$(printf '%s\n' "$got" | sed -n '1p;$p' | paste -sd' ')"
echo "kafka: round trip ok ($KAFKA_BROKERS, topic $topic)"
bash "$FBKIT_REPO_DIR/scripts/services" topic "$topic" --delete >/dev/null || fail "scripts/services topic --delete failed"
# The whole topic list: a metadata request naming the topic could create it again (the broker
# auto-creates topics).
listed() { timeout 30 kcat -b "$KAFKA_BROKERS" -L 2>&1 | grep -q "topic \"$topic\" "; }
for _ in $(seq 100); do listed || break; sleep 0.2; done
listed && fail "topic $topic still listed 20 s after scripts/services topic --delete"
echo "kafka: topic deleted"
