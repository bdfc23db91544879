#!/usr/bin/env bash
# Runs one golden CLI case (a folder with `cmd` and expected outputs) and compares:
#   expected.ndjson  <- stdout          expected.rejects <- rejects.ndjson (if the cmd writes it)
#   expected.exit    <- exit status (default 0)
#   expected.stderr  <- stderr          expected.stats   <- stats.json without timings, keys sorted
# Usage: run_case.sh CASE_DIR TOOLS_BUILD_DIR [--update]
set -u
case_dir=$(cd "$1" && pwd)
tools_dir=$(cd "$2" && pwd)
update=${3:-}
for d in "$tools_dir"/fb-*/; do PATH="${d%/}:$PATH"; done
FBKIT_REPO_DIR=$(cd "$case_dir/../../../.." && pwd)  # for cases that compare with files in the repository
# libmongoc (linked by fb-analyze and fb-sink-mongo) makes /dev/shm/mongoc-PID at load time and
# prints a warning when a killed process left one for the same PID; the golden stderr must not
# depend on what earlier tests killed.
export PATH LC_ALL=C.UTF-8 TZ=UTC FBKIT_REPO_DIR MONGOC_DISABLE_SHM=1
unset FB_TZ FB_INGEST_TOKEN

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$case_dir"/. "$work"/
cd "$work"
bash ./cmd >stdout 2>stderr </dev/null
status=$?
[ -f stats.json ] && jq -S -c 'del(.seconds, .records_per_s)' stats.json >stats.norm 2>/dev/null

fail=0
compare() {  # expected-file actual-file
    local exp=$1 act=$2
    if [ -n "$update" ]; then
        [ -f "$act" ] && cp "$act" "$case_dir/$exp"
        return
    fi
    [ -f "$case_dir/$exp" ] || return 0
    if [ ! -f "$act" ]; then
        echo "FAIL: $exp expected but the command wrote no $act"
        fail=1
    elif ! diff -u "$case_dir/$exp" "$act" >diff.out; then
        echo "FAIL: $act differs from $exp:"
        head -40 diff.out
        fail=1
    fi
}
echo "$status" >exit.actual
if [ -n "$update" ]; then
    [ -f "$case_dir/expected.ndjson" ] && cp stdout "$case_dir/expected.ndjson"
    [ -f "$case_dir/expected.stderr" ] && cp stderr "$case_dir/expected.stderr"
    [ -f "$case_dir/expected.rejects" ] && [ -f rejects.ndjson ] && cp rejects.ndjson "$case_dir/expected.rejects"
    [ -f "$case_dir/expected.stats" ] && [ -f stats.norm ] && cp stats.norm "$case_dir/expected.stats"
    echo "$status" >"$case_dir/expected.exit"
    echo "updated $(basename "$case_dir") (exit $status)"
    exit 0
fi
compare expected.ndjson stdout
compare expected.stderr stderr
compare expected.rejects rejects.ndjson
compare expected.stats stats.norm
want=0
[ -f "$case_dir/expected.exit" ] && want=$(tr -d '[:space:]' <"$case_dir/expected.exit")
if [ "$status" != "$want" ]; then
    echo "FAIL: exit status $status, expected $want"
    echo "--- stderr:"; head -20 stderr
    fail=1
fi
[ $fail -eq 0 ] && echo "ok: $(basename "$(dirname "$case_dir")")/$(basename "$case_dir")"
exit $fail
