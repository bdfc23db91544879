#!/usr/bin/env bash
# fb-sink-es over TLS with credentials, against the real OpenSearch from scripts/services behind
# nginx (Debian's nginx-light) as the TLS and authentication front a secured cluster has: a CA and
# certificates made here with openssl; one front wants HTTP basic auth, one an API key
# ('Authorization: ApiKey ...'), one a client certificate signed by the CA. Checked: documents
# indexed through each front (counted on the cluster itself), the server's certificate verified
# with --cacert and refused without it (exit 69) unless --insecure, wrong credentials refused
# (exit 69, the records rejected), no secret in any message, statistics or rejects.
# Usage: fb_sink_es_tls.sh TOOLS_BUILD_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tools=$(cd "$1" && pwd)
need_service es ELASTICSEARCH_URL
command -v jq >/dev/null || skip es "jq not installed"
command -v openssl >/dev/null || skip nginx "openssl not installed"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || skip nginx "nginx not installed (scripts/setup --test installs nginx-light)"
sink=$tools/fb-sink-es/fb-sink-es
url="${ELASTICSEARCH_URL%/}"
prefix="fbkit-tls-$$"
work=$(mktemp -d)
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null
  curl -s -m 20 -X DELETE "$url/$prefix-*" >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
count() { curl -s -m 30 -X POST "$url/$1/_refresh" >/dev/null; curl -fsS -m 30 "$url/$1/_count" | jq .count; }

# A CA, the front's certificate for 127.0.0.1 and a client certificate, all signed by the CA.
make_tls_certs
password='s3cret-Pa55:word'
api_key='ZmJraXQ6dGVzdC1hcGkta2V5'
printf 'fbkit:%s\n' "$(openssl passwd -apr1 "$password")" >htpasswd

