# scripts/bench/lib.sh: helpers shared by the benchmarks in scripts/bench (source it, do not run it).
#
#   bench_init                      sets BENCH_REPO, BENCH_BUILD (${FBKIT_BUILD:-$BENCH_REPO/build})
#   bench_tool NAME                 path of build/tools/NAME/NAME; dies with a hint when not built
#   bench_timed OUT CMD...          runs CMD with stdout to OUT (a file, or - to keep stdout); sets
#                                   BENCH_SECONDS (wall), BENCH_RSS_KB (peak RSS via /usr/bin/time
#                                   -f %M), BENCH_CPU_SECONDS (user + system CPU time of CMD
#                                   and its children) and BENCH_STATUS (CMD's exit status)
#   bench_median N...               median of numbers (mean of the middle two for an even count)
#   bench_max N...                  largest of numbers
#   bench_rate COUNT SECONDS        COUNT/SECONDS as an integer (records/s)
#   bench_ratio A B                 A/B as "123x" ("12.3x" under 100, "1.23x" under 10)
#   bench_int N                     1234567 -> 1,234,567
#   bench_mib KB                    kilobytes -> "12.3 MiB"
#   bench_verdict VALUE TARGET      PASS when VALUE >= TARGET, else MISS
#   bench_machine                   one line: CPU model, CPU count, kernel
#   bench_revision                  git commit of BENCH_REPO (with -dirty), or "unknown"
#   bench_die MSG...                message on stderr, exit 1
#   bench_venv_ready MODULE PACKAGE LOG [HINT]
#                                   the shared benchmark venv (${FBKIT_BENCH_VENV:-~/.cache/fbkit/
#                                   bench-venv}, made by ${PYTHON:-python3} -m venv) with MODULE
#                                   importable, installing PACKAGE from PyPI there when it is not
#                                   (once; reused afterwards). Sets BENCH_VENV and BENCH_PY (the
#                                   venv's python) and returns 0, or says why on stdout ("PACKAGE
#                                   skipped: ...", HINT appended to the PyPI advice) and returns 1.
#                                   pip's and venv's output go to LOG.
#
# Requires bash 4+, GNU /usr/bin/time and awk.

bench_die() {
    printf '%s: %s\n' "${BENCH_NAME:-bench}" "$*" >&2
    exit 1
}

bench_venv_ready() {
    local module=$1 package=$2 log=$3 hint=${4:-}
    BENCH_VENV=${FBKIT_BENCH_VENV:-$HOME/.cache/fbkit/bench-venv}
    BENCH_PY="$BENCH_VENV/bin/python"
    if [[ -x $BENCH_PY ]] && "$BENCH_PY" -c "import $module" 2>/dev/null; then return 0; fi
    local base=${PYTHON:-python3}
    command -v "$base" >/dev/null || { echo "$package skipped: $base not found (set PYTHON)"; return 1; }
    if [[ ! -x $BENCH_PY ]] || ! "$BENCH_PY" -m pip --version >/dev/null 2>&1; then
        echo "creating the benchmark venv: $base -m venv $BENCH_VENV"
        if ! "$base" -m venv --clear "$BENCH_VENV" >"$log" 2>&1; then
            sed 's/^/    /' "$log" | tail -n 5
            echo "$package skipped: '$base -m venv' failed (Debian/Ubuntu: apt-get install python3-venv)"
            return 1
        fi
    fi
    echo "installing $package from PyPI into $BENCH_VENV (once; later runs reuse it)"
    if ! "$BENCH_PY" -m pip install --quiet --disable-pip-version-check --timeout 30 --retries 2 \
        "$package" >"$log" 2>&1; then
        sed 's/^/    /' "$log" | tail -n 5
        echo "$package skipped: 'pip install $package' failed: PyPI unreachable? (pip's output above;"
        echo "  behind a proxy set HTTPS_PROXY or PIP_INDEX_URL${hint:+; or $hint})"
        return 1
    fi
    "$BENCH_PY" -c "import $module" 2>/dev/null || { echo "$package skipped: installed but 'import $module' fails"; return 1; }
}

