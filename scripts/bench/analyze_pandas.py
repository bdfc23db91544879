#!/usr/bin/env python3
"""scripts/bench/analyze_pandas.py: the pandas reference of fb-analyze's eight analyses.

Reads NDJSON feedback records (the given files, or stdin; '-' is stdin) and writes one JSON
object on stdout: {"records": {...}, "analyses": {...}}, the same two parts of the report that
`fb-analyze --format json` writes (docs/analyze-report.md: keys, order of list items and ties
as documented there). tests/tools/analyze_pandas.sh compares the two; the numbers are computed
here the way an analyst would with pandas, after the cleaning below.

Usage: analyze_pandas.py [--keep-stopwords] [--stopwords FILE] [FILE...]

Reading (as the fbkit tools read NDJSON):
  - a UTF-8 byte-order mark at the start of a file and blanks (space, tab, CR) around a line
    are removed; blank lines are skipped and not counted;
  - records.read counts the other lines; records.used the lines that are a JSON object. A line
    is read but not used when it is not UTF-8 or not strict JSON (NaN/Infinity, a key twice in
    one object at any depth, a \\u escape of a lone UTF-16 surrogate), or JSON but not an
    object. A number too large for a double (1e400) reads as infinity: not a usable latitude,
    longitude or rating, but the line is used.

Cleaning (each used record; "missing" means the key is absent or null):
  - Sentimento: valid when exactly the string "Positivo" or "Negativo"; any other present value
    (another string such as "Neutro", a number...) counts in records.invalid.Sentimento.
  - SentimentRating: valid only when it is a JSON integer 1..5, written without a fraction or
    exponent: 4 is valid, 4.0, 4e0, "4", true and 9 are not. Every present value that is not
    valid counts in records.invalid.SentimentRating and is left out of (3), (6) and (8).
  - InvoiceDate: a string, or MongoDB extended JSON {"$date": "<string>"} (an object with that
    one key). The string must be RFC 3339 (YYYY-MM-DD, T or t, hh:mm:ss, an optional fraction,
    then Z, z or +hh:mm/-hh:mm; ASCII digits; no blanks around), must then parse with
    pandas.to_datetime(utc=True, format="ISO8601") (so no 24:00, no leap second 23:59:60, no
    31 February, offset hours 00..23) and must land in the years 0001..9999 in UTC. The
    fraction is dropped before parsing: it cannot change the day or the month. Anything else
    that is present counts in records.invalid.InvoiceDate. Weekdays and months are in UTC.
  - Agrupador, Description: strings (the empty string included). latitude, longitude: finite
    JSON numbers (not booleans). CustomerID: a JSON integer. These fields have no invalid
    counter, so a value of another type counts in records.missing, like an absent one.

Analyses (numbering of docs/analyze-report.md):
  (1) sentiment_share: value_counts(normalize=True) * 100 over the valid Sentimento values.
  (2) top_descriptions: 5 most frequent Description strings.
  (3) mean_rating_by_category, (8) rating_spread_by_category: records with an Agrupador string
      and a valid SentimentRating; std with ddof=1, null for a single rating.
  (4) sentiment_by_weekday, (7) sentiment_by_month: records with a valid InvoiceDate and a valid
      Sentimento. The keys of "counts" and "percent" are the crosstab's columns: the Sentimento
      values seen in the whole table (a weekday or month without one of them has 0 / 0.0).
  (5) top_words: every Description string (duplicates count again): str.lower(), then
      re.findall(r"\\w+") (Python's Unicode \\w: letters, digits and underscore of any script, so
      "89" of "R$ 89,90" is a word), minus the stop words unless --keep-stopwords.
  (6) rating_correlation: over the records with a valid SentimentRating AND a latitude AND a
      longitude ("pairs" is their count); Series.corr (Pearson). null when pairs < 2 or when
      either side has no variance (all its values equal: checked explicitly, since pandas would
      return rounding noise rather than NaN for a constant column whose mean is inexact).

Stop words: tools/fb-analyze/data/stopwords-pt.txt in this repository, the file that fb-analyze
embeds (one word per line, '#' comment lines; see its header). It is read at run time rather
than copied here, so the two implementations cannot drift apart; --stopwords FILE reads another.
"não" and the other negations are not stop words: they carry the complaint.

Floats are written by json.dumps (repr: the shortest text that reads back to the same double),
integers as integers, a value that cannot be computed as null.

Needs pandas (scripts/bench/lib.sh bench_venv_ready makes the benchmark venv that has it).
"""

import argparse
import json
import math
import re
import sys
import warnings
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[2]
STOPWORDS_FILE = REPO / "tools" / "fb-analyze" / "data" / "stopwords-pt.txt"

SENTIMENTS = ("Positivo", "Negativo")
FIELDS = ("Sentimento", "SentimentRating", "Agrupador", "InvoiceDate", "Description", "latitude",
          "longitude", "CustomerID")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TOP_DESCRIPTIONS = 5
TOP_WORDS = 20

