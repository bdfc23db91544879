#!/usr/bin/env bash
# The man pages: every man/*.1 and man/*.7 formats with `groff -man -ww -z` without a single
# warning, and every long option a tool's --help prints is documented in its page: man/fb-NAME.1
# is checked against TOOLS_BUILD_DIR/fb-NAME/fb-NAME --help. Skipped (exit 77) without groff.
# Usage: man_test.sh TOOLS_BUILD_DIR [MAN_DIR]   (MAN_DIR defaults to the man/ beside tests/)
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 TOOLS_BUILD_DIR [MAN_DIR]" >&2
    exit 64
fi
tools=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mandir=$(cd "${2:-$here/../man}" && pwd)

if ! command -v groff >/dev/null 2>&1; then
    echo "SKIP: groff is not installed (scripts/setup --test installs groff-base)"
    exit 77
fi

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# The page's text with roff escapes reduced to plain characters, so that `\-\-max\-rejects`
# and `\fB\-\-seed\fR` read as --max-rejects and --seed. Comment lines are left out.
plain_text() {
    sed -e '/^\.\\"/d' \
        -e 's/\\-/-/g' \
        -e 's/\\f\[[^]]*\]//g' -e 's/\\f(..//g' -e 's/\\f.//g' \
        -e 's/\\[%&c]//g' "$1"
}

# Long options from --help: the first column of the option lines ("  -n,--count UINT=100").
long_options() {
    "$1" --help | awk '/^ +-/ { n = split($1, names, ","); for (i = 1; i <= n; i++) if (names[i] ~ /^--/) print names[i] }' |
        sort -u
}

shopt -s nullglob
pages=("$mandir"/*.1 "$mandir"/*.7)
[ ${#pages[@]} -gt 0 ] || { echo "FAIL: no man pages in $mandir"; exit 1; }

for page in "${pages[@]}"; do
    name=$(basename "$page")
    # groff prints warnings on stderr; -z discards the formatted output.
    if ! warnings=$(groff -man -ww -z "$page" 2>&1); then
        fail "$name: groff failed"
        printf '%s\n' "$warnings" | sed 's/^/    /'
    elif [ -n "$warnings" ]; then
        fail "$name: groff warnings"
        printf '%s\n' "$warnings" | sed 's/^/    /'
    else
        echo "ok: $name formats without warnings"
    fi

    case $name in
        fb-*.1) ;;
        *) continue ;;
    esac
    tool=${name%.1}
    bin=$tools/$tool/$tool
    if [ ! -x "$bin" ]; then
        fail "$name: no binary $bin to compare --help with"
        continue
    fi
    options=$(long_options "$bin")
    if [ -z "$options" ]; then
        fail "$name: '$tool --help' lists no long options"
        continue
    fi
    text=$(plain_text "$page")
    missing=()
    count=0
    for opt in $options; do
        count=$((count + 1))
        grep -qE -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|\$)" <<<"$text" || missing+=("$opt")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        fail "$name: options of '$tool --help' not in the page: ${missing[*]}"
    else
        echo "ok: $name documents all $count long options of $tool --help"
    fi
done

# Tools that are built but have no page yet: worth knowing, not a failure of the pages above.
for dir in "$tools"/fb-*/; do
    tool=$(basename "$dir")
    if [ -x "$dir/$tool" ] && [ ! -f "$mandir/$tool.1" ]; then
        echo "note: $tool has no man page ($mandir/$tool.1)"
    fi
done

if [ $failures -gt 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all man pages ok"
