#!/usr/bin/env python3
"""scripts/bench/pipeline_compare.py: do fb-analyze's report and the PySpark job's agree?

Usage: pipeline_compare.py FB_ANALYZE.json SPARK.json

FB_ANALYZE.json is `fb-analyze --format json` of the fbkit pipeline; SPARK.json is what
scripts/bench/pipeline_spark.py wrote. Compares every part the Spark job computes: records used;
counts per sentiment, category (with the rating's mean and sample std), weekday and month crossed
with the sentiment, channel, country, state, city, day and negative records per category; the
rating/latitude/longitude correlations. Counts must be equal; floats within 1e-9 (relative, or
absolute near 0). One line per check on stdout; exit 0 when all agree, 1 otherwise. Standard
library only.
"""
import json
import math
import sys

TOL = 1e-9


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=TOL, abs_tol=TOL)


def keyed(rows, key, value="count"):
    return {r[key]: r[value] for r in rows}


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    with open(argv[1], encoding="utf-8") as f:
        fb = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        sp = json.load(f)
    fa, sa = fb["analyses"], sp["analyses"]
    fc, sc = fb["notebook"]["counts"], sp["notebook"]["counts"]
    checks = []

    def check(name, ok, detail=""):
        checks.append(ok)
        print(f"  {'agree ' if ok else 'DIFFER'}  {name}{'' if ok else ': ' + detail}")

    def counts(name, a, b):
        diff = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b), key=str) if a.get(k) != b.get(k)}
        check(f"{name} ({len(a)} keys, {sum(v for v in a.values() if isinstance(v, int)):,} records)",
              not diff and bool(a), "; ".join(f"{k}: fbkit {x} spark {y}" for k, (x, y) in list(diff.items())[:5]))

    used_fb, used_sp = fb["records"]["used"], sp["records"]["used"]
    check(f"records used ({used_fb:,})", used_fb == used_sp, f"fbkit {used_fb} spark {used_sp}")
    counts("sentiment", keyed(fa["sentiment_share"], "Sentimento"), keyed(sp["analyses"]["sentiment_share"], "Sentimento"))
    counts("category (rated records)", keyed(fa["mean_rating_by_category"], "Agrupador"),
           keyed(sa["mean_rating_by_category"], "Agrupador"))
    fm = keyed(fa["rating_spread_by_category"], "Agrupador", "mean")
    sm = keyed(sa["rating_spread_by_category"], "Agrupador", "mean")
    fs = keyed(fa["rating_spread_by_category"], "Agrupador", "std")
    ss = keyed(sa["rating_spread_by_category"], "Agrupador", "std")
    bad = [k for k in fm if k not in sm or not close(fm[k], sm[k]) or not close(fs.get(k), ss.get(k))]
    check("rating mean and std per category", not bad and set(fm) == set(sm),
          "; ".join(f"{k}: fbkit {fm[k]}/{fs.get(k)} spark {sm.get(k)}/{ss.get(k)}" for k in bad[:3]))
    # Ratings themselves: the sum per category is mean x count, an integer on both sides.
    fsum = {r["Agrupador"]: round(r["mean"] * r["count"]) for r in fa["mean_rating_by_category"]}
    ssum = {r["Agrupador"]: round(r["mean"] * r["count"]) for r in sa["mean_rating_by_category"]}
    counts("sum of ratings per category", fsum, ssum)
    for part, key in (("sentiment_by_weekday", "weekday"), ("sentiment_by_month", "month")):
        a = {r[key]: r["counts"] for r in fa[part]}
        b = {r[key]: r["counts"] for r in sa[part]}
        check(f"{part} counts ({len(a)} rows)", a == b and bool(a),
              "; ".join(f"{k}: fbkit {a.get(k)} spark {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k))[:300])
    for name in ("weekday", "month", "channel", "country", "state", "city", "problems"):
        counts(f"counts.{name}", keyed(fc[name], "key"), keyed(sc[name], "key"))
    # fb-analyze's daily series holds days without records too (count 0); Spark's only days seen.
    fd = {r["period"]: r["count"] for r in fb["notebook"]["trend"]["daily"]["series"] if r["count"]}
    sd = {r["period"]: r["count"] for r in sp["notebook"]["trend"]["daily"]["series"]}
    counts("counts per day", fd, sd)
    fr, sr = fa["rating_correlation"], sa["rating_correlation"]
    check(f"rating correlation with latitude, longitude ({fr['pairs']:,} pairs)",
          fr["pairs"] == sr["pairs"] and close(fr["latitude"], sr["latitude"]) and close(fr["longitude"], sr["longitude"]),
          f"fbkit {fr} spark {sr}")
    print(f"  {sum(checks)} of {len(checks)} checks agree")
    return 0 if all(checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
