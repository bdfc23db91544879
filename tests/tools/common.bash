# Shared set-up for the shell tests of the tools (sourced; not a test itself, hence not *.sh):
# every fb-* of TOOLS_BUILD_DIR on PATH, a scratch directory as the working directory (removed at
# exit, kept with KEEP=1), a background process in $pid stopped at exit, check(), wait_lines(),
# check_live_stream(), run_counted() and check_same_run().
#   . "$(dirname "$0")/common.bash" "$1"
set -euo pipefail
tools=$(cd "$1" && pwd)
for d in "$tools"/fb-*/; do PATH="${d%/}:$PATH"; done
export PATH
work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
    if [ -n "${KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
failures=0
run() {  # description, output file, command...: runs it; on failure shows its stderr and stops
    local what=$1 out=$2
    shift 2
    if "$@" >"$out" 2>"$out.err"; then
        echo "ok: $what"
    else
        echo "FAIL: $what (exit $?): $*"
        sed 's/^/    /' "$out.err" | tail -n 15
        echo "$((failures + 1)) failed"
        exit 1
    fi
}
wait_lines() {  # file n: wait up to 10 s for the file to hold n lines (a live stream's output)
    for _ in $(seq 200); do
        [ "$(wc -l <"$1")" -ge "$2" ] && return 0
        sleep 0.05
    done
    return 1
}
check() {  # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
check_live_stream() {  # input, command...: the command reads a FIFO the test keeps open; the
    # input's first record must come out before the second is written, the second as well, and
    # closing the FIFO must end the command with 0.
    local input=$1 status=0
    shift
    rm -f live.fifo
    mkfifo live.fifo
    "$@" <live.fifo >live.ndjson 2>live.err &
    pid=$!
    exec 3>live.fifo
    head -n 1 "$input" >&3
    check "a live record comes out at once" wait_lines live.ndjson 1
    sed -n 2p "$input" >&3
    check "and the next one" wait_lines live.ndjson 2
    exec 3>&-
    wait "$pid" || status=$?
    pid=
    check "the live stream ends 0 at its end" test "$status" = 0
}
run_counted() {  # name, command...: runs the command with --rejects NAME.rejects --stats
    # NAME.stats; its stdout, stderr and exit status go to NAME.out, NAME.err and NAME.status, its
    # counters without timings to NAME.counts (nor fb-classify's memo_hits: work saved, which
    # depends on how the records fall to threads, like the timings).
    local name=$1 status=0
    shift
    "$@" --rejects "$name.rejects" --stats "$name.stats" >"$name.out" 2>"$name.err" || status=$?
    echo "$status" >"$name.status"
    jq -S -c 'del(.seconds, .records_per_s, .memo_hits)' "$name.stats" >"$name.counts"
}
check_same_run() {  # label, name, other name: two run_counted runs gave the same output, rejects,
    # counters and exit status.
    local label=$1 a=$2 b=$3
    check "$label: the same output" cmp -s "$a.out" "$b.out"
    check "$label: the same rejects, in order" cmp -s "$a.rejects" "$b.rejects"
    check "$label: the same counters" cmp -s "$a.counts" "$b.counts"
    check "$label: the same exit status" cmp -s "$a.status" "$b.status"
}
