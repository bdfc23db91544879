#!/usr/bin/env python3
"""pymongo peer of fb-sink-mongo for scripts/bench/sink-mongo.

Reads NDJSON records and upserts each one into a MongoDB collection with
bulk_write([ReplaceOne({key: value}, doc, upsert=True), ...], ordered=False), one bulk write per
--batch-size records, one after the other: the straightforward fast way to do it in a single
Python process with pymongo. Documents get the types fb-sink-mongo gives them:

  - _fb (the pipeline's metadata) is dropped
  - a top-level InvoiceDate string becomes a BSON date (datetime.fromisoformat, UTC)
  - top-level latitude / longitude numbers become doubles (float)
  - integers stay Python ints (pymongo writes int32, or int64 when larger), other numbers doubles

It does not validate records the way fb-sink-mongo does (no $-field checks, no size limit): the
input is fb-gen | fb-ingest | fb-enrich output, already valid.

Prints one JSON object of counters on stdout at the end (records, batches, upserted, matched,
modified, seconds). Exit status 0, or 1 when a bulk write reported write errors.

Usage: sink_mongo_pymongo.py --uri URI --db DB --collection C [--key InvoiceNo]
                             [--batch-size 10] INPUT.ndjson
"""

import argparse
import json
import sys
import time
from datetime import datetime

from pymongo import MongoClient, ReplaceOne
from pymongo.errors import BulkWriteError


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--uri", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--collection", required=True)
    ap.add_argument("--key", default="InvoiceNo")
    ap.add_argument("--batch-size", type=int, default=10)
    ap.add_argument("input")
    args = ap.parse_args()

    started = time.perf_counter()
    client = MongoClient(args.uri)
    coll = client[args.db][args.collection]
    key = args.key
    size = args.batch_size
    loads = json.loads
    fromiso = datetime.fromisoformat
    if sys.version_info < (3, 11):  # fromisoformat reads a trailing 'Z' only from 3.11 on

        def fromiso(s, _f=datetime.fromisoformat):
            return _f(s[:-1] + "+00:00" if s.endswith("Z") else s)

    records = batches = upserted = matched = modified = 0
    errors = []

    def flush(ops):
        nonlocal batches, upserted, matched, modified
        try:
            res = coll.bulk_write(ops, ordered=False)
        except BulkWriteError as e:
            errors.extend(e.details.get("writeErrors", []))
            res_d = e.details
            upserted += res_d.get("nUpserted", 0)
            matched += res_d.get("nMatched", 0)
            modified += res_d.get("nModified", 0)
        else:
            upserted += res.upserted_count
            matched += res.matched_count
            modified += res.modified_count
        batches += 1

    ops = []
    with open(args.input, "rb") as f:
        for line in f:
            doc = loads(line)
            doc.pop("_fb", None)
            d = doc.get("InvoiceDate")
            if isinstance(d, str):
                doc["InvoiceDate"] = fromiso(d)
            for k in ("latitude", "longitude"):
                v = doc.get(k)
                if isinstance(v, int) and not isinstance(v, bool):
                    doc[k] = float(v)
            ops.append(ReplaceOne({key: doc[key]}, doc, upsert=True))
            records += 1
            if len(ops) >= size:
                flush(ops)
                ops = []
    if ops:
        flush(ops)
    client.close()

    out = {
        "tool": "pymongo",
        "records": records,
        "batches": batches,
        "upserted": upserted,
        "matched": matched,
        "modified": modified,
        "write_errors": len(errors),
        "seconds": round(time.perf_counter() - started, 3),
    }
    print(json.dumps(out))
    for e in errors[:3]:
        print(f"write error: {e.get('code')} {e.get('errmsg')}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
