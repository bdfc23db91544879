#!/usr/bin/env bash
# fb-enrich on a live stream (file tables): records come out while the input is still open (no
# waiting for a full buffer), --refresh swaps in changed tables without pausing, a failed reload
# (table file gone, then a table losing a column) warns and keeps the old tables, SIGTERM ends
# the endless stream with 143 and complete stats.
# Usage: enrich_stream.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

printf 'CustomerID,segmento,cidade,estado,agencia_id\n1,Varejo,Natal,RN,1\n' >clientes.csv
printf 'agencia_id,nome_da_agencia,latitude,longitude\n1,Sede,-23.5,-46.6\n' >agencias.csv
mkfifo in
fb-enrich --customers clientes.csv --branches agencias.csv --refresh 0.2 --stats stats.json <in >out.ndjson 2>err.log &
pid=$!
exec 3>in  # keep the stream open, as an endless producer would

echo '{"InvoiceNo":1,"CustomerID":2}' >&3
check "a record comes out while the input stays open" wait_lines out.ndjson 1
check "customer 2 unknown at first" test "$(jq -r '._fb.enrich.missing' out.ndjson)" = customer

printf 'CustomerID,segmento,cidade,estado,agencia_id\n1,Varejo,Natal,RN,1\n2,Private,Recife,PE,1\n' >clientes.new
mv clientes.new clientes.csv
sleep 0.8
echo '{"InvoiceNo":2,"CustomerID":2}' >&3
check "second record out" wait_lines out.ndjson 2
check "after the reload customer 2 is joined" test "$(sed -n 2p out.ndjson | jq -r .cidade)" = Recife

rm clientes.csv
sleep 0.8
echo '{"InvoiceNo":3,"CustomerID":2}' >&3
check "third record out" wait_lines out.ndjson 3
check "a failed reload keeps the old tables" test "$(sed -n 3p out.ndjson | jq -r .cidade)" = Recife
check "the failed reload is reported" grep -q "reload failed, keeping the tables loaded before: customers table: cannot open" err.log

printf 'CustomerID,cidade\n2,Nowhere\n' >clientes.csv
sleep 0.8
echo '{"InvoiceNo":4,"CustomerID":2}' >&3
check "fourth record out" wait_lines out.ndjson 4
check "a table without its columns is refused on reload too" test "$(sed -n 4p out.ndjson | jq -r .cidade)" = Recife
check "the missing columns are named" grep -q "lack column(s) agencia_id, estado, segmento" err.log

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
exec 3>&-
check "SIGTERM -> 143" test "$status" = 143
check "stats written and reconciled" test "$(jq -c '[.read,.written,.reconciled]' stats.json)" = '[4,4,true]'
check "reloads and failures counted" test "$(jq '.reloads >= 1 and .reload_failures >= 2' stats.json)" = true
echo "$failures failed"
[ "$failures" -eq 0 ]
