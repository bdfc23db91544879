#!/usr/bin/env python3
"""scripts/bench/pipeline_spark.py: the peer of scripts/bench/pipeline, the whole job
`fb-ingest | fb-enrich | fb-classify | fb-analyze` written the way a Spark team would, in PySpark:

  ingest    spark.read.json with an explicit schema; the checks fb-ingest makes on fb-gen's
            records (positive ids, a Description of 1..4096 characters after trimming, a channel, a
            date): InvoiceDate 'dd-mm-yyyy HH:MM:SS' (fb-gen's format; RFC 3339 too) read in UTC
  enrich    customers (clientes) joined with branches (agencias), then the records left-joined
            with that lookup, broadcast (the same fields as fb-enrich: the customer's cidade,
            estado, segmento, agencia_id; the branch's nome_da_agencia, latitude, longitude)
  classify  a Python UDF calling scripts/bench/classify_python.py: fb-classify's lexicon backend
            (tools/fb-classify/data) in plain Python, the same rules; shipped with addPyFile
  analyze   one aggregation with GROUPING SETS (a single pass over the data) giving fb-analyze's
            counts: per sentiment, category (with mean and sample std of the rating), rating,
            channel, country, state, city, day, weekday and month (crossed with the sentiment),
            negative records per category, and the rating/latitude/longitude correlations

Writes a JSON document shaped like the matching parts of `fb-analyze --format json`
(docs/analyze-report.md) so scripts/bench/pipeline_compare.py can compare the two, plus
"spark": {version, timings, rating histogram}.

Usage: pipeline_spark.py --customers clientes.csv --branches agencias.csv [--master local[2]]
                         [--lexicon DIR] [--partition-mib N] [--driver-memory 1g] INPUT OUTPUT.json
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

T0 = time.monotonic()
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import classify_python  # noqa: E402  (the same lexicon rules, standard library only)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", required=True)
    ap.add_argument("--branches", required=True)
    ap.add_argument("--lexicon", default=str(REPO / "tools" / "fb-classify" / "data"))
    ap.add_argument("--master", default="local[*]")
    ap.add_argument("--partition-mib", type=int, default=32,
                    help="input split size (spark.sql.files.maxPartitionBytes), MiB (default 32)")
    ap.add_argument("--shuffle-partitions", type=int, default=8)
    ap.add_argument("--driver-memory", default="1g")
    ap.add_argument("input")
    ap.add_argument("output")
    return ap.parse_args()


def session(args):
    from pyspark.sql import SparkSession
    return (SparkSession.builder.appName("fbkit-bench-pipeline").master(args.master)
            .config("spark.driver.memory", args.driver_memory)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
            .config("spark.sql.files.maxPartitionBytes", str(args.partition_mib << 20))
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate())


def build(spark, args):
    """The job as one DataFrame of aggregate rows (lazy)."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    raw_schema = T.StructType([
        T.StructField("InvoiceNo", T.LongType()), T.StructField("CustomerID", T.LongType()),
        T.StructField("MeioEnvio", T.StringType()), T.StructField("Description", T.StringType()),
        T.StructField("InvoiceDate", T.StringType()), T.StructField("City", T.StringType()),
        T.StructField("Country", T.StringType())])
    raw = spark.read.schema(raw_schema).json(args.input)

    # ingest: fb-ingest's checks that fb-gen's records can meet; the others would be rejected.
    text = F.trim(F.col("Description"))
    date = F.coalesce(F.try_to_timestamp(F.col("InvoiceDate"), F.lit("dd-MM-yyyy HH:mm:ss")),
                      F.try_to_timestamp(F.col("InvoiceDate"), F.lit("yyyy-MM-dd HH:mm:ss")),
                      F.try_to_timestamp(F.col("InvoiceDate")))
    records = (raw.withColumn("Description", text).withColumn("ts", date)
               .where((F.col("InvoiceNo") > 0) & (F.col("CustomerID") > 0) & F.col("MeioEnvio").isNotNull()
                      & (F.length("Description") >= 1) & (F.length("Description") <= 4096)
                      & F.col("ts").isNotNull()))

    # enrich: the broadcast join.
    customers = spark.read.csv(args.customers, header=True, schema=T.StructType([
        T.StructField("CustomerID", T.LongType()), T.StructField("nome", T.StringType()),
        T.StructField("segmento", T.StringType()), T.StructField("cidade", T.StringType()),
        T.StructField("estado", T.StringType()), T.StructField("agencia_id", T.LongType())]))
    branches = spark.read.csv(args.branches, header=True, schema=T.StructType([
        T.StructField("agencia_id", T.LongType()), T.StructField("nome_da_agencia", T.StringType()),
        T.StructField("b_cidade", T.StringType()), T.StructField("b_estado", T.StringType()),
        T.StructField("latitude", T.DoubleType()), T.StructField("longitude", T.DoubleType())]))
    lookup = (customers.join(F.broadcast(branches.select("agencia_id", "nome_da_agencia", "latitude", "longitude")),
                             "agencia_id", "left")
              .select("CustomerID", "agencia_id", "nome_da_agencia", "cidade", "estado", "latitude",
                      "longitude", "segmento"))
    enriched = records.join(F.broadcast(lookup), "CustomerID", "left")

    # classify: the lexicon rules as a Python UDF; the model is loaded once per Python worker.
    lexicon = args.lexicon

    def classify(description, _cache={}):
        model = _cache.get("model")
        if model is None:
            model = _cache["model"] = classify_python.load(lexicon)
        if description is None or not description.strip():
            return None
        rating, category, sentiment, _confidence = classify_python.classify(description, *model)
        return rating, category, sentiment

    out_type = T.StructType([T.StructField("SentimentRating", T.IntegerType()),
                             T.StructField("Agrupador", T.StringType()),
                             T.StructField("Sentimento", T.StringType())])
    classify_udf = F.udf(classify, out_type)
    classified = (enriched.withColumn("c", classify_udf("Description"))
                  .select("c.SentimentRating", "c.Agrupador", "c.Sentimento", "MeioEnvio", "Country",
                          "estado", F.coalesce("cidade", "City").alias("city"), "latitude", "longitude",
                          F.date_format("ts", "yyyy-MM-dd").alias("day"),
                          F.date_format("ts", "yyyy-MM").alias("month"),
                          F.date_format("ts", "EEEE").alias("weekday")))
    classified.createOrReplaceTempView("classified")

    # analyze: every count in one pass (GROUPING SETS); g tells which set a row belongs to.
    return spark.sql("""
        SELECT grouping_id() AS g,
               Sentimento, Agrupador, SentimentRating, MeioEnvio, Country, estado, city, day, weekday, month,
               count(*) AS n, count(SentimentRating) AS rated, avg(SentimentRating) AS mean,
               stddev_samp(SentimentRating) AS std,
               count(CASE WHEN latitude IS NOT NULL AND longitude IS NOT NULL THEN SentimentRating END) AS pairs,
               corr(CASE WHEN longitude IS NOT NULL THEN SentimentRating END, latitude) AS corr_lat,
               corr(CASE WHEN latitude IS NOT NULL THEN SentimentRating END, longitude) AS corr_lon
        FROM classified
        GROUP BY GROUPING SETS ((), (Sentimento), (Agrupador), (SentimentRating), (MeioEnvio), (Country),
                                (estado), (city), (day), (weekday, Sentimento), (month, Sentimento),
                                (Agrupador, Sentimento))
    """)


