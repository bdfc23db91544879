#!/usr/bin/env python3
"""opensearch-py peer of fb-sink-es for scripts/bench/sink-es.

Reads NDJSON records and indexes them into one OpenSearch (or Elasticsearch-compatible) index
with opensearchpy.helpers.parallel_bulk(client, actions, thread_count=4, chunk_size=1000): the
Python client's own parallel bulk loader, 4 threads as fb-sink-es has 4 requests in flight by
default, 1000 documents a request as fb-sink-es's default --batch-size. Each document is what
fb-sink-es sends:

  - _fb (the pipeline's metadata) is dropped
  - "location": {"lat": latitude, "lon": longitude} is added when both are numbers in range
  - _id is the record's InvoiceNo (as a string); the operation is 'index'

parallel_bulk is consumed to the end and every (ok, item) it yields is checked: the program
counts the items that were not ok (raise_on_error=False, so one bad item does not hide the rest)
and exits 1 when any was not. It does not validate records the way fb-sink-es does (no _id
checks, no line limit): the input is fb-gen | fb-ingest | fb-enrich output, already valid.

Prints one JSON object of counters on stdout at the end (records, ok, failed, seconds).

Usage: sink_es_opensearchpy.py --url URL --index NAME [--threads 4] [--chunk-size 1000]
                               [--id-field InvoiceNo] INPUT.ndjson
"""

import argparse
import json
import sys
import time

from opensearchpy import OpenSearch
from opensearchpy.helpers import parallel_bulk


def actions(path, index, id_field, stats):
    loads = json.loads
    with open(path, "rb") as f:
        for line in f:
            doc = loads(line)
            doc.pop("_fb", None)
            lat = doc.get("latitude")
            lon = doc.get("longitude")
            if (
                isinstance(lat, (int, float))
                and isinstance(lon, (int, float))
                and not isinstance(lat, bool)
                and not isinstance(lon, bool)
                and -90 <= lat <= 90
                and -180 <= lon <= 180
            ):
                doc["location"] = {"lat": lat, "lon": lon}
            stats["records"] += 1
            yield {"_op_type": "index", "_index": index, "_id": str(doc[id_field]), "_source": doc}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--index", required=True)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--chunk-size", type=int, default=1000)
    ap.add_argument("--id-field", default="InvoiceNo")
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("input")
    args = ap.parse_args()

    started = time.perf_counter()
    # maxsize: one pooled connection per thread (urllib3 warns and reconnects when the pool is
    # smaller than the number of threads using it).
    client = OpenSearch(hosts=[args.url], timeout=args.timeout, maxsize=max(args.threads, 10))
    stats = {"records": 0}
    ok_count = failed = 0
    examples = []
    for ok, item in parallel_bulk(
        client,
        actions(args.input, args.index, args.id_field, stats),
        thread_count=args.threads,
        chunk_size=args.chunk_size,
        raise_on_error=False,
        raise_on_exception=True,
    ):
        if ok:
            ok_count += 1
        else:
            failed += 1
            if len(examples) < 3:
                examples.append(item)
    client.close()
    for e in examples:
        print("not indexed: " + json.dumps(e)[:300], file=sys.stderr)
    print(
        json.dumps(
            {
                "records": stats["records"],
                "ok": ok_count,
                "failed": failed,
                "seconds": round(time.perf_counter() - started, 3),
            }
        )
    )
    return 0 if failed == 0 and ok_count == stats["records"] else 1


if __name__ == "__main__":
    sys.exit(main())
