#!/usr/bin/env python3
"""scripts/bench/tree_rss.py: run a command and measure the peak memory of its whole process tree.

Usage: tree_rss.py [--interval S] [--stdout FILE] --out FILE -- COMMAND [ARG...]

/usr/bin/time -f %M reports the largest single process, which says little about a shell pipeline
(five processes) or Spark (a JVM, a Python driver and forked Python workers). This samples, every
--interval seconds (default 0.05), the resident set (RSS, /proc/PID/stat) of COMMAND and of
every descendant it has at that moment (children found through /proc/PID/task/TID/children, or a
scan of /proc), sums them, and keeps the largest sum. Caveats: a peak shorter than the interval
can be missed; pages shared between processes (the libraries of five tools, copy-on-write pages of
forked Python workers) count once per process, so the sum is an upper bound of the memory the
tree really holds.

Writes one JSON object to --out: seconds (wall), status (COMMAND's exit status, 128+N for signal
N), peak_tree_rss_kb, peak_processes (processes in the tree at that peak), max_single_rss_kb (the
largest single process: sampled, or getrusage's like GNU time's %M when larger), cpu_seconds (user
+ system of the tree: getrusage of the waited-for processes, or the sum of the last CPU time
sampled of each process when larger: a JVM its parent never waits for), samples. COMMAND's stdout
goes to --stdout FILE (default: inherited); its stderr is inherited. Exit status: COMMAND's.
Linux only; standard library only.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def children_via_task(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return out


def children_by_scan():
    """{ppid: [pid...]} of every process (fallback without CONFIG_PROC_CHILDREN)."""
    kids = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree(root, have_children_files):
    pids, todo = [], [root]
    kids = None if have_children_files else children_by_scan()
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children_via_task(pid) if kids is None else kids.get(pid, ()))
    return pids


def stat(pid):
    """(RSS in kB, user + system CPU in clock ticks) of one process, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read()
    except OSError:
        return None
    rest = fields[fields.rindex(")") + 2:].split()  # after the command name, which may hold blanks
    return int(rest[21]) * PAGE_KB, int(rest[11]) + int(rest[12])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--interval", type=float, default=0.05)
    ap.add_argument("--stdout", metavar="FILE")
    ap.add_argument("--out", required=True, metavar="FILE")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no COMMAND")
    have_children_files = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    out = open(args.stdout, "wb") if args.stdout else None
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=out)
    peak = peak_n = samples = single = 0
    ticks = {}  # pid -> the largest CPU time seen (a process's CPU time only grows)
    while proc.poll() is None:
        total = n = 0
        for pid in tree(proc.pid, have_children_files):
            st = stat(pid)
            if st is None:
                continue
            total += st[0]
            n += 1
            single = max(single, st[0])
            ticks[pid] = max(ticks.get(pid, 0), st[1])
        samples += 1
        if total > peak:
            peak, peak_n = total, n
        time.sleep(args.interval)
    seconds = time.monotonic() - start
    if out:
        out.close()
    # getrusage covers the processes that were waited for (all of a shell pipeline, exactly); the
    # samples also cover those nobody waited for (Spark's JVM is not reaped by its Python driver).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = max(usage.ru_utime + usage.ru_stime, sum(ticks.values()) / os.sysconf("SC_CLK_TCK"))
    single = max(single, usage.ru_maxrss)
    status = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
    with open(args.out, "w") as f:
        json.dump({"seconds": round(seconds, 3), "status": status, "peak_tree_rss_kb": peak,
                   "peak_processes": peak_n, "max_single_rss_kb": single,
                   "cpu_seconds": round(cpu, 2), "samples": samples}, f)
        f.write("\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
