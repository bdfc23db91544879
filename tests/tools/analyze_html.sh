#!/usr/bin/env bash
# fb-analyze --html in a real browser (headless Chromium): the page built from 20,000 generated,
# enriched and classified records renders every section without a script error and draws its
# charts (the page sets data-rendered, data-charts and data-errors on <body>), the page carries the
# same document as --format json, names no http(s) address (everything inline, no network), a
# screenshot is not blank; an empty report (no records) renders without errors too, and user text
# that looks like markup (</script>, <!--<script>, <img onerror>) shows as text without breaking the page.
# Usage: analyze_html.sh TOOLS_BUILD_DIR
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
if ! command -v chromium >/dev/null 2>&1; then
    echo "SKIP: chromium not installed (scripts/setup --test installs it)"
    exit 77
fi
if [ ! -x "$1/fb-analyze/fb-analyze" ]; then
    echo "SKIP: fb-analyze not built"
    exit 77
fi
. "$here/common.bash" "$1"

browser() {  # chromium options... URL: headless, throwaway profile in the work dir, 60 s at most
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
        --no-first-run --no-default-browser-check --disable-extensions --disable-sync \
        --disable-background-networking --user-data-dir="$work/profile" "$@" 2>>chromium.log
}
render() {  # page.html -> page.dom (the DOM after the page's script ran)
    browser --dump-dom "file://$work/$1" >"${1%.html}.dom" || { echo "chromium failed on $1:"; tail -5 chromium.log; }
}
body_attr() {  # page.dom attribute -> its value on <body> (the first <body ...> tag is the real one)
    grep -o '<body [^>]*>' "$1" | head -1 | sed -n "s/.* $2=\"\([^\"]*\)\".*/\1/p"
}
rendered_clean() {  # page.dom -> the page finished and caught no error
    [ "$(body_attr "$1" data-rendered)" = 1 ] && [ "$(body_attr "$1" data-errors)" = 0 ]
}
same_document() {  # page.html report.json -> the page's embedded document equals the JSON output
    python3 - "$1" "$2" <<'EOF'
import json, re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.findall(r'<script type="application/json" id="fbkit-report">(.*?)</script>', page, re.S)
sys.exit(not (len(m) == 1 and json.loads(m[0]) == json.load(open(sys.argv[2], encoding="utf-8"))))
EOF
}
no_urls() {  # page.html -> no http:// or https:// outside the embedded document (user data may hold some)
    python3 - "$1" <<'EOF'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
page = re.sub(r'(<script type="application/json" id="fbkit-report">).*?(</script>)', r'\1\2', page, flags=re.S)
hits = re.findall(r'.{0,40}https?://.{0,40}', page, re.I)
for h in hits: print("  address in the page:", h)
sys.exit(bool(hits))
EOF
}
not_blank() {  # shot.png -> a 1280x4000 PNG, > 30 KB, with more than a handful of colours in its top 800 rows
    python3 - "$1" <<'EOF'
import os, struct, sys, zlib
b = open(sys.argv[1], "rb").read()
if b[:8] != b"\x89PNG\r\n\x1a\n" or len(b) < 30000: sys.exit("not a PNG or under 30 KB: %d bytes" % len(b))
pos, idat = 8, b""
while pos < len(b):
    n, t = struct.unpack(">I4s", b[pos:pos + 8]); d = b[pos + 8:pos + 8 + n]; pos += 12 + n
    if t == b"IHDR": w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", d)
    elif t == b"IDAT": idat += d
if (w, h) != (1280, 4000): sys.exit("size %dx%d" % (w, h))
if depth != 8 or ctype not in (2, 6) or interlace: sys.exit("unexpected PNG format (depth %d, colour type %d)" % (depth, ctype))
bpp = 3 if ctype == 2 else 4
raw, stride, prev, colours = zlib.decompressobj().decompress(idat), w * bpp, bytearray(w * bpp), set()
for y in range(min(h, 800)):  # undo the per-row filters (PNG spec, section 9)
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + prev[x]) & 255
        elif f == 3: line[x] = (line[x] + (a + prev[x]) // 2) & 255
        elif f == 4:
            p = a + prev[x] - c; pa, pb, pc = abs(p - a), abs(p - prev[x]), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else prev[x] if pb <= pc else c)) & 255
    colours.update(bytes(line[x:x + 3]) for x in range(0, stride, bpp))
    prev = line
