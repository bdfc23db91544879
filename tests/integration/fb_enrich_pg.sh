#!/usr/bin/env bash
# fb-enrich against the real PostgreSQL from scripts/services: database mode and file mode give
# byte-identical output on the same data (missing customers, NULL columns, coordinates stored as
# text, 100k customers); custom queries; a query without the expected columns is exit 78 naming
# them; a database that is down is exit 69 with the password masked; --refresh picks up new rows.
# Usage: fb_enrich_pg.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(cd "$1" && pwd)
need_postgres
gen=$tools/fb-gen/fb-gen
ingest=$tools/fb-ingest/fb-ingest
enrich=$tools/fb-enrich/fb-enrich
db=fbkit_enrich_$$
work=$(mktemp -d)
cleanup() {
  rm -rf "$work"
  psql "$DATABASE_URL" -X -q -c "drop database if exists $db" >/dev/null 2>&1 || true
}
trap cleanup EXIT
psql "$DATABASE_URL" -X -q -c "create database $db" >/dev/null
url="${DATABASE_URL%/*}/$db"
sql() { psql "$url" -X -q -v ON_ERROR_STOP=1 "$@"; }
cd "$work"

# 1. The golden case's small tables: NULL cells, a customer without a branch, an unknown branch.
cases="$FBKIT_REPO_DIR/tests/cases/fb-enrich/join"
sql -f "$FBKIT_REPO_DIR/examples/sql/schema.sql" >/dev/null
# Customer 10005 points at branch 99, which does not exist: load without the foreign key.
sql -c "alter table clientes drop constraint if exists clientes_agencia_id_fkey" >/dev/null
# The golden table writes one coordinate with a decimal comma, which a double column refuses.
sed 's/"-22,9068","-43,1729"/-22.9068,-43.1729/' "$cases/agencias.csv" >agencias_dot.csv
sql -c "\\copy agencias from 'agencias_dot.csv' csv header"
sql -c "\\copy clientes (customerid, nome, segmento, cidade, estado, agencia_id) from '$cases/clientes.csv' csv header"
expect_eq "NULL segmento loaded" 1 "$(psql "$url" -X -tA -c 'select count(*) from clientes where segmento is null')"
"$enrich" --customers "$cases/clientes.csv" --branches "$cases/agencias.csv" <"$cases/input.ndjson" >file.ndjson
"$enrich" --pg-url "$url" --stats pg.stats <"$cases/input.ndjson" >pg.ndjson
cmp file.ndjson pg.ndjson || fail "small tables: database and file output differ: $(diff file.ndjson pg.ndjson | head -5)"
cmp pg.ndjson "$cases/expected.ndjson" || fail "small tables: output differs from the golden case"
expect_eq "missing customers counted" 1 "$(jq .missing_customer pg.stats)"
expect_eq "missing branches counted" 2 "$(jq .missing_branch pg.stats)"

# 2. Coordinates stored as text (old databases), with a decimal comma, a blank and a NULL.
sql -c "create table agencias_txt (agencia_id integer primary key, nome_da_agencia text not null,
        cidade text, estado char(2), latitude text, longitude text)" >/dev/null
sql -c "insert into agencias_txt select agencia_id, nome_da_agencia, cidade, estado,
        replace(latitude::text, '.', ','), ' ' || longitude::text || ' ' from agencias" >/dev/null
expect_eq "text column" text "$(psql "$url" -X -tA -c "select data_type from information_schema.columns where table_name='agencias_txt' and column_name='latitude'")"
DATABASE_URL=$url "$enrich" --pg --branches-table agencias_txt <"$cases/input.ndjson" >pg_txt.ndjson
cmp file.ndjson pg_txt.ndjson || fail "text coordinates: output differs: $(diff file.ndjson pg_txt.ndjson | head -5)"
expect_eq "latitude is a number" number "$(head -1 pg_txt.ndjson | jq -r '.latitude | type')"