RFC3339 = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
                     r"([Zz]|[+-][0-9]{2}:[0-9]{2})")
BLANKS = b" \t\r\n"
BOM = b"\xef\xbb\xbf"


# --- reading -------------------------------------------------------------------------------------

def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs):
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("duplicate key")
    return obj


DECODER = json.JSONDecoder(parse_constant=_no_constants, object_pairs_hook=_unique_keys)
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_line(line):
    """The JSON value of a line as the fbkit tools accept it, or raises ValueError."""
    value = DECODER.decode(line.decode("utf-8"))
    if SURROGATE_ESCAPE.search(line):
        # A \uD800..\uDFFF escape outside a pair: Python keeps a lone surrogate, fbkit rejects it.
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    return value


def read_records(paths):
    """Returns (lines read, list of the JSON objects)."""
    read = 0
    records = []
    for path in paths or ["-"]:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")
        try:
            for number, raw in enumerate(stream):
                if number == 0 and raw.startswith(BOM):
                    raw = raw[len(BOM):]
                line = raw.strip(BLANKS)
                if not line:
                    continue
                read += 1
                try:
                    obj = parse_line(line)
                except ValueError:  # UnicodeError is a ValueError
                    continue
                if isinstance(obj, dict):
                    records.append(obj)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
    return read, records


