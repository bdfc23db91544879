#!/usr/bin/env python3
"""Integration test: a real MongoDB-wire round trip with pymongo (insert, find, upsert, count).

Needs MONGODB_URI (from `scripts/services env`); exits 77 (skip) when the server is unavailable.
"""
import os
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
SERVICES = os.path.join(HERE, "..", "..", "scripts", "services")
SKIP = 77


def skip(reason):
    print(f"SKIP: mongo unavailable: {reason}")
    sys.exit(SKIP)


def services(*args):
    try:
        return subprocess.run(["bash", SERVICES, *args], capture_output=True, text=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as e:
        return f"could not run scripts/services: {e}"


def mongodb_uri():
    uri = os.environ.get("MONGODB_URI")
    if uri:
        return uri
    for line in services("env", "mongo").splitlines():
        if line.startswith("export MONGODB_URI="):
            return line.split("=", 1)[1].strip().strip("'\"")
    status = services("status", "mongo").strip().removeprefix("mongo: ")
    skip(f"MONGODB_URI is not set (scripts/services status: {status or 'unknown'})")


def main():
    uri = mongodb_uri()
    try:
        import pymongo
    except ImportError:
        skip("pymongo not installed (pip install -r tests/requirements.txt)")

    client = pymongo.MongoClient(uri, serverSelectionTimeoutMS=10000)
    db = client["fbkit_it"]
    coll = db[f"c_{uuid.uuid4().hex[:12]}"]
    try:
        assert client.admin.command("ping")["ok"] == 1.0

        coll.insert_many([{"_id": i, "name": f"doc{i}", "n": i, "tags": ["a", "b"][: i % 3]}
                          for i in range(1, 11)])
        assert coll.count_documents({}) == 10, coll.count_documents({})

        found = list(coll.find({"n": {"$gte": 8}}, sort=[("n", pymongo.ASCENDING)]))
        assert [d["_id"] for d in found] == [8, 9, 10], found
        assert coll.find_one({"name": "doc3"})["n"] == 3

        # upsert: one update of an existing document, one insert
        r = coll.update_one({"_id": 3}, {"$set": {"n": 30}}, upsert=True)
        assert r.matched_count == 1 and r.upserted_id is None, r.raw_result
        r = coll.update_one({"_id": 11}, {"$set": {"name": "doc11", "n": 11}}, upsert=True)
        assert r.upserted_id == 11, r.raw_result
        r = coll.replace_one({"_id": 12}, {"name": "doc12", "n": 12}, upsert=True)
        assert r.upserted_id == 12, r.raw_result

        assert coll.count_documents({}) == 12, coll.count_documents({})
        assert coll.count_documents({"n": {"$gt": 10}}) == 3
        assert coll.find_one({"_id": 3})["n"] == 30

        coll.delete_many({"n": {"$lt": 5}})
        assert coll.count_documents({}) == 9, coll.count_documents({})
    finally:
        coll.drop()
        client.close()
    print(f"mongo: round trip ok ({uri})")


if __name__ == "__main__":
    main()
