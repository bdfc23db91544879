#!/usr/bin/env bash
# Input files of 1 MiB or more are memory-mapped (lib/fb/line_reader.h). The same records come out
# whether a file is named, redirected to stdin or piped; a shell that shares a redirected stdin
# sees it the same way as with read(): read from where the shell left it, consumed afterwards;
# a file truncated while mapped ends the tool with a message naming it and status 74, no crash.
# Usage: mapped_input.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

fb-gen --count 12000 --seed 3 -q --no-progress >in.ndjson
size=$(wc -c <in.ndjson)
check "the input is over 1 MiB, so it is mapped ($size bytes)" test "$size" -gt 1048576

run "named file" named.out fb-ingest -q --no-progress in.ndjson
run "redirected stdin" redirected.out fb-ingest -q --no-progress <in.ndjson
cat in.ndjson | fb-ingest -q --no-progress >piped.out
check "named, redirected and piped input give the same output" \
    bash -c 'cmp -s named.out redirected.out && cmp -s named.out piped.out'
check "every record is written" test "$(wc -l <named.out)" = 12000

{ IFS= read -r first; fb-ingest -q --no-progress; } <in.ndjson >after_read.out
check "stdin already read from by the shell: the rest of it (11,999 records)" test "$(wc -l <after_read.out)" = 11999
check "... starting at the second record" cmp -s after_read.out <(tail -n +2 named.out)
{ fb-ingest -q --no-progress >/dev/null; cat; } <in.ndjson >rest.out
check "stdin left consumed for the next command, as read() leaves it" test ! -s rest.out

# Truncated while mapped: the tool is held on a full output pipe, the file is emptied, then the
# pipe is drained and the tool reaches pages that no longer exist.
for _ in 1 2 3 4 5 6; do cat in.ndjson; done >big.ndjson
status=0
fb-ingest -q --no-progress big.ndjson 2>sigbus.err > >(sleep 2; cat >/dev/null) & pid=$!
sleep 0.7
: >big.ndjson
wait "$pid" || status=$?
pid=
check "truncated under the tool: exit 74 (I/O error), not a crash (got $status)" test "$status" = 74
check "... with a message naming the tool" grep -q '^fb-ingest: an input file shrank while it was being read' sigbus.err

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