def read_stopwords(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word = line.strip()
            if word and not word.startswith("#"):
                words.add(word.lower())
    return words


# --- cleaning ------------------------------------------------------------------------------------

def is_rating(v):
    return type(v) is int and 1 <= v <= 5  # type(), not isinstance(): True is an int in Python


def is_number(v):
    return type(v) in (int, float) and math.isfinite(v)


def date_text(v):
    """The string of an InvoiceDate value (plain or {"$date": ...}), or None."""
    if isinstance(v, dict) and len(v) == 1 and isinstance(v.get("$date"), str):
        v = v["$date"]
    if isinstance(v, str) and RFC3339.fullmatch(v):
        # Upper-case T and Z (pandas' ISO 8601 parser wants them) and drop the fraction.
        return re.sub(r"\.[0-9]+", "", v.upper(), count=1)
    return None


def clean(records):
    """A DataFrame of the fields the analyses use, validity masks, and the records counters."""
    raw = {f: pd.Series([r.get(f) for r in records], dtype=object) for f in FIELDS}
    present = {f: raw[f].notna() for f in FIELDS}

    sent_ok = raw["Sentimento"].isin(SENTIMENTS)
    rating_ok = raw["SentimentRating"].map(is_rating).astype(bool)
    agr_ok = raw["Agrupador"].map(lambda v: isinstance(v, str)).astype(bool)
    desc_ok = raw["Description"].map(lambda v: isinstance(v, str)).astype(bool)
    lat_ok = raw["latitude"].map(is_number).astype(bool)
    lon_ok = raw["longitude"].map(is_number).astype(bool)
    cust_ok = raw["CustomerID"].map(lambda v: type(v) is int).astype(bool)

    text = raw["InvoiceDate"].map(date_text)
    dates = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    date_ok = dates.notna() & dates.dt.year.between(1, 9999)

    df = pd.DataFrame({
        "Sentimento": raw["Sentimento"].where(sent_ok).astype("string"),
        "SentimentRating": raw["SentimentRating"].where(rating_ok).astype("Int64"),
        "Agrupador": raw["Agrupador"].where(agr_ok).astype("string"),
        "Description": raw["Description"].where(desc_ok).astype("string"),
        "InvoiceDate": dates.where(date_ok),
        "latitude": raw["latitude"].where(lat_ok).astype("float64"),
        "longitude": raw["longitude"].where(lon_ok).astype("float64"),
    })
    ok = {"Sentimento": sent_ok, "SentimentRating": rating_ok, "Agrupador": agr_ok,
          "Description": desc_ok, "InvoiceDate": date_ok, "latitude": lat_ok, "longitude": lon_ok,
          "CustomerID": cust_ok}
    with_invalid = ("SentimentRating", "InvoiceDate", "Sentimento")
    missing = {}
    for f in FIELDS:
        # A field with an invalid counter: missing = absent or null. Without one: not usable.
        gone = ~present[f] if f in with_invalid else ~ok[f]
        missing[f] = int(gone.sum())
    invalid = {f: int((present[f] & ~ok[f]).sum()) for f in with_invalid}
    return df, ok, missing, invalid


# --- the analyses --------------------------------------------------------------------------------

def num(v):
    """A pandas/numpy scalar as a JSON-ready Python int, float or None."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def ranked(counts, name, top=None):
    """value_counts() as [{name: key, "count": n}], count descending, ties by key (code points)."""
    t = counts.rename_axis(name).reset_index(name="count")
    t = t.sort_values(["count", name], ascending=[False, True], kind="stable")
    if top is not None:
        t = t.head(top)
    return [{name: str(k), "count": int(c)} for k, c in zip(t[name], t["count"])]


def sentiment_share(df):
    s = df["Sentimento"].dropna()
    counts = s.value_counts()
    percent = s.value_counts(normalize=True) * 100
    t = pd.DataFrame({"count": counts, "percent": percent}).rename_axis("Sentimento").reset_index()
    t = t.sort_values(["count", "Sentimento"], ascending=[False, True], kind="stable")
    return [{"Sentimento": str(k), "count": int(c), "percent": float(p)}
            for k, c, p in zip(t["Sentimento"], t["count"], t["percent"])]


def top_descriptions(df):
    return ranked(df["Description"].dropna().value_counts(), "Description", TOP_DESCRIPTIONS)


def rating_stats(df):
    """groupby(Agrupador).SentimentRating.agg(["mean", "std", "count"]), by Agrupador."""
    sub = df.dropna(subset=["Agrupador", "SentimentRating"])
    ratings = sub["SentimentRating"].astype("int64")
    stats = ratings.groupby(sub["Agrupador"]).agg(["mean", "std", "count"])
    return stats.rename_axis("Agrupador").reset_index().sort_values("Agrupador", kind="stable")


def mean_rating_by_category(stats):
    return [{"Agrupador": str(a), "mean": num(m), "count": int(c)}
            for a, m, c in zip(stats["Agrupador"], stats["mean"], stats["count"])]


def rating_spread_by_category(stats):
    t = stats.sort_values(["std", "Agrupador"], ascending=[True, True], na_position="last",
                          kind="stable")
    return [{"Agrupador": str(a), "mean": num(m), "std": num(s), "count": int(c)}
            for a, m, s, c in zip(t["Agrupador"], t["mean"], t["std"], t["count"])]


def sentiment_by(df, key, name, order):
    """crosstab(key of InvoiceDate, Sentimento) and its normalize="index" * 100, rows in order()."""
    sub = df.dropna(subset=["InvoiceDate", "Sentimento"])
    if sub.empty:
        return []
    period = key(sub["InvoiceDate"]).rename(name)
    sentiment = sub["Sentimento"].astype(str)
    counts = pd.crosstab(period, sentiment)
    percent = pd.crosstab(period, sentiment, normalize="index") * 100
    rows = order(list(counts.index))
    columns = sorted(str(c) for c in counts.columns)
    return [{name: str(r),
             "counts": {c: int(counts.at[r, c]) for c in columns},
             "percent": {c: float(percent.at[r, c]) for c in columns}}
            for r in rows]


def sentiment_by_weekday(df):
    return sentiment_by(df, lambda d: d.dt.day_name(), "weekday",
                        lambda rows: [w for w in WEEKDAYS if w in rows])


def sentiment_by_month(df):
    return sentiment_by(df, lambda d: d.dt.tz_localize(None).dt.to_period("M").astype(str),
                        "month", sorted)


def top_words(df, stopwords):
    words = df["Description"].dropna().str.lower().str.findall(r"\w+").explode().dropna()
    if stopwords:
        words = words[~words.isin(stopwords)]
    return ranked(words.value_counts(), "word", TOP_WORDS)


def rating_correlation(df):
    sub = df.dropna(subset=["SentimentRating", "latitude", "longitude"])
    pairs = len(sub)
    rating = sub["SentimentRating"].astype("float64")

    def corr(other):
        if pairs < 2 or rating.nunique() < 2 or other.nunique() < 2:
            return None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return num(rating.corr(other))

    return {"latitude": corr(sub["latitude"]), "longitude": corr(sub["longitude"]), "pairs": pairs}


# --- main ----------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="pandas reference of fb-analyze's records and "
                                 "analyses (docs/analyze-report.md)")
    ap.add_argument("files", nargs="*", metavar="FILE", help="NDJSON input; none or '-' is stdin")
    ap.add_argument("--keep-stopwords", action="store_true",
                    help="count the Portuguese stop words in top_words too")
    ap.add_argument("--stopwords", metavar="FILE", default=str(STOPWORDS_FILE),
                    help="stop-word list (default: %(default)s)")
    args = ap.parse_args(argv)

    stopwords = set()
    if not args.keep_stopwords:
        try:
            stopwords = read_stopwords(args.stopwords)
        except OSError as e:
            sys.exit(f"analyze_pandas.py: cannot read the stop words: {e}")

    read, records = read_records(args.files)
    df, _ok, missing, invalid = clean(records)
    stats = rating_stats(df)
    doc = {
        "records": {"read": read, "used": len(records), "missing": missing, "invalid": invalid},
        "analyses": {
            "sentiment_share": sentiment_share(df),
            "top_descriptions": top_descriptions(df),
            "mean_rating_by_category": mean_rating_by_category(stats),
            "sentiment_by_weekday": sentiment_by_weekday(df),
            "top_words": top_words(df, stopwords),
            "rating_correlation": rating_correlation(df),
            "sentiment_by_month": sentiment_by_month(df),
            "rating_spread_by_category": rating_spread_by_category(stats),
        },
    }
    out = json.dumps(doc, ensure_ascii=False, allow_nan=False) + "\n"
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
