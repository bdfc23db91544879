# Shared helpers for the shell integration tests (sourced, not run).
# Exit code 77 means "skipped" to CTest (SKIP_RETURN_CODE 77).

FBKIT_REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

skip() { echo "SKIP: $1 unavailable: $2"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# need_service NAME VAR: make sure VAR is set, taking it from `scripts/services env NAME` when
# the caller did not export it; skip with the reason `scripts/services status` gives otherwise.
need_service() {
  local name="$1" var="$2" line
  if [ -z "${!var:-}" ]; then
    eval "$(bash "$FBKIT_REPO_DIR/scripts/services" env "$name" 2>/dev/null || true)"
  fi
  if [ -z "${!var:-}" ]; then
    line="$(bash "$FBKIT_REPO_DIR/scripts/services" status "$name" 2>/dev/null | head -n1 || true)"
    line="${line#"$name": }"
    skip "$name" "$var is not set (scripts/services status: ${line:-unknown})"
  fi
}

expect_eq() {
  local what="$1" want="$2" got="$3"
  [ "$want" = "$got" ] || fail "$what: expected [$want], got [$got]"
}

# need_postgres: the services' PostgreSQL (DATABASE_URL) and the psql client, or skip.
need_postgres() {
  need_service postgres DATABASE_URL
  command -v psql >/dev/null || skip postgres "psql client not installed"
}

# supervise DIR NAME MAX_RUNS CMD...: runs CMD, its stderr appended to DIR/NAME.log, in a session
# of its own (so that chaos below can pick any of its processes) until it exits 0, as a supervisor
# would; when CMD ends, the rest of its session is killed (systemd's KillMode=control-group).
# DIR/NAME.sid holds the running session's id; DIR/NAME.runs the number of runs at the end.
# Returns 1 after MAX_RUNS failed runs.
supervise() {
  local dir="$1" name="$2" max="$3" rc runs=0
  shift 3
  while :; do
    runs=$((runs + 1))
    setsid "$@" 2>>"$dir/$name.log" &
    echo "$!" >"$dir/$name.sid"
    wait "$!"
    rc=$?
    pkill -9 -s "$(cat "$dir/$name.sid")" 2>/dev/null
    echo "run $runs ended with status $rc" >>"$dir/$name.log"
    [ "$rc" -eq 0 ] && break
    [ "$runs" -lt "$max" ] || { echo "giving up after $runs runs" >>"$dir/$name.log"; return 1; }
    sleep 0.2
  done
  echo "$runs" >"$dir/$name.runs"
}

# chaos DIR KILLS MIN_TENTHS MAX_TENTHS NAME...: KILLS times, after a pause of MIN to MAX tenths of
# a second, kill -9 a random process of the session of a random supervised NAME (see supervise).
# Sets the array `killed` to the names of the processes killed.
chaos() {
  local dir="$1" kills="$2" lo="$3" hi="$4" k t sid victim name
  shift 4
  local names=("$@") pids=()
  killed=()
  for ((k = 0; k < kills; k++)); do
    t=$((lo + RANDOM % (hi - lo + 1)))
    sleep "$((t / 10)).$((t % 10))"
    sid=$(cat "$dir/${names[$((RANDOM % ${#names[@]}))]}.sid" 2>/dev/null) || continue
    mapfile -t pids < <(pgrep -s "$sid")
    [ ${#pids[@]} -gt 0 ] || continue
    victim=${pids[$((RANDOM % ${#pids[@]}))]}
    name=$(ps -o comm= -p "$victim" 2>/dev/null) || continue
    kill -9 "$victim" 2>/dev/null && killed+=("$name")
  done
}

# make_tls_certs: in the current directory, a test CA (ca.pem, ca.key), a server certificate for
# 127.0.0.1 signed by it (server.pem, server.key) and a client certificate (client.pem,
# client.key), valid for two days, made with openssl.
make_tls_certs() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=fbkit-test-ca -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out server.csr 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext \
    -out server.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=fbkit-client -keyout client.key -out client.csr 2>/dev/null
  openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem 2>/dev/null
}