# Three fronts on free ports: basic auth, API key, client certificate.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
basic_port=$(free_port) key_port=$(free_port) cert_port=$(free_port)
upstream=${url#http://}
cat >nginx.conf <<CONF
user $(id -un) $(id -gn);
daemon on;
pid $work/nginx.pid;
error_log $work/nginx.err warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $work/body;
  proxy_temp_path $work/proxy;
  client_max_body_size 100m;
  ssl_certificate $work/server.pem;
  ssl_certificate_key $work/server.key;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_set_header Authorization "";
  server { listen 127.0.0.1:$basic_port ssl;
    auth_basic fbkit; auth_basic_user_file $work/htpasswd;
    location / { proxy_pass http://$upstream; } }
  server { listen 127.0.0.1:$key_port ssl;
    location / {
      if (\$http_authorization != "ApiKey $api_key") { return 401 '{"error":"bad API key"}'; }
      proxy_pass http://$upstream; } }
  server { listen 127.0.0.1:$cert_port ssl;
    ssl_client_certificate $work/ca.pem; ssl_verify_client on;
    location / { proxy_pass http://$upstream; } }
}
CONF
"$nginx" -p "$work" -c "$work/nginx.conf" || fail "nginx did not start: $(cat nginx.err 2>/dev/null)"
for _ in $(seq 50); do
  curl -s -o /dev/null --cacert ca.pem -u "fbkit:$password" "https://127.0.0.1:$basic_port/" && break
  sleep 0.1
done

"$tools/fb-gen/fb-gen" --count 500 --seed 9 --date-format iso -q | "$tools/fb-ingest/fb-ingest" -q >in.ndjson

secret_free() {  # what: no message, statistics or rejects file of the run holds a secret
  ! grep -q -e "$password" -e "$api_key" -e "$(printf 'fbkit:%s' "$password" | base64)" "$@" ||
    fail "$1: a secret was printed"
}
run() {  # name, fb-sink-es arguments...: exit status into NAME.status
  local name=$1 status=0
  shift
  "$sink" --retry-for 2 --rejects "$name.rejects" --stats "$name.stats" "$@" <in.ndjson >"$name.out" 2>"$name.err" || status=$?
  echo "$status" >"$name.status"
  touch "$name.rejects" "$name.stats"
  secret_free "$name.err" "$name.stats" "$name.rejects" "$name.out"
}

# 1. Basic auth over TLS, credentials from ES_USERNAME/ES_PASSWORD, the server verified with --cacert.
ES_USERNAME=fbkit ES_PASSWORD="$password" run basic --url "https://127.0.0.1:$basic_port" --cacert ca.pem --index "$prefix-basic"
expect_eq "basic auth over TLS: exit" 0 "$(cat basic.status)"
expect_eq "basic auth over TLS: written" 500 "$(jq .written basic.stats)"
expect_eq "basic auth over TLS: documents on the cluster" 500 "$(count "$prefix-basic")"

# 2. The front's certificate is not trusted without --cacert: nothing sent, exit 69 at once (no
#    retries: waiting will not change it); --insecure
#    (asked for) skips the check.
ES_USERNAME=fbkit ES_PASSWORD="$password" run untrusted --url "https://127.0.0.1:$basic_port" --index "$prefix-untrusted"
expect_eq "untrusted certificate: exit 69" 69 "$(cat untrusted.status)"
grep -qi 'certificate' untrusted.err || fail "untrusted certificate: the message does not say so: $(cat untrusted.err)"
grep -q 'TLS refused' untrusted.err || fail "untrusted certificate: not refused at once (retried as a network error): $(cat untrusted.err)"
ES_USERNAME=fbkit ES_PASSWORD="$password" run insecure --url "https://127.0.0.1:$basic_port" --insecure --index "$prefix-insecure"
expect_eq "--insecure: exit" 0 "$(cat insecure.status)"
expect_eq "--insecure: documents on the cluster" 500 "$(count "$prefix-insecure")"

# 3. A wrong password: 401, exit 69, every record rejected, the password nowhere.
ES_USERNAME=fbkit ES_PASSWORD="wrong-$password" run wrong --url "https://127.0.0.1:$basic_port" --cacert ca.pem --index "$prefix-wrong"
expect_eq "wrong password: exit 69" 69 "$(cat wrong.status)"
grep -q '401' wrong.err || fail "wrong password: the message does not name the 401: $(cat wrong.err)"
expect_eq "wrong password: nothing written" 0 "$(jq .written wrong.stats)"
secret_free wrong.err wrong.stats wrong.rejects
grep -q "wrong-" wrong.err wrong.rejects wrong.stats && fail "wrong password: it was printed"

# 4. An API key from ES_API_KEY ('Authorization: ApiKey ...'); a wrong one is refused (69).
ES_API_KEY="$api_key" run apikey --url "https://127.0.0.1:$key_port" --cacert ca.pem --index "$prefix-apikey"
expect_eq "API key: exit" 0 "$(cat apikey.status)"
expect_eq "API key: documents on the cluster" 500 "$(count "$prefix-apikey")"
ES_API_KEY="x$api_key" run badkey --url "https://127.0.0.1:$key_port" --cacert ca.pem --index "$prefix-badkey"
expect_eq "wrong API key: exit 69" 69 "$(cat badkey.status)"
grep -q "x$api_key" badkey.err badkey.rejects badkey.stats && fail "wrong API key: it was printed"

# 5. A client certificate (--cert/--key) where the front requires one; without it nothing is indexed.
run cert --url "https://127.0.0.1:$cert_port" --cacert ca.pem --cert client.pem --key client.key --index "$prefix-cert"
expect_eq "client certificate: exit" 0 "$(cat cert.status)"
expect_eq "client certificate: documents on the cluster" 500 "$(count "$prefix-cert")"
run nocert --url "https://127.0.0.1:$cert_port" --cacert ca.pem --index "$prefix-nocert"
[ "$(cat nocert.status)" != 0 ] || fail "no client certificate: exit 0"
expect_eq "no client certificate: nothing written" 0 "$(jq .written nocert.stats)"
echo "no client certificate: exit $(cat nocert.status): $(head -n 1 nocert.err)"

echo "PASS: fb-sink-es over TLS: basic auth, API key, client certificate, CA verification, --insecure; no secret printed"
