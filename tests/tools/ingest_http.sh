#!/usr/bin/env bash
# fb-ingest --listen driven by a real HTTP client (curl): 201, 422 (FastAPI-style detail), 401,
# 413, 409, 404, 405, the NDJSON batch endpoint, /healthz, a port in use (69), a concurrent burst
# from curl and from fb-gen --post with nothing lost or doubled, and a SIGTERM that exits 0.
# Usage: ingest_http.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

fb-ingest --listen 127.0.0.1:0 --token s3cret --max-body 4096 --dedupe --rejects rejects.ndjson \
    --stats stats.json >out.ndjson 2>err.log &
pid=$!
port=
for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' err.log)
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { echo "FAIL: server did not start"; cat err.log; exit 1; }
url=http://127.0.0.1:$port
auth=(-H "Authorization: Bearer s3cret" -H "Content-Type: application/json")

post() {  # body -> prints "STATUS BODY"
    curl -s -o resp.json -w '%{http_code}' "${auth[@]}" --data-binary "$1" "$url/invoiceitem"
}

good='{"InvoiceNo":"1","CustomerID":"17850","MeioEnvio":"iOS 17","Description":" O Pix não caiu ","InvoiceDate":"04-03-2024 12:19:00"}'
check "valid record -> 201" test "$(post "$good")" = 201
check "201 body is the normalised record" test "$(jq -c '[.InvoiceNo,.CustomerID,.Description,.InvoiceDate]' resp.json)" = '[1,17850,"O Pix não caiu","2024-03-04T12:19:00Z"]'
check "repeated InvoiceNo with --dedupe -> 409" test "$(post "$good")" = 409

pretty='{
  "InvoiceNo": 3,
  "CustomerID": 17850,
  "MeioEnvio": "Web",
  "Description": "corpo\nem várias linhas",
  "InvoiceDate": "2024-03-04 12:19:00"
}'
check "pretty-printed body -> 201" test "$(post "$pretty")" = 201

bad='{"InvoiceNo":-1,"MeioEnvio":"Web","Description":"x","InvoiceDate":"31-02-2024 10:00"}'
check "invalid record -> 422" test "$(post "$bad")" = 422
check "422 detail is FastAPI-style" test "$(jq -c '[.detail[] | [.loc[1], .type]]' resp.json)" = \
    '[["InvoiceNo","greater_than"],["InvoiceDate","datetime_parsing"],["CustomerID","missing"]]'
check "invalid JSON -> 422 json_invalid" test "$(post '{"InvoiceNo":')" = 422
check "json_invalid detail" test "$(jq -r '.detail[0].type' resp.json)" = json_invalid

code=$(curl -s -o resp.json -w '%{http_code}' -H "Content-Type: application/json" --data-binary "$good" "$url/invoiceitem")
check "no token -> 401" test "$code" = 401
code=$(curl -s -o resp.json -w '%{http_code}' -H "Authorization: Bearer wrong" --data-binary "$good" "$url/invoiceitem")
check "wrong token -> 401" test "$code" = 401
big=$(printf '{"InvoiceNo":2,"CustomerID":1,"MeioEnvio":"Web","InvoiceDate":"2024-03-04 12:19","Description":"%s"}' "$(head -c 5000 /dev/zero | tr '\0' a)")
check "body over --max-body -> 413" test "$(post "$big")" = 413
check "/healthz -> 200" test "$(curl -s -o resp.json -w '%{http_code}' "$url/healthz")" = 200
check "unknown path -> 404" test "$(curl -s -o resp.json -w '%{http_code}' "$url/nope")" = 404
check "GET /invoiceitem -> 405" test "$(curl -s -o resp.json -w '%{http_code}' "$url/invoiceitem")" = 405
status=0
fb-ingest --listen "127.0.0.1:$port" 2>inuse.err || status=$?
check "port in use -> exit 69 naming the address" grep -q "fb-ingest: cannot listen on 127.0.0.1:$port" inuse.err
check "port in use exit status" test "$status" = 69

printf '%s\n' '{"InvoiceNo":10,"CustomerID":1,"MeioEnvio":"Web","Description":"a","InvoiceDate":"2024-03-04 12:19"}' \
    '{"broken' '' '{"InvoiceNo":11,"CustomerID":1,"MeioEnvio":"Web","Description":"b","InvoiceDate":"2024-03-04 12:19"}' >batch.ndjson
code=$(curl -s -o resp.json -w '%{http_code}' "${auth[@]}" --data-binary @batch.ndjson "$url/invoiceitems")
check "batch -> 200" test "$code" = 200
check "batch per-line results" test "$(jq -c '[.accepted,.rejected,[.results[]|[.line,.status]]]' resp.json)" = '[2,1,[[1,201],[2,422],[4,201]]]'

# A concurrent burst from curl: 400 distinct records, 16 at a time.
fb-gen --count 400 --seed 5 --start-invoice 1000 >burst.ndjson
mkdir burst
split -l 1 -a 4 burst.ndjson burst/r
ls burst | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' "${auth[@]}" --data-binary @burst/{} "$url/invoiceitem" >codes.txt
check "curl burst: 400 x 201" test "$(grep -c '^201$' codes.txt)" = 400

# From fb-gen --post without the token: every POST is refused (401) and reported, none silently.
status=0
fb-gen --count 50 --seed 6 --start-invoice 5000 --post "$url/invoiceitem" --stats gen-stats.json 2>gen.err || status=$?
check "fb-gen --post without token: 50 refused and reported, exit 65" test "$(jq -c '[.read,.written,.rejected]' gen-stats.json) $status" = '[50,0,50] 65'
# And with it: 1000 records, 32 in flight (libcurl multi), all accepted.
fb-gen --count 1000 --seed 6 --start-invoice 5000 --concurrency 32 -H "Authorization: Bearer s3cret" \
    --post "$url/invoiceitem" --stats gen-stats.json
check "fb-gen --post burst: 1000 accepted" test "$(jq -c '[.read,.written,.rejected]' gen-stats.json)" = '[1000,1000,0]'

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
check "SIGTERM -> exit 0" test "$status" = 0
check "every accepted record on stdout exactly once" test "$(jq -r .InvoiceNo out.ndjson | sort -n | uniq -d | wc -l)" = 0
n=$(wc -l <out.ndjson); check "stdout has 2 + 2 + 400 + 1000 records, one per line (got $n)" test "$n" = 1404
check "the pretty-printed record is one line, its text intact" test "$(jq -r 'select(.InvoiceNo==3) | .Description' out.ndjson)" = $'corpo\nem várias linhas'
check "burst records all present" test "$(jq -r 'select(.InvoiceNo>=1000 and .InvoiceNo<1400) | .InvoiceNo' out.ndjson | sort -u | wc -l)" = 400
check "stats reconcile" test "$(jq -c '[.written,.rejected,.filtered,.reconciled]' stats.json)" = '[1404,3,1,true]'
check "rejects name their request" test "$(jq -r .file rejects.ndjson | head -1)" = http
echo "$failures failed"
[ "$failures" -eq 0 ]
