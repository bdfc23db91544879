#!/usr/bin/env python3
"""Structural check of the Kibana saved-object NDJSON files in this directory.

    python3 examples/kibana/check.py            # exit 0 when everything is consistent

Checks, without a Kibana: every line is one JSON object with id/type/attributes/references;
ids are unique; every reference names an object of the same id and type in the file (or in
index-pattern.ndjson); visualizations point at the index pattern through
kibanaSavedObjectMeta.searchSourceJSON.indexRefName; every dashboard panelRefName has a
reference and every reference a panel; panels do not overlap on the 48-column grid; every
field used by an aggregation is mapped in ../elasticsearch/feedback-template.json with a
type that aggregation accepts.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "elasticsearch", "feedback-template.json")
NUMERIC = {"long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float"}
AGG_TYPES = {  # aggregation -> mapping types it accepts
    "terms": NUMERIC | {"keyword", "date", "boolean", "ip"},
    "avg": NUMERIC, "sum": NUMERIC, "min": NUMERIC | {"date"}, "max": NUMERIC | {"date"},
    "cardinality": NUMERIC | {"keyword", "date", "ip"},
    "date_histogram": {"date"}, "histogram": NUMERIC,
    "geohash_grid": {"geo_point"}, "geotile_grid": {"geo_point"},
}
errors = []


def err(msg):
    errors.append(msg)


def load(name):
    objs = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                err(f"{name}:{n}: empty line")
                continue
            try:
                o = json.loads(line)
            except ValueError as e:
                err(f"{name}:{n}: not JSON: {e}")
                continue
            if not isinstance(o, dict) or not all(k in o for k in ("id", "type", "attributes", "references")):
                err(f"{name}:{n}: not a saved object (needs id, type, attributes, references)")
                continue
            objs.append(o)
    return objs


def mapping_types():
    with open(TEMPLATE, encoding="utf-8") as f:
        props = json.load(f)["template"]["mappings"]["properties"]
    out = {}
    for name, spec in props.items():
        out[name] = spec.get("type", "object")
        for sub, sspec in spec.get("fields", {}).items():
            out[f"{name}.{sub}"] = sspec["type"]
    return out


def main():
    fields = mapping_types()
    ip_objs = load("index-pattern.ndjson")
    objs = load("dashboard.ndjson")
    by_key = {}
    for o in objs:
        key = (o["type"], o["id"])
        if key in by_key:
            err(f"duplicate object {key}")
        by_key[key] = o
    known = dict(by_key)
    for o in ip_objs:
        known.setdefault((o["type"], o["id"]), o)
        twin = by_key.get((o["type"], o["id"]))
        if twin is not None and twin != o:
            err(f"index-pattern.ndjson and dashboard.ndjson disagree on {o['id']}")

    for o in ip_objs + objs:
        t, i, a = o["type"], o["id"], o["attributes"]
        names = [r["name"] for r in o["references"]]
        if len(names) != len(set(names)):
            err(f"{t}/{i}: duplicate reference names")
        for r in o["references"]:
            if (r["type"], r["id"]) not in known:
                err(f"{t}/{i}: reference {r['name']} -> {r['type']}/{r['id']} not found")
        if t == "index-pattern":
            if not a.get("title") or not a.get("timeFieldName"):
                err(f"{t}/{i}: title and timeFieldName required")
            elif fields.get(a["timeFieldName"]) != "date":
                err(f"{t}/{i}: timeFieldName {a['timeFieldName']} is not a date in the template")
            for k in ("fields", "fieldFormatMap"):
                if k in a:
                    json.loads(a[k])
        elif t == "visualization":
            ss = json.loads(a["kibanaSavedObjectMeta"]["searchSourceJSON"])
            ref = ss.get("indexRefName")
            if "index" in ss:
                err(f"{t}/{i}: searchSourceJSON.index must be a reference (indexRefName)")
            if ref not in names:
                err(f"{t}/{i}: indexRefName {ref!r} has no reference")
            json.loads(a.get("uiStateJSON", "{}"))
            vs = json.loads(a["visState"])
            if vs.get("title") != a.get("title"):
                err(f"{t}/{i}: visState.title differs from title")
            ids = [g["id"] for g in vs.get("aggs", [])]
            if len(ids) != len(set(ids)):
                err(f"{t}/{i}: duplicate agg ids")
            for g in vs.get("aggs", []):
                p = g.get("params", {})
                fld = p.get("field")
                if g["type"] == "count":
                    continue
                if fld is None:
                    err(f"{t}/{i}: agg {g['id']} ({g['type']}) has no field")
                    continue
                ft = fields.get(fld)
                if ft is None:
                    err(f"{t}/{i}: agg {g['id']} field {fld} not in the template")
                elif g["type"] in AGG_TYPES and ft not in AGG_TYPES[g["type"]]:
                    err(f"{t}/{i}: agg {g['id']} {g['type']} on {fld} ({ft})")
                ob = p.get("orderBy")
                if g["type"] == "terms" and ob not in (None, "_key", "_count") and ob not in ids:
                    err(f"{t}/{i}: terms {g['id']} orderBy {ob} is not an agg id")
        elif t == "dashboard":
            panels = json.loads(a["panelsJSON"])
            json.loads(a.get("optionsJSON", "{}"))
            json.loads(a["kibanaSavedObjectMeta"]["searchSourceJSON"])
            prn = [p.get("panelRefName") for p in panels]
            pidx = [p.get("panelIndex") for p in panels]
            if len(set(pidx)) != len(pidx):
                err(f"{t}/{i}: duplicate panelIndex")
            for n in prn:
                if n not in names:
                    err(f"{t}/{i}: panelRefName {n} has no reference")
            for n in names:
                if n not in prn:
                    err(f"{t}/{i}: reference {n} is not used by a panel")
            cells = {}
            for p in panels:
                g = p["gridData"]
                if g["i"] != p["panelIndex"]:
                    err(f"{t}/{i}: panel {p['panelIndex']} gridData.i differs")
                if g["x"] < 0 or g["x"] + g["w"] > 48:
                    err(f"{t}/{i}: panel {p['panelIndex']} outside the 48-column grid")
                for x in range(g["x"], g["x"] + g["w"]):
                    for y in range(g["y"], g["y"] + g["h"]):
                        if (x, y) in cells:
                            err(f"{t}/{i}: panels {cells[(x, y)]} and {p['panelIndex']} overlap")
                            break
                        cells[(x, y)] = p["panelIndex"]
        else:
            err(f"{t}/{i}: unexpected type")

    counts = {}
    for o in objs:
        counts[o["type"]] = counts.get(o["type"], 0) + 1
    if errors:
        print("\n".join("FAIL: " + e for e in errors))
        return 1
    print("ok: dashboard.ndjson " + ", ".join(f"{v} {k}" for k, v in counts.items())
          + f"; index-pattern.ndjson {len(ip_objs)} index-pattern; all references resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