bench_init() {
    local here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    BENCH_REPO=$(cd "$here/../.." && pwd)
    BENCH_BUILD=${FBKIT_BUILD:-$BENCH_REPO/build}
    [[ -x /usr/bin/time ]] || bench_die "GNU time is needed for peak RSS (/usr/bin/time; Debian/Ubuntu: apt-get install time)"
}

bench_tool() {
    local name=$1 path="$BENCH_BUILD/tools/$1/$1"
    if [[ ! -x $path ]]; then
        bench_die "$name is not built: no executable $path (build with: cmake --build $BENCH_BUILD; or set FBKIT_BUILD to your build directory)"
    fi
    printf '%s\n' "$path"
}

# Wall clock in nanoseconds.
bench_now_ns() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local t=${EPOCHREALTIME/[.,]/}
        printf '%s\n' "$((10#$t * 1000))"
    else
        date +%s%N
    fi
}

# bench_timed OUT CMD...: runs CMD with stdout to OUT ("-": not redirected); sets BENCH_STATUS,
# BENCH_SECONDS (wall), BENCH_RSS_KB (peak) and BENCH_CPU_SECONDS. A previous run's OUT is removed
# before the clock starts: truncating hundreds of MiB of page cache is the kernel's work for the run
# before, and was charged to this one.
bench_timed() {
    local out=$1
    shift
    local rss_file start end
    rss_file=$(mktemp "${TMPDIR:-/tmp}/bench-rss.XXXXXX")
    if [[ $out != - && -f $out ]]; then rm -f "$out"; fi
    start=$(bench_now_ns)
    if [[ $out == - ]]; then
        /usr/bin/time -f '%M %U %S' -o "$rss_file" "$@" && BENCH_STATUS=0 || BENCH_STATUS=$?
    else
        /usr/bin/time -f '%M %U %S' -o "$rss_file" "$@" >"$out" && BENCH_STATUS=0 || BENCH_STATUS=$?
    fi
    end=$(bench_now_ns)
    # On failure GNU time writes "Command exited with non-zero status N" before the format.
    local last
    last=$(tail -n 1 "$rss_file")
    BENCH_RSS_KB=${last%% *}
    [[ $BENCH_RSS_KB =~ ^[0-9]+$ ]] || BENCH_RSS_KB=0
    BENCH_CPU_SECONDS=$(awk '{ if (NF == 3) printf "%.2f", $2 + $3; else print 0 }' <<<"$last")
    rm -f "$rss_file"
    BENCH_SECONDS=$(awk -v ns="$((end - start))" 'BEGIN { printf "%.3f", ns / 1e9 }')
}

bench_median() {
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) exit 1
        if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_max() {
    printf '%s\n' "$@" | sort -g | tail -n 1
}

bench_rate() {
    awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f\n", n / s; else print 0 }'
}

bench_ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (b <= 0) { print "n/a"; exit }
        r = a / b
        if (r >= 100) printf "%.0fx\n", r; else if (r >= 10) printf "%.1fx\n", r; else printf "%.2fx\n", r }'
}

bench_int() {
    local n=$1 out=""
    while ((${#n} > 3)); do
        out=",${n: -3}$out"
        n=${n:0:${#n}-3}
    done
    printf '%s%s\n' "$n" "$out"
}

bench_mib() {
    awk -v kb="$1" 'BEGIN { printf "%.1f MiB\n", kb / 1024 }'
}

bench_verdict() {
    awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t ? "PASS" : "MISS") }'
}

bench_machine() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
    printf '%s, %s CPUs, %s %s\n' "${cpu:-unknown CPU}" "$(nproc 2>/dev/null || echo '?')" "$(uname -s)" "$(uname -r)"
}

bench_revision() {
    local rev
    rev=$(git -C "$BENCH_REPO" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
    if [[ -n $(git -C "$BENCH_REPO" status --porcelain --untracked-files=no 2>/dev/null) ]]; then
        rev="$rev-dirty"
    fi
    printf '%s\n' "$rev"
}
