# Shared set-up for the shell tests of the tools (sourced; not a test itself, hence not *.sh):
# every fb-* of TOOLS_BUILD_DIR on PATH, a scratch directory as the working directory (removed at
# exit, kept with KEEP=1), a background process in $pid stopped at exit, check() and wait_lines().
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
