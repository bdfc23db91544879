#!/usr/bin/env bash
# fb-gen --pg against the real PostgreSQL from scripts/services: the schema and seed data load with
# psql -f, customers come from the clientes table or a custom query, and a database that is down
# is exit 69 with the password masked.
# Usage: fb_gen_pg.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(cd "$1" && pwd)
need_postgres
gen=$tools/fb-gen/fb-gen
db=fbkit_gen_$$
psql "$DATABASE_URL" -X -q -c "create database $db" >/dev/null
url="${DATABASE_URL%/*}/$db"
trap 'psql "$DATABASE_URL" -X -q -c "drop database if exists $db" >/dev/null 2>&1 || true' EXIT
cd "$FBKIT_REPO_DIR"
psql "$url" -X -q -v ON_ERROR_STOP=1 -f examples/sql/schema.sql >/dev/null
psql "$url" -X -q -v ON_ERROR_STOP=1 -f examples/sql/seed.sql >/dev/null
expect_eq "seeded customers" 1000 "$(psql "$url" -X -tA -c 'select count(*) from clientes')"

work=$(mktemp -d)
trap 'rm -rf "$work"; psql "$DATABASE_URL" -X -q -c "drop database if exists $db" >/dev/null 2>&1 || true' EXIT
"$gen" --pg-url "$url" --count 500 --seed 3 --stats "$work/stats.json" >"$work/out.ndjson"
expect_eq "records" 500 "$(wc -l <"$work/out.ndjson")"
expect_eq "customers loaded" 1000 "$(jq .customers "$work/stats.json")"
psql "$url" -X -tA -c 'select customerid from clientes' | sort -u >"$work/ids"
jq -r .CustomerID "$work/out.ndjson" | sort -u >"$work/used"
expect_eq "every CustomerID exists in clientes" 0 "$(comm -13 "$work/ids" "$work/used" | wc -l)"

# DATABASE_URL from the environment and a custom query restricting to one state.
DATABASE_URL=$url "$gen" --pg-query "select CustomerID, cidade from clientes where estado = 'BA'" --count 50 --seed 1 >"$work/ba.ndjson"
expect_eq "custom query: only Salvador" Salvador "$(jq -r .City "$work/ba.ndjson" | sort -u)"

# Unexpected columns and a database that is down.
status=0
"$gen" --pg-url "$url" --pg-query "select nome from clientes" --count 1 2>"$work/err" >/dev/null || status=$?
expect_eq "query without CustomerID: exit 78" 78 "$status"
status=0
"$gen" --pg-url "postgresql://app:hunter2@127.0.0.1:1/x" --count 1 2>"$work/err" >/dev/null || status=$?
expect_eq "database down: exit 69" 69 "$status"
grep -q hunter2 "$work/err" && fail "password printed: $(cat "$work/err")"
grep -q 'app:\*\*\*\*@' "$work/err" || fail "message does not name the masked URI: $(cat "$work/err")"
echo "fb-gen --pg: ok"
