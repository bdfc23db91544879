#!/usr/bin/env bash
# The Debian package on a clean Debian: cpack builds fbkit_*.deb from the build tree (TOOLS_DIR/..),
# its control data must name the shared-library packages (dpkg-shlibdeps), and apt-get installs it
# with those dependencies from the mirror into a minimal bookworm root made by debootstrap. Inside
# that root the installed tools run the main job on the installed sample tables and must print the
# same report as the build tree's tools; the man pages, the completions and `dpkg -s fbkit` are
# checked too. Nothing of the source or build tree is visible in the root.
#
# The root is made once and kept as a tarball in ${FBKIT_CACHE_DIR:-~/.cache/fbkit}; each run
# unpacks it into a temporary directory that is removed at the end (KEEP=1 keeps it).
# Needs root, debootstrap and dpkg-dev (dpkg-shlibdeps, used by cpack). Skipped (77) when not
# root or when the Debian mirror cannot be reached. FBKIT_DEBIAN_MIRROR overrides the mirror
# (default: the bookworm one of /etc/apt/sources.list.d, else http://deb.debian.org/debian).
# Usage: deb_chroot.sh TOOLS_BUILD_DIR
set -euo pipefail
if [ $# -ne 1 ]; then
    echo "usage: $0 TOOLS_BUILD_DIR" >&2
    exit 64
fi
tools=$(cd "$1" && pwd)
build=$(cd "$tools/.." && pwd)
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
suite=bookworm

skip() { echo "SKIP: $*"; exit 77; }
die() { echo "FAIL: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, mount)"
for cmd in debootstrap:debootstrap dpkg-shlibdeps:dpkg-dev cpack:cmake chroot:coreutils; do
    command -v "${cmd%%:*}" >/dev/null 2>&1 || die "${cmd%%:*} not found: apt-get install ${cmd#*:}"
done
[ -f "$build/CPackConfig.cmake" ] || die "no $build/CPackConfig.cmake: configure the build again (cmake -S . -B build)"
for t in fb-gen fb-ingest fb-enrich fb-classify fb-analyze; do
    [ -x "$tools/$t/$t" ] || die "$tools/$t/$t is not built"
done

# The mirror: the first bookworm archive of the host's apt sources (deb822 or one-line format).
mirror_of_host() {
    local f
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list /etc/apt/sources.list; do
        [ -f "$f" ] || continue
        awk -v suite="$suite" '
            /^URIs:/ { uri = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite && uri ~ /\/debian\/?$/) { print uri; exit } }
            /^deb / { for (i = 2; i < NF; i++) if ($i ~ /^[a-z]+:\/\// && $(i + 1) == suite && $i ~ /\/debian\/?$/) { print $i; exit } }
            /^$/ { uri = "" }' "$f"
    done | head -n 1
}
mirror=${FBKIT_DEBIAN_MIRROR:-$(mirror_of_host)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}
if command -v curl >/dev/null 2>&1; then
    probe() { curl -fsS --max-time 30 -o /dev/null "$1"; }
else
    probe() { wget -q -T 30 -O /dev/null "$1"; }
fi
probe "$mirror/dists/$suite/Release" 2>/dev/null || skip "the Debian mirror $mirror cannot be reached"

arch=$(dpkg --print-architecture)
cache=${FBKIT_CACHE_DIR:-$HOME/.cache/fbkit}
base=$cache/debian-$suite-minbase-$arch.tar.gz
work=$(mktemp -d "${TMPDIR:-/tmp}/fbkit-deb.XXXXXX")
root=$work/root
cleanup() {
    local m
    # Everything mounted under the work directory (the root's /proc, what a failed debootstrap
    # left), deepest first; never remove a tree that is still mounted.
    for m in $(awk -v r="$work/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r); do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
    if awk -v r="$work/" 'index($2, r) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
        echo "warning: something is still mounted under $work; left in place"
    elif [ -n "${KEEP:-}" ]; then
        echo "kept $work"
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
echo "mirror $mirror, work directory $work"
t_all=$(now)

# 1. The package, from the build tree the tests run against.
t=$(now)
if ! cpack --config "$build/CPackConfig.cmake" -B "$work/pkg" >"$work/cpack.log" 2>&1; then
    tail -n 30 "$work/cpack.log" | sed 's/^/    /'
    die "cpack failed (log above)"
fi
debs=("$work"/pkg/fbkit_*.deb)
[ -f "${debs[0]}" ] || die "cpack made no fbkit_*.deb in $work/pkg"
deb=${debs[0]}
echo "ok: cpack made $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $(since "$t")"
dpkg-deb -I "$deb" control | sed 's/^/    /'
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libstdc++6 libcurl4 libpqxx libmongoc libicu libfasttext libdlib; do
    grep -q "$lib" <<<"$depends" || die "Depends lacks $lib: $depends"
done
echo "ok: Depends names the shared-library packages"
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for path in ./usr/bin/fb-enrich ./usr/share/man/man1/fb-enrich.1 ./usr/share/man/man7/fbkit.7 \
    ./usr/share/fbkit/examples/data/clientes.csv ./usr/share/fbkit/examples/sql/schema.sql \
    ./usr/share/fbkit/examples/elasticsearch/feedback-template.json ./usr/share/doc/fbkit/README.md \
    ./usr/share/bash-completion/completions/fb-enrich ./usr/share/zsh/vendor-completions/_fbkit; do
    grep -qx -- "$path" <<<"$contents" || die "the package lacks $path"
done
if grep -E '^\./(work|root|home|tmp)/|/build[^/]*/' <<<"$contents"; then
    die "the package holds paths of the build machine (above)"
fi
echo "ok: the package holds binaries, man pages, examples, README and completions"

# 2. A minimal Debian root: from the cached tarball, or made with debootstrap (and cached).
t=$(now)
if [ ! -f "$base" ]; then
    mkdir -p "$cache" "$work/new"
    if ! debootstrap --variant=minbase "$suite" "$work/new" "$mirror" >"$work/debootstrap.log" 2>&1; then
        tail -n 20 "$work/debootstrap.log" | sed 's/^/    /'
        if ! probe "$mirror/dists/$suite/Release" 2>/dev/null; then
            skip "the Debian mirror $mirror went away during debootstrap"
        fi
        die "debootstrap failed (log above)"
    fi
    chroot "$work/new" apt-get clean
    tar -C "$work/new" --numeric-owner --one-file-system -czf "$base.tmp.$$" .
    mv "$base.tmp.$$" "$base"
    rm -rf --one-file-system "$work/new"
    echo "ok: debootstrap made a $suite root, cached as $base ($(du -m "$base" | cut -f1) MiB) in $(since "$t")"
fi
t=$(now)
mkdir "$root"
if ! tar -C "$root" --numeric-owner -xzf "$base"; then
    rm -f "$base"
    die "cannot unpack $base (removed: the next run makes it again)"
fi
echo "ok: unpacked the $suite root in $(since "$t")"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
mount -t proc proc "$root/proc"
mkdir -p "$root/tmp/pkg"
cp "$deb" "$root/tmp/pkg/"
reference=$work/report.json
# The same job with the build tree's tools, to compare with the installed ones.
"$tools/fb-gen/fb-gen" --count 200 --seed 3 | "$tools/fb-ingest/fb-ingest" --tz America/Sao_Paulo |
    "$tools/fb-enrich/fb-enrich" --customers "$src/examples/data/clientes.csv" \
        --branches "$src/examples/data/agencias.csv" --on-missing reject |
    "$tools/fb-classify/fb-classify" | "$tools/fb-analyze/fb-analyze" --format json >"$reference"
cp "$reference" "$root/tmp/reference.json"

in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}

# 3. apt-get installs the package with its dependencies from the mirror (man-db and bash-completion
#    to check that man and bash find what the package installed; nothing it recommends).
t=$(now)
if ! in_root apt-get update >"$work/apt.log" 2>&1; then
    # Some build machines reach Debian only through their own apt configuration.
    if [ -f /etc/apt/apt.conf.d/99artifact-registry ]; then
        cp /etc/apt/apt.conf.d/99artifact-registry "$root/etc/apt/apt.conf.d/"
    fi
    in_root apt-get update >>"$work/apt.log" 2>&1 || { tail -n 20 "$work/apt.log" | sed 's/^/    /'; die "apt-get update failed in the root"; }
fi
if ! in_root sh -c 'cd /tmp/pkg && apt-get install -y --no-install-recommends ./fbkit_*.deb man-db bash-completion' \
    >>"$work/apt.log" 2>&1; then
    tail -n 30 "$work/apt.log" | sed 's/^/    /'
    die "apt-get install ./$(basename "$deb") failed in the root"
fi
echo "ok: apt-get installed $(basename "$deb") and $(grep -c '^Setting up ' "$work/apt.log") packages in $(since "$t")"

# 4. The installed package at work, with nothing but the root.
t=$(now)
if ! in_root bash -s >"$work/checks.log" 2>&1 <<'EOF'; then
set -euo pipefail
failures=0
check() {
    local what=$1; shift
    if "$@" >/dev/null 2>&1; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
check "dpkg -s fbkit: installed" sh -c 'dpkg -s fbkit | grep -qx "Status: install ok installed"'
for t in fb-gen fb-ingest fb-enrich fb-classify fb-sink-mongo fb-sink-es fb-analyze; do
    check "$t --version runs from $(command -v $t)" "$t" --version
    check "$t: every shared library found" sh -c "! ldd /usr/bin/$t | grep -q 'not found'"
done
d=/usr/share/fbkit/examples/data
cd /tmp
fb-gen --count 200 --seed 3 | fb-ingest --tz America/Sao_Paulo |
    fb-enrich --customers $d/clientes.csv --branches $d/agencias.csv --on-missing reject --stats enrich.stats |
    fb-classify | fb-analyze --format json --stats analyze.stats > report.json
check "the pipeline on the installed sample tables: 200 records enriched" grep -q '"matched":200' enrich.stats
check "fb-analyze read 200 records" grep -q '"records":{"read":200,"used":200' report.json
check "the report equals the build tree's" cmp report.json reference.json
check "man -w fb-enrich finds /usr/share/man/man1/fb-enrich.1" sh -c 'man -w fb-enrich | grep -q "^/usr/share/man/man1/fb-enrich.1"'
check "man -w 7 fbkit finds the pipeline page" sh -c 'man -w 7 fbkit | grep -q "^/usr/share/man/man7/fbkit.7"'
check "bash-completion loads the completion of fb-enrich by name" \
    bash -c '. /usr/share/bash-completion/bash_completion; __load_completion fb-enrich; complete -p fb-enrich | grep -q _fbkit'
check "zsh completion installed" test -s /usr/share/zsh/vendor-completions/_fbkit
check "lexicon and stop words installed for --lexicon-dir and --stopwords" \
    test -s /usr/share/fbkit/classify/lexicon.txt -a -s /usr/share/fbkit/analyze/stopwords-pt.txt
check "fb-classify --lexicon-dir reads the installed lexicon" \
    sh -c 'fb-gen --count 20 --seed 1 | fb-ingest | fb-classify --lexicon-dir /usr/share/fbkit/classify > /dev/null'
check "README in /usr/share/doc/fbkit" test -s /usr/share/doc/fbkit/README.md
[ $failures -eq 0 ]
EOF
    sed 's/^/    /' "$work/checks.log"
    [ -s "$root/tmp/report.json" ] && diff <(tr ',' '\n' <"$reference") <(tr ',' '\n' <"$root/tmp/report.json") | head -n 20
    die "the installed package failed checks (above)"
fi
sed 's/^/    /' "$work/checks.log"
echo "ok: the installed tools pass in $(since "$t")"
echo "deb_chroot ok in $(since "$t_all")"
