#!/usr/bin/env bash
# Tools ask for 1 MiB pipes on stdin and stdout (lib/fb/pipes.h): a program at the other end of
# the pipe sees its size grow. Each side polls the size (up to 10 s) so the test does not race the
# tool's start. A file or /dev/null as stdout is left alone, and records go through unchanged.
# Usage: pipe_size.sh TOOLS_BUILD_DIR
. "$(dirname "$0")/common.bash" "$1"

cat >pipe_size.py <<'PY'
import fcntl, os, sys, time
F_GETPIPE_SZ = 1032
fd, out = int(sys.argv[1]), sys.argv[2]
deadline = time.monotonic() + 10
size = fcntl.fcntl(fd, F_GETPIPE_SZ)
while size < 1 << 20 and time.monotonic() < deadline:
    time.sleep(0.05)
    size = fcntl.fcntl(fd, F_GETPIPE_SZ)
with open(out, "w") as f:
    print(size, file=f)
if fd == 0:
    sys.stdin.buffer.read()
PY

fb-gen --count 100 --seed 5 -q --no-progress >in.ndjson
fb-ingest -q --no-progress <in.ndjson >expected.ndjson

# stdout: the reader (python) sees the pipe it reads widened by the tool writing into it.
fb-ingest -q --no-progress <in.ndjson | python3 pipe_size.py 0 out.size
size=$(cat out.size)
check "a tool's stdout pipe is widened to 1 MiB (got $size)" test "$size" = 1048576

# stdin: the writer (python) sees the pipe it writes widened by the tool reading from it; the tool
# waits on its stdin meanwhile (python holds the pipe open until it has looked).
python3 pipe_size.py 1 in.size | fb-ingest -q --no-progress >/dev/null
size=$(cat in.size)
check "a tool's stdin pipe is widened to 1 MiB (got $size)" test "$size" = 1048576

cat in.ndjson | fb-ingest -q --no-progress | cat >piped.ndjson
check "records through widened pipes are unchanged" cmp -s piped.ndjson expected.ndjson

if ((failures)); then echo "$failures failed"; exit 1; fi
echo "all passed"
