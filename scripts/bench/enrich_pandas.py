#!/usr/bin/env python3
"""scripts/bench/enrich_pandas.py: fb-enrich's join done with pandas, the baseline of scripts/bench/enrich.

Reads the customers (clientes) and branches (agencias) CSVs and the feedback records (NDJSON),
left-merges the records on CustomerID and then on agencia_id, and writes NDJSON with the fields
fb-enrich adds, in its order: agencia_id, nome_da_agencia, cidade, estado (the customer's),
latitude, longitude (the branch's), segmento. An unknown customer or branch leaves the fields
null (NaN/<NA> written as null); the record is kept, as with fb-enrich --on-missing keep.

Usage: enrich_pandas.py --customers clientes.csv --branches agencias.csv [options] IN OUT
  IN, OUT       NDJSON files ('-' for stdin/stdout)
  --reader R    how the records are read: 'read_json' (pd.read_json(lines=True); the default) or
                'json' (json.loads per line into pd.DataFrame); about as fast as each other
  --timings F   write the seconds of each step (import, tables, read, merge, write) as JSON to F
"""
import argparse
import json
import sys
import time

_T0 = time.perf_counter()
import pandas as pd  # noqa: E402  (after _T0: the import is timed as a step)

ADDED = ["agencia_id", "nome_da_agencia", "cidade", "estado", "latitude", "longitude", "segmento"]


def read_records(path, reader):
    src = sys.stdin if path == "-" else path
    if reader == "read_json":
        # dtype=False: pass every field through as it is (no type or date guessing).
        return pd.read_json(src, lines=True, dtype=False)
    opened = src if src is sys.stdin else open(src, encoding="utf-8")
    with opened as f:
        return pd.DataFrame([json.loads(line) for line in f if line.strip()])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", required=True)
    ap.add_argument("--branches", required=True)
    ap.add_argument("--reader", choices=["read_json", "json"], default="read_json")
    ap.add_argument("--timings", metavar="FILE")
    ap.add_argument("input")
    ap.add_argument("output")
    args = ap.parse_args()
    steps = {}
    t = _T0

    def step(name):
        nonlocal t
        now = time.perf_counter()
        steps[name] = round(now - t, 3)
        t = now

    step("import")
    customers = pd.read_csv(
        args.customers,
        usecols=["CustomerID", "segmento", "cidade", "estado", "agencia_id"],
        dtype={"CustomerID": "int64", "agencia_id": "Int64"},
    )
    branches = pd.read_csv(
        args.branches,
        usecols=["agencia_id", "nome_da_agencia", "latitude", "longitude"],
        dtype={"agencia_id": "Int64", "latitude": "float64", "longitude": "float64"},
    )
    # The small side first: one lookup table CustomerID -> the added fields.
    lookup = customers.merge(branches, on="agencia_id", how="left")[["CustomerID"] + ADDED]
    step("tables")

    records = read_records(args.input, args.reader)
    step("read")
    # A record that already has the added fields gets them replaced (as fb-enrich does).
    records = records.drop(columns=[c for c in ADDED if c in records.columns])
    out = records.merge(lookup, on="CustomerID", how="left", sort=False)
    step("merge")

    dst = sys.stdout if args.output == "-" else args.output
    out.to_json(dst, orient="records", lines=True, force_ascii=False)
    step("write")
    if args.timings:
        with open(args.timings, "w", encoding="utf-8") as f:
            json.dump(steps, f)
            f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
