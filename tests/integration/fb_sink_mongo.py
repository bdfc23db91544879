#!/usr/bin/env python3
"""fb-sink-mongo against the real MongoDB-wire server from scripts/services, checked with an
independent client (pymongo): counts, BSON types, idempotency on rerun, bad documents rejected
with reasons, insert-mode duplicates, --passthrough, the server restarted mid-run (nothing lost,
nothing doubled), and an unreachable server (exit 69, password masked).

Usage: fb_sink_mongo.py TOOLS_BUILD_DIR
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.abspath(sys.argv[1])
SINK = os.path.join(TOOLS, "fb-sink-mongo", "fb-sink-mongo")


def skip(reason):
    print(f"SKIP: mongo unavailable: {reason}")
    sys.exit(77)


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def expect(what, want, got):
    if want != got:
        fail(f"{what}: expected {want!r}, got {got!r}")
    print(f"ok: {what}")


def service_uri():
    uri = os.environ.get("MONGODB_URI")
    if uri:
        return uri
    env = subprocess.run(["bash", os.path.join(REPO, "scripts", "services"), "env", "mongo"],
                         capture_output=True, text=True).stdout
    for line in env.splitlines():
        if line.startswith("export MONGODB_URI="):
            return line.split("=", 1)[1].strip().strip("'\"")
    status = subprocess.run(["bash", os.path.join(REPO, "scripts", "services"), "status", "mongo"],
                            capture_output=True, text=True).stdout.strip()
    skip(f"MONGODB_URI is not set (scripts/services status: {status or 'unknown'})")


try:
    import pymongo
except ImportError:
    skip("pymongo is not installed (pip install -r tests/requirements.txt)")

URI = service_uri()
client = pymongo.MongoClient(URI, serverSelectionTimeoutMS=5000)
try:
    client.admin.command("ping")
except Exception as e:  # noqa: BLE001 - any failure means the server is not there
    skip(f"{URI} does not answer: {e}")

DB = f"fbkit_sink_{os.getpid()}"
db = client[DB]
work = tempfile.mkdtemp()


def records(n, start=1):
    """Classified-looking records: what fb-classify will write, with the types fb-ingest gives."""
    out = []
    for i in range(start, start + n):
        out.append(json.dumps({
            "InvoiceNo": i, "CustomerID": 10000 + i % 500, "MeioEnvio": "Android 14",
            "Description": f"O Pix não caiu, pedido {i}", "InvoiceDate": f"2024-03-{1 + i % 28:02d}T12:19:{i % 60:02d}Z",
            "City": "São Paulo", "Country": "Brasil", "agencia_id": 1 + i % 7, "nome_da_agencia": "Sede",
            "cidade": "São Paulo", "estado": "SP", "latitude": -23 if i % 2 else -23.5613, "longitude": -46.6565,
            "segmento": None if i % 11 == 0 else "Varejo", "SentimentRating": 1 + i % 5,
            "Agrupador": "Pix e Transferências", "Sentimento": "Negativo",
            "_fb": {"classifier": "lexicon-v1", "confidence": 0.8},
        }, ensure_ascii=False))
    return "\n".join(out) + "\n"


def sink(args, stdin, env=None, timeout=300):
    stats = os.path.join(work, "stats.json")
    if os.path.exists(stats):
        os.unlink(stats)
    # FerretDB 1.24 (PostgreSQL backend) stalls on a command of 50+ updates of existing
    # documents (its connection pool runs dry); batches of 10 keep it working. See docs/services.md.
    if "--batch-size" not in args:
        args = ["--batch-size", "10", *args]
    p = subprocess.run([SINK, "--uri", URI, "--db", DB, "--stats", stats, *args], input=stdin.encode(),
                       capture_output=True, timeout=timeout, env=env)
    st = json.load(open(stats)) if os.path.exists(stats) else {}
    return p.returncode, p.stdout.decode(), p.stderr.decode(), st


try:
    # 1. Upsert 3,000 documents: counts and the old data's types.
    data = records(3000)
    code, out, err, st = sink(["--ensure-index"], data)
    expect("first run exits 0", 0, code)
    expect("stats: written", 3000, st.get("written"))
    coll = db["criticidade"]
    expect("documents in criticidade", 3000, coll.count_documents({}))
    d = coll.find_one({"InvoiceNo": 7})
    expect("InvoiceDate is a BSON date", datetime.datetime, type(d["InvoiceDate"]))
    expect("InvoiceDate value", datetime.datetime(2024, 3, 8, 12, 19, 7), d["InvoiceDate"])
    expect("CustomerID is an integer", int, type(d["CustomerID"]))
    expect("SentimentRating is an integer", int, type(d["SentimentRating"]))
    expect("a whole-number latitude is a double", float, type(d["latitude"]))
    expect("longitude is a double", float, type(d["longitude"]))
    expect("_fb dropped", False, "_fb" in d)
    expect("null kept as null", None, coll.find_one({"InvoiceNo": 11})["segmento"])
    expect("text intact", "O Pix não caiu, pedido 7", d["Description"])
    expect("unique index on InvoiceNo", True,
           any(ix.get("unique") and list(ix["key"].keys()) == ["InvoiceNo"] for ix in coll.list_indexes()))

    # 2. The same input again: nothing doubled, every document matched.
    code, out, err, st = sink(["--ensure-index"], data)
    expect("rerun exits 0", 0, code)
    expect("still 3000 documents after a rerun", 3000, coll.count_documents({}))
    expect("rerun upserted nothing new", 0, st.get("upserted"))
    expect("rerun matched every document", 3000, st.get("matched"))

    # 3. A changed record replaces the whole document (upsert = replaceOne, as the old job).
    changed = json.loads(data.splitlines()[4])
    changed["Sentimento"] = "Positivo"
    del changed["Agrupador"]
    code, out, err, st = sink([], json.dumps(changed) + "\n")
    d = coll.find_one({"InvoiceNo": 5})
    expect("replaced value", "Positivo", d["Sentimento"])
    expect("replace drops fields the new record lacks", False, "Agrupador" in d)

    # 4. Bad documents: each rejected with its line and reason, the good ones written.
    big = json.dumps({"InvoiceNo": 99999, "Description": "x" * (17 << 20)})
    bad = "\n".join([
        json.dumps({"InvoiceNo": 90001, "CustomerID": 1}),
        json.dumps({"InvoiceNo": 90002, "$where": "1"}),
        json.dumps({"InvoiceNo": 90003, "nested": {".dot": 1}}),
        json.dumps({"CustomerID": 5}),
        '{"InvoiceNo": 90005, ',
        big,
        json.dumps({"InvoiceNo": 90007, "ok": True}),
    ]) + "\n"
    rejects = os.path.join(work, "rejects.ndjson")
    code, out, err, st = sink(["--rejects", rejects], bad)
    expect("bad documents: exit 65", 65, code)
    rej = [json.loads(line) for line in open(rejects)]
    expect("rejected lines", [2, 3, 4, 5, 6], [r["line"] for r in rej])
    reasons = {r["line"]: r["error"] for r in rej}
    for line, word in [(2, "'$where' starts with '$'"), (3, "'.dot' starts with '.'"), (4, "InvoiceNo: key field missing"),
                       (5, "invalid JSON"), (6, "16 MiB")]:
        if word not in reasons[line]:
            fail(f"line {line}: reason {reasons[line]!r} does not say {word!r}")
    expect("good ones among them written", 2, coll.count_documents({"InvoiceNo": {"$in": [90001, 90007]}}))
    expect("counters reconcile", (7, 2, 5), (st["read"], st["written"], st["rejected"]))

    # 5. Insert mode: a duplicate key is a per-document error with the server's message.
    code, out, err, st = sink(["--mode", "insert", "--rejects", rejects], records(2, start=3000))
    expect("insert of an existing key: exit 65", 65, code)
    rej = [json.loads(line) for line in open(rejects)]
    expect("one duplicate rejected", 1, len(rej))
    if "E11000" not in rej[0]["error"]:
        fail(f"duplicate reason lacks the server's code: {rej[0]['error']}")
    expect("the new one inserted", 1, coll.count_documents({"InvoiceNo": 3001}))

    # 6. --passthrough writes exactly the acknowledged lines, in input order.
    mixed = records(3, start=5001) + json.dumps({"InvoiceNo": 5004, "$bad": 1}) + "\n" + records(2, start=5005)
    code, out, err, st = sink(["--passthrough", "--batch-size", "2", "--in-flight", "3", "--max-rejects", "1"], mixed)
    expect("passthrough run exits 0 (one reject allowed)", 0, code)
    expect("passthrough lines", [5001, 5002, 5003, 5005, 5006], [json.loads(x)["InvoiceNo"] for x in out.splitlines()])

    # 6b. A quiet stream: a record is written (and passed through) while the input stays open.
    proc = subprocess.Popen([SINK, "--uri", URI, "--db", DB, "--passthrough"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(records(1, start=7001).encode())
    proc.stdin.flush()
    line = proc.stdout.readline()  # blocks until acknowledged; the batch is far from full
    expect("quiet stream: passed through before more input", 7001, json.loads(line)["InvoiceNo"])
    expect("quiet stream: stored before more input", 1, coll.count_documents({"InvoiceNo": 7001}))
    proc.stdin.close()
    expect("quiet stream exits 0", 0, proc.wait(timeout=60))

    # 7. The server restarted mid-run: retried, nothing lost, nothing doubled.
    stream = records(2000, start=10001).splitlines()
    proc = subprocess.Popen([SINK, "--uri", URI, "--db", DB, "--ensure-index", "--batch-size", "10", "--in-flight", "2",
                             "--retry-for", "60", "--stats", os.path.join(work, "restart.json")],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def feed():
        for i, line in enumerate(stream):
            proc.stdin.write((line + "\n").encode())
            if i % 20 == 0:
                # ~10 s of input, so batches keep arriving during the whole outage below and
                # some must fail past the driver's own single retry into ours.
                proc.stdin.flush()
                time.sleep(0.1)
        proc.stdin.close()

    feeder = threading.Thread(target=feed)
    feeder.start()
    time.sleep(2.0)
    subprocess.run(["bash", os.path.join(REPO, "scripts", "services"), "stop", "mongo"], check=True, capture_output=True)
    time.sleep(5.0)  # longer than the driver's 3 s server selection, so writes fail and are retried
    subprocess.run(["bash", os.path.join(REPO, "scripts", "services"), "start", "mongo"], check=True, capture_output=True)
    feeder.join()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=300)
    st = json.load(open(os.path.join(work, "restart.json")))
    expect("restart run exits 0", 0, code)
    client = pymongo.MongoClient(URI, serverSelectionTimeoutMS=10000)
    coll = client[DB]["criticidade"]
    expect("all 2000 stored after the restart", 2000, coll.count_documents({"InvoiceNo": {"$gte": 10001, "$lte": 12000}}))
    dup = list(coll.aggregate([{"$group": {"_id": "$InvoiceNo", "n": {"$sum": 1}}}, {"$match": {"n": {"$gt": 1}}}]))
    expect("no InvoiceNo stored twice", [], dup)
    if st.get("retries", 0) < 1:
        fail(f"the restart caused no retry (stats {st}); was the server really down?")
    print(f"ok: {st['retries']} batch retries across the restart")

    # 8. Unreachable: retries, then 69, password masked.
    p = subprocess.run([SINK, "--uri", "mongodb://app:hunter2@127.0.0.1:1/", "--retry-for", "2"], input=b"{}\n",
                       capture_output=True, timeout=60)
    expect("unreachable: exit 69", 69, p.returncode)
    e = p.stderr.decode()
    if "hunter2" in e:
        fail(f"password printed: {e}")
    if "app:****@" not in e:
        fail(f"message does not name the masked URI: {e}")
    print("fb-sink-mongo: ok")
finally:
    try:
        client.drop_database(DB)
    except Exception:  # noqa: BLE001
        pass
