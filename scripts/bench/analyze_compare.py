#!/usr/bin/env python3
"""analyze_compare.py FB PANDAS [PART...]: compares the named parts (default records, analyses) of
fb-analyze's report and the pandas reference's: same keys in the same order, equal strings and
integers, floats within 1e-9 (absolute or relative). Used by tests/tools/analyze_pandas.sh and
scripts/bench/analyze."""
import json
import math
import sys

TOLERANCE = 1e-9
problems = []


def number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def same(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            problems.append(f"{path}: keys {list(a)} (fb-analyze) vs {list(b)} (pandas)")
        for k in a:
            if k in b:
                same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            problems.append(f"{path}: {len(a)} items (fb-analyze) vs {len(b)} (pandas)")
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif number(a) and number(b):
        if isinstance(a, int) and isinstance(b, int):
            ok = a == b
        else:
            ok = math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
        if not ok:
            problems.append(f"{path}: {a!r} (fb-analyze) vs {b!r} (pandas)")
    elif type(a) is not type(b) or a != b:
        problems.append(f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} (fb-analyze) vs "
                        f"{json.dumps(b, ensure_ascii=False)[:200]} (pandas)")


with open(sys.argv[1], encoding="utf-8") as f:
    fb = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    pd = json.load(f)
parts = sys.argv[3:] or ["records", "analyses"]
for part in parts:
    node_fb, node_pd = fb, pd
    for k in part.split("."):
        node_fb = node_fb.get(k) if isinstance(node_fb, dict) else None
        node_pd = node_pd.get(k) if isinstance(node_pd, dict) else None
    if node_fb is None and node_pd is not None:
        problems.append(f"{part}: missing in fb-analyze's report")
        continue
    same(node_fb, node_pd, part)
for p in problems[:12]:
    print("  mismatch: " + p)
if len(problems) > 12:
    print(f"  ... {len(problems) - 12} more mismatches")
sys.exit(1 if problems else 0)