print("screenshot: %d bytes, %d colours in the top 800 rows" % (len(b), len(colours)))
sys.exit(len(colours) <= 16)
EOF
}

# The full pipeline's output, as in production.
fb-gen --seed 3 -n 20000 | fb-ingest |
    fb-enrich --customers "$repo/examples/data/clientes.csv" --branches "$repo/examples/data/agencias.csv" |
    fb-classify >classified.ndjson
status=0
fb-analyze --html report.html --format json <classified.ndjson >report.json 2>analyze.log || status=$?
check "fb-analyze --html exits 0" test "$status" = 0
check "the JSON report covers the 20,000 records" test "$(jq .records.used report.json)" = 20000
check "the page was written" test -s report.html
check "placeholder replaced" test "$(grep -c __FBKIT_REPORT_JSON__ report.html)" = 0
check "the page embeds the same document as --format json" same_document report.html report.json
check "no http(s) address in the page (no CDN, fonts or files)" no_urls report.html
check "no external script, stylesheet or image" test "$(grep -Eci '<(script|img|link|iframe)[^>]* (src|href)=' report.html)" = 0

render report.html
echo "report: $(grep -o '<body [^>]*>' report.dom | head -1)"
check "the page rendered" test "$(body_attr report.dom data-rendered)" = 1
check "no script errors" test "$(body_attr report.dom data-errors)" = 0
check "at least 8 charts drawn" test "$(body_attr report.dom data-charts)" -ge 8
check "the top description shows as text" grep -qF "$(jq -r '.analyses.top_descriptions[0].Description' report.json | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g')" report.dom

browser --hide-scrollbars --window-size=1280,4000 --screenshot="$work/shot.png" "file://$work/report.html" >/dev/null || true
check "screenshot taken and not blank" not_blank shot.png

# Zero records: a valid, empty report.
status=0
fb-analyze --html empty.html --format json </dev/null >empty.json 2>>analyze.log || status=$?
check "empty input: exit 0" test "$status" = 0
render empty.html
echo "empty: $(grep -o '<body [^>]*>' empty.dom | head -1)"
check "empty report renders without errors" rendered_clean empty.dom
check "empty report says so" grep -q "sem dados" empty.dom

# User text that looks like markup must stay text and must not end the embedded document early.
for d in '<!--<script>x</script> a' '</script><img src=x onerror="document.body.dataset.errors=9"> b' '</SCRIPT><!-- c'; do
    for n in 1 2 3; do
        jq -cn --arg d "$d" --argjson n "$n" '{InvoiceNo: $n, CustomerID: (10000 + $n), Description: $d, Sentimento: "Negativo",
            SentimentRating: 2, Agrupador: "Cartão", InvoiceDate: "2024-03-0\($n)T10:00:00Z", latitude: -23.5, longitude: -46.6,
            MeioEnvio: "Web", Country: "Brasil", estado: "SP", cidade: "São Paulo"}'
    done
done >hostile.ndjson
status=0
fb-analyze --html hostile.html --format json <hostile.ndjson >hostile.json 2>>analyze.log || status=$?
check "markup in user text: exit 0" test "$status" = 0
render hostile.html
echo "hostile: $(grep -o '<body [^>]*>' hostile.dom | head -1)"
check "markup in user text: the page renders without errors" rendered_clean hostile.dom
check "markup in user text: the page embeds the whole document" same_document hostile.html hostile.json
check "markup in user text shows as text" grep -qF '&lt;/script&gt;&lt;img src=x onerror=' hostile.dom

echo "$failures failed"
[ "$failures" -eq 0 ]
