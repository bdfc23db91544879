#!/usr/bin/env bash
# scripts/bench/ingest-http run briefly (3 s of wrk load per server, one run): asserts correctness
# only, never timing: both servers validate the same good and bad bodies alike, no errors (non-2xx
# replies, socket errors, timeouts), and every record the server answered 2xx for is in its output
# exactly once, for fb-ingest --listen and for the FastAPI + Pydantic app.
# Skips (77) without wrk, taskset, or when fastapi/uvicorn cannot be installed in the benchmark venv.
# Usage: bench_ingest_http_smoke.sh TOOLS_BUILD_DIR
repo=$(cd "$(dirname "$0")/../.." && pwd)
. "$repo/tests/tools/common.bash" "$1"

command -v "${WRK:-wrk}" >/dev/null || { echo "skip: wrk is not installed (Debian/Ubuntu: apt-get install wrk)"; exit 77; }
command -v taskset >/dev/null || { echo "skip: taskset (util-linux) is not installed"; exit 77; }

status=0
FBKIT_BUILD=$(dirname "$tools") BENCH_DIR="$work/bench" \
    "$repo/scripts/bench/ingest-http" --duration 3 --runs 1 --timeout 10 --strict >bench.log 2>&1 || status=$?
sed 's/^/    /' bench.log
if grep -q '^FastAPI skipped' bench.log; then
    echo "skip: fastapi/uvicorn could not be installed in the benchmark venv (PyPI unreachable?)"
    exit 77
fi

check "the bench ran (exit $status; 3 = a correctness check failed)" test "$status" = 0
check "both validate the good and bad bodies alike" grep -q '^  PASS  both validate .* alike: yes$' bench.log
check "fb-ingest: 0 errors" grep -Eq '^  run 1/1 fb-ingest .* errors 0 ' bench.log
check "FastAPI: 0 errors" grep -Eq '^  run 1/1 fastapi .* errors 0 ' bench.log
check "0 errors in total" grep -q '^  PASS  0 errors: fb-ingest 0, FastAPI 0$' bench.log
check "every 2xx record in the output exactly once, both servers" \
    grep -q '^  PASS  every 2xx record on the output exactly once: fb-ingest yes, FastAPI yes$' bench.log
check "per run: delivery ok for both servers" test "$(grep -c '^      exactly once: ok: ' bench.log)" = 2
check "some load was served by both (2xx > 0)" test "$(grep -c '^      exactly once: ok: 2xx [1-9]' bench.log)" = 2
echo "$failures failed"
[ "$failures" -eq 0 ]
