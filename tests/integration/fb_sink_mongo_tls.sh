#!/usr/bin/env bash
# fb-sink-mongo over TLS with SCRAM authentication, against a second FerretDB (the services' binary,
# on the services' PostgreSQL, in a database of its own) started here with a TLS listener, a CA and
# certificate made with openssl, and FerretDB's user authentication with one user. Checked through
# pymongo as an independent client: the documents stored with the right credentials and the CA
# (tlsCAFile in the URI), a wrong password refused (exit 69, "authentication refused", the password
# masked and printed nowhere), an untrusted server certificate refused (exit 69, the message says
# so), and the password in no message, statistics or rejects of any run.
# Usage: fb_sink_mongo_tls.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(cd "$1" && pwd)
need_postgres
need_service mongo MONGODB_URI
command -v openssl >/dev/null || skip mongo "openssl not installed"
python3 -c 'import pymongo' 2>/dev/null || skip mongo "pymongo not installed (pip install -r tests/requirements.txt)"
ferretdb=$(bash "$FBKIT_REPO_DIR/scripts/services" bin mongo 2>/dev/null) || skip mongo "no FerretDB binary (scripts/services install mongo)"
sink=$tools/fb-sink-mongo/fb-sink-mongo
db="fbkit_tls_$$"
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  psql "$DATABASE_URL" -qc "drop database if exists $db" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

make_tls_certs
password='pw:s3cret/Tls'  # ':' and '/' percent-encoded in the URI
encoded='pw%3As3cret%2FTls'

psql "$DATABASE_URL" -qc "create database $db" >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# A pool of 30 leaves the services' PostgreSQL (100 connections) room for the services' FerretDB.
pg="${DATABASE_URL%/*}/$db?pool_max_conns=30"
mkdir state
"$ferretdb" --handler=pg --postgresql-url="$pg" --state-dir=state --listen-addr= --listen-tls="127.0.0.1:$port" \
  --listen-tls-cert-file=server.pem --listen-tls-key-file=server.key --debug-addr=- --telemetry=disable \
  --log-level=warn --test-enable-new-auth --setup-database=fbkit --setup-username=fbkit \
  --setup-password="$password" >ferretdb.log 2>&1 &
pid=$!
uri="mongodb://fbkit:$encoded@127.0.0.1:$port/?tls=true&tlsCAFile=$work/ca.pem&authSource=fbkit"
export URI="$uri"
pycount() {
  python3 -c 'import os, pymongo
c = pymongo.MongoClient(os.environ["URI"], serverSelectionTimeoutMS=5000, socketTimeoutMS=30000)
print(c.fbkit.criticidade.count_documents({}))'
}
for _ in $(seq 20); do pycount >/dev/null 2>&1 && break; sleep 0.5; done
expect_eq "the TLS server with authentication answers pymongo" 0 "$(pycount)"

"$tools/fb-gen/fb-gen" --count 300 --seed 9 --date-format iso -q | "$tools/fb-ingest/fb-ingest" -q >in.ndjson
secret_free() {  # no message, statistics or rejects of the run holds the password
  ! grep -q -F -e "$password" -e "$encoded" "$@" || fail "$1: the password was printed"
}
run() {  # name, URI: fb-sink-mongo over in.ndjson; exit status into NAME.status
  # Batches of 10: FerretDB 1.24 stalls with more updates in flight than its PostgreSQL pool has
  # connections (README, bench/sink-mongo).
  local name=$1 status=0
  "$sink" --uri "$2" --retry-for 3 --batch-size 10 --rejects "$name.rejects" --stats "$name.stats" <in.ndjson >"$name.out" 2>"$name.err" || status=$?
  echo "$status" >"$name.status"
  touch "$name.rejects" "$name.stats"
  secret_free "$name.err" "$name.stats" "$name.rejects" "$name.out"
}

# 1. The right password over TLS, the server verified with the CA: stored, and read back by pymongo.
run good "$uri"
expect_eq "TLS + SCRAM: exit" 0 "$(cat good.status)"
expect_eq "TLS + SCRAM: written" 300 "$(jq .written good.stats)"
expect_eq "TLS + SCRAM: documents read back by pymongo" 300 "$(pycount)"

# 2. A wrong password: refused at once, 69, the records rejected, the password masked.
run wrong "${uri/$encoded/wrong-$encoded}"
expect_eq "wrong password: exit 69" 69 "$(cat wrong.status)"
grep -q 'authentication refused' wrong.err || fail "wrong password: the message does not say so: $(cat wrong.err)"
grep -q 'fbkit:\*\*\*\*@' wrong.err || fail "wrong password: the URI is not shown masked: $(cat wrong.err)"
expect_eq "wrong password: nothing written" 0 "$(jq .written wrong.stats)"

# 3. The server's certificate without the CA: not trusted, 69 at once (waiting will not fix it),
#    and the message names the cause.
run untrusted "${uri/tlsCAFile=$work\/ca.pem&/}"
expect_eq "untrusted certificate: exit 69" 69 "$(cat untrusted.status)"
grep -qi 'certificate' untrusted.err || fail "untrusted certificate: the message does not say so: $(cat untrusted.err)"
grep -q 'TLS refused' untrusted.err || fail "untrusted certificate: not refused at once (retried as a network error): $(cat untrusted.err)"
expect_eq "the untrusted and refused runs stored nothing more" 300 "$(pycount)"

echo "PASS: fb-sink-mongo over TLS with SCRAM: stored and read back, wrong password and untrusted certificate refused (69), no secret printed"