# The grouping columns in order of first appearance in GROUPING SETS: grouping_id()'s bits, the first
# column the most significant, 1 when the row's set does not group by it.
KEYS = ("Sentimento", "Agrupador", "SentimentRating", "MeioEnvio", "Country", "estado", "city", "day",
        "weekday", "month")


def report(rows):
    """The aggregate rows as the parts of fb-analyze's report they match."""
    sets = {}  # the grouped keys (in KEYS order) -> that grouping set's rows
    for r in rows:
        d = r.asDict()
        grouped = tuple(k for i, k in enumerate(KEYS) if not (d["g"] >> (len(KEYS) - 1 - i)) & 1)
        sets.setdefault(grouped, []).append(d)

    def counts(key):
        return {str(d[key]): d["n"] for d in sets.get((key,), []) if d[key] is not None}

    def by_sentiment(key):
        """{value of key: {Sentimento: n}} and {value of key: n} (every sentiment, null too)."""
        crossed, totals = {}, {}
        for d in sets.get(("Sentimento", key), []):
            if d[key] is None:
                continue
            totals[d[key]] = totals.get(d[key], 0) + d["n"]
            if d["Sentimento"] is not None:
                crossed.setdefault(d[key], {})[d["Sentimento"]] = d["n"]
        return crossed, totals

    def desc(c):
        return sorted(({"key": k, "count": v} for k, v in c.items()), key=lambda x: (-x["count"], x["key"]))

    total = sets[()][0]
    sentiment = counts("Sentimento")
    columns = sorted(sentiment)
    by_cat = sorted((d for d in sets.get(("Agrupador",), []) if d["Agrupador"] is not None and d["rated"]),
                    key=lambda d: d["Agrupador"])
    week, week_totals = by_sentiment("weekday")
    month, month_totals = by_sentiment("month")
    negative, _ = by_sentiment("Agrupador")
    return {
        "records": {"used": total["n"]},
        "analyses": {
            "sentiment_share": [{"Sentimento": k, "count": v, "percent": 100.0 * v / sum(sentiment.values())}
                                for k, v in sorted(sentiment.items(), key=lambda kv: (-kv[1], kv[0]))],
            "mean_rating_by_category": [{"Agrupador": d["Agrupador"], "mean": d["mean"], "count": d["rated"]}
                                        for d in by_cat],
            "rating_spread_by_category": [{"Agrupador": d["Agrupador"], "mean": d["mean"], "std": d["std"],
                                           "count": d["rated"]} for d in by_cat],
            "sentiment_by_weekday": [{"weekday": w, "counts": {c: week[w].get(c, 0) for c in columns}}
                                     for w in WEEKDAYS if w in week],
            "sentiment_by_month": [{"month": m, "counts": {c: month[m].get(c, 0) for c in columns}}
                                   for m in sorted(month)],
            "rating_correlation": {"latitude": total["corr_lat"], "longitude": total["corr_lon"],
                                   "pairs": total["pairs"]},
        },
        "notebook": {
            "counts": {
                "weekday": [{"key": w, "count": week_totals[w]} for w in WEEKDAYS if w in week_totals],
                "month": [{"key": m, "count": month_totals[m]} for m in sorted(month_totals)],
                "channel": desc(counts("MeioEnvio")),
                "country": desc(counts("Country")),
                "state": desc(counts("estado")),
                "city": desc(counts("city")),
                "problems": desc({k: v["Negativo"] for k, v in negative.items() if "Negativo" in v}),
            },
            "trend": {"daily": {"series": [{"period": k, "count": v} for k, v in sorted(counts("day").items())]}},
        },
        "spark": {"rating_counts": dict(sorted(counts("SentimentRating").items()))},
    }


def main():
    args = parse_args()
    timings = {}
    t = time.monotonic()
    spark = session(args)
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    sc.addPyFile(classify_python.__file__)  # the UDF's module, importable on the Python workers
    timings["session_s"] = round(time.monotonic() - t, 3)
    try:
        t = time.monotonic()
        rows = build(spark, args).collect()
        timings["job_s"] = round(time.monotonic() - t, 3)
        doc = report(rows)
        doc["spark"].update(version=spark.version, master=sc.master,
                            arrow_udf=spark.conf.get("spark.sql.execution.pythonUDF.arrow.enabled"),
                            python_workers=os.environ.get("PYSPARK_PYTHON", "python3"))
    finally:
        t = time.monotonic()
        spark.stop()
        timings["stop_s"] = round(time.monotonic() - t, 3)
    timings["total_s"] = round(time.monotonic() - T0, 3)
    doc["spark"]["timings"] = timings
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