# 3. 100,000 customers: the sample bank written as CSV, loaded with \copy, 20,000 records.
"$gen" --sample-customers 100000 --write-tables big >/dev/null
sql -c "create schema big" >/dev/null
sql -c "create table big.agencias (like agencias)" -c "create table big.clientes (like clientes)" >/dev/null
sql -c "\\copy big.agencias from 'big/agencias.csv' csv header"
sql -c "\\copy big.clientes (customerid, nome, segmento, cidade, estado, agencia_id) from 'big/clientes.csv' csv header"
sql -c "update big.clientes set segmento = null where customerid % 97 = 0" >/dev/null
sql -c "\\copy (select * from big.clientes) to 'big/clientes_nulls.csv' csv header"
# Records for existing customers plus ids past the table's end (missing customers).
"$gen" --count 20000 --seed 11 --customers big/clientes.csv | "$ingest" >in.ndjson
"$gen" --count 500 --seed 12 --start-invoice 900000 --sample-customers 100000 | jq -c '.CustomerID += 100000' | "$ingest" >>in.ndjson
"$enrich" --customers big/clientes_nulls.csv --branches big/agencias.csv --stats file.stats <in.ndjson >big_file.ndjson
"$enrich" --pg-url "$url" --customers-table big.clientes --branches-table big.agencias --stats pg.stats <in.ndjson >big_pg.ndjson
expect_eq "customers loaded from the database" 100000 "$(jq .customers pg.stats)"
expect_eq "records written" 20500 "$(wc -l <big_pg.ndjson)"
expect_eq "missing customers" 500 "$(jq .missing_customer pg.stats)"
cmp big_file.ndjson big_pg.ndjson || fail "100k customers: database and file output differ: $(diff big_file.ndjson big_pg.ndjson | head -5)"
expect_eq "NULL segmento written as null" true "$(jq -s 'map(select(.CustomerID % 97 == 0 and .CustomerID <= 110000) | .segmento == null) | all' big_pg.ndjson)"

# 4. A custom query (parameters are the user's SQL; table names are quoted identifiers).
"$enrich" --pg-url "$url" --customers-query "select * from big.clientes where estado = 'BA'" \
  --branches-table big.agencias --on-missing drop --stats q.stats <in.ndjson >q.ndjson
expect_eq "custom query keeps only BA customers" BA "$(jq -r .estado q.ndjson | sort -u)"
[ "$(jq .filtered q.stats)" -gt 0 ] || fail "custom query: nothing was dropped"

# 5. A query without the expected columns, and a database that is down.
status=0
"$enrich" --pg-url "$url" --customers-query "select customerid, nome from clientes" <"$cases/input.ndjson" 2>err >/dev/null || status=$?
expect_eq "query without the columns: exit 78" 78 "$status"
grep -q "lack column(s) agencia_id, cidade, estado, segmento" err || fail "message does not name the columns: $(cat err)"
status=0
"$enrich" --pg-url "postgresql://app:hunter2@127.0.0.1:1/x" --pg-attempts 2 <"$cases/input.ndjson" 2>err >/dev/null || status=$?
expect_eq "database down: exit 69" 69 "$status"
grep -q hunter2 err && fail "password printed: $(cat err)"
grep -q 'app:\*\*\*\*@' err || fail "message does not name the masked URI: $(cat err)"

# 6. --refresh: a customer added while the stream runs is joined once the tables reload.
sql -c "delete from clientes where customerid = 10009" >/dev/null
{
  echo '{"InvoiceNo":1,"CustomerID":10009}'
  sleep 1.5
  sql -c "insert into clientes values (10009, 'Nova Cliente', 'Varejo', 'Natal', 'RN', 1)" >/dev/null
  sleep 2
  echo '{"InvoiceNo":2,"CustomerID":10009}'
} | "$enrich" --pg-url "$url" --refresh 0.5 --stats refresh.stats >refresh.ndjson
expect_eq "before the reload: missing" customer "$(sed -n 1p refresh.ndjson | jq -r '._fb.enrich.missing')"
expect_eq "after the reload: joined" Natal "$(sed -n 2p refresh.ndjson | jq -r .cidade)"
[ "$(jq .reloads refresh.stats)" -ge 1 ] || fail "no reload counted"

# 7. The database goes away mid-stream: reloads fail with a warning, the stream keeps the tables.
db2=${db}_gone
psql "$DATABASE_URL" -X -q -c "create database $db2 template $db" >/dev/null
url2="${DATABASE_URL%/*}/$db2"
{
  echo '{"InvoiceNo":1,"CustomerID":10001}'
  sleep 1
  psql "$DATABASE_URL" -X -q -c "drop database $db2 with (force)" >/dev/null
  sleep 2
  echo '{"InvoiceNo":2,"CustomerID":10001}'
} | "$enrich" --pg-url "$url2" --pg-attempts 1 --refresh 0.5 --stats gone.stats >gone.ndjson 2>gone.err
expect_eq "both records written" 2 "$(wc -l <gone.ndjson)"
expect_eq "joined with the tables held before" "São Paulo,São Paulo" "$(jq -r .cidade gone.ndjson | paste -sd,)"
grep -q "reload failed, keeping the tables loaded before" gone.err || fail "no warning for the failed reload: $(cat gone.err)"
[ "$(jq .reload_failures gone.stats)" -ge 1 ] || fail "reload failures not counted"
echo "fb-enrich --pg: ok"
