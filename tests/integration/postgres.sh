#!/usr/bin/env bash
# Integration test: a real PostgreSQL round trip with psql (create table, insert, select).
# Needs DATABASE_URL (from `scripts/services env`); exits 77 (skip) when PostgreSQL is unavailable.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"
need_service postgres DATABASE_URL
command -v psql >/dev/null || skip postgres "psql client not installed"

table="fbkit_it_$$"
psql_q() { psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -X -q -tA "$@"; }
trap 'psql_q -c "drop table if exists $table" >/dev/null 2>&1 || true' EXIT

psql_q -c "create table $table (id int primary key, name text not null, score double precision)"
psql_q -c "insert into $table values (1, 'ana', 1.5), (2, 'bruno', 2.5), (3, 'célia', 3.0)"
psql_q -c "insert into $table values (2, 'bruno', 9.0) on conflict (id) do update set score = excluded.score"
got="$(psql_q -c "select count(*), sum(score), string_agg(name, ',' order by id) from $table")"
expect_eq "select" "3|13.5|ana,bruno,célia" "$got"
echo "postgres: round trip ok ($DATABASE_URL)"
