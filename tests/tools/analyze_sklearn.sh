#!/usr/bin/env bash
# fb-analyze's machine learning (notebook.segments and notebook.frequency_model of
# `fb-analyze --format json`, docs/analyze-report.md) against scikit-learn on the same
# per-customer features, rebuilt here from the NDJSON the way tools/fb-analyze/tally.cpp and
# notebook.cpp define them. A customer (an integer CustomerID) enters the feature table when it has
# a valid InvoiceDate, a valid SentimentRating and a valid Sentimento on at least one record each:
#   complaints       its records, all of them (also those missing a date, rating or sentiment)
#   days_since_last  (latest valid InvoiceDate over ALL records - its latest) / 86400
#   mean_rating      mean of its valid ratings (a bare integer 1..5)
#   share_negative   its "Negativo" / its "Positivo" + "Negativo"
# Input: 20,000 records of fb-gen --seed 11 with a 3,000-customer sample bank | fb-ingest |
# fb-enrich (that bank's tables, fb-gen --write-tables) | fb-classify (or, without fb-classify,
# fb-gen's truth labels). fb-analyze runs with --seed 1.
#
# Compared, with the figures printed side by side (tolerances and their reasons in compare.py):
#   - the feature table: customers.count = distinct CustomerIDs; complaints and days_since_last
#     mean/max equal; the forest's train + test = the customers with every feature;
#   - k-means: for each k fb-analyze tried, its silhouette within 0.1 of sklearn's KMeans
#     (n_init=10, random_state=0) scored by silhouette_score on the whole table; sklearn's best
#     silhouette within 0.1 of fb-analyze's chosen one, and the same k when sklearn's winner is
#     clear (ahead of every other k by more than 0.05); fb-analyze's chosen clustering (rebuilt
#     from its centroids) re-scored by sklearn on fb-analyze's own silhouette sample;
#   - random forest (days_since_last, mean_rating, share_negative -> complaints): sklearn's
#     RandomForestRegressor(n_estimators=100, random_state=0) on an 80/20 train_test_split
#     (random_state=0): RMSE within 25% of fb-analyze's; each RMSE at most 1.1 x its baseline
#     (the train mean); fb-analyze's baseline_rmse recomputed exactly on its own split (its fb::Rng
#     shuffle, reproduced), and on that split a sklearn forest set up as dlib's (a third of the
#     features per split, leaves of >= 5) within 10% of fb-analyze's RMSE.
# numpy, pandas and scikit-learn come from the benchmark venv (scripts/bench/lib.sh
# bench_venv_ready: installed from PyPI once, then reused; FBKIT_BENCH_VENV, PYTHON). Skips (77)
# when fb-analyze is not built or they cannot be had.
# Usage: analyze_sklearn.sh TOOLS_BUILD_DIR
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$repo/tests/tools/common.bash" "$1"
t_start=$(date +%s)

if [ ! -x "$tools/fb-analyze/fb-analyze" ]; then
    echo "SKIP: fb-analyze not built (no $tools/fb-analyze/fb-analyze)"
    exit 77
fi
# shellcheck source=../../scripts/bench/lib.sh
. "$repo/scripts/bench/lib.sh"
hint="set FBKIT_BENCH_VENV to a venv that has pandas and scikit-learn"
if ! bench_venv_ready pandas pandas "$work/pip.log" "$hint" ||
    ! bench_venv_ready sklearn scikit-learn "$work/pip.log" "$hint"; then
    echo "SKIP: no pandas/scikit-learn for the comparison (see above; $hint)"
    exit 77
fi
py=$BENCH_PY
if ! "$py" -c "import numpy, pandas, sklearn; print(f'numpy {numpy.__version__}, pandas {pandas.__version__}, scikit-learn {sklearn.__version__}')"; then
    echo "SKIP: numpy, pandas or sklearn does not import in $BENCH_VENV ($hint)"
    exit 77
fi
t_venv=$(date +%s)

customers=3000
fb-gen --sample-customers "$customers" --write-tables tables -q
check "fb-gen wrote a $customers-customer bank" test "$(($(wc -l <tables/clientes.csv) - 1))" = "$customers"
gen=(fb-gen --seed 11 -n 20000 --sample-customers "$customers" -q --no-progress)
if [ -x "$tools/fb-classify/fb-classify" ]; then
    echo "labels: fb-classify (lexicon)"
    "${gen[@]}" | fb-ingest -q --no-progress |
        fb-enrich -q --no-progress --customers tables/clientes.csv --branches tables/agencias.csv |
        fb-classify -q --no-progress >input.ndjson
else
    echo "labels: fb-gen's truth (no fb-classify in $tools)"
    "${gen[@]}" --with-truth | fb-ingest -q --no-progress |
        fb-enrich -q --no-progress --customers tables/clientes.csv --branches tables/agencias.csv |
        jq -c '. + ._fb.truth' >input.ndjson
fi
check "20,000 records generated" test "$(wc -l <input.ndjson)" = 20000
# Records for the feature table's edges: a known customer's extra records lacking a rating, a
# sentiment or a date (still complaints), a date as {"$date": ...}; customers left out (no valid
# rating: null, 4.0, "4"; no valid date; only "Neutro"); CustomerIDs that are no integer; and a
# record of no customer whose date is the latest of all (days_since_last counts from it).
known=$(head -n 1 input.ndjson | jq .CustomerID)
rec() {  # CustomerID, InvoiceDate, SentimentRating, Sentimento (JSON texts; "-" leaves it out)
    local out='{"Description":"registro de borda"' name value
    for name in CustomerID InvoiceDate SentimentRating Sentimento; do
        value=$1
        shift
        [ "$value" = - ] || out+=",\"$name\":$value"
    done
    printf '%s}\n' "$out"
}
{
    rec "$known" '"2024-06-01T10:00:00Z"' - '"Negativo"'
    rec "$known" '"2024-06-02T10:00:00Z"' 5 -
    rec "$known" - 1 '"Positivo"'
    rec "$known" '{"$date":"2024-06-03T10:00:00Z"}' 3 '"Negativo"'
    rec 99001 '"2024-05-01T08:00:00Z"' null '"Negativo"'
    rec 99001 '"2024-05-02T08:00:00Z"' - '"Positivo"'
    rec 99002 '"2024-05-03T08:00:00Z"' 4.0 '"Negativo"'
    rec 99002 '"2024-05-04T08:00:00Z"' '"4"' '"Negativo"'
    rec 99003 '"31-05-2024 08:00"' 2 '"Positivo"'
    rec 99003 '"2024-02-30T08:00:00Z"' 2 '"Positivo"'
    rec 99004 '"2024-05-05T08:00:00Z"' 3 '"Neutro"'
    rec '"99005"' '"2024-05-06T08:00:00Z"' 3 '"Negativo"'
    rec 99006.5 '"2024-05-07T08:00:00Z"' 3 '"Negativo"'
    rec - '"2025-01-10T12:00:00Z"' 4 '"Negativo"'
} >>input.ndjson
check "edge records appended" test "$(wc -l <input.ndjson)" = 20014

seed=1
t0=$(date +%s)
run "fb-analyze --format json --seed $seed runs" fb.json fb-analyze --format json --seed "$seed" -q --no-progress input.ndjson
t1=$(date +%s)

cat >compare.py <<'PY'
"""compare.py FB_JSON NDJSON SEED VERDICTS: fb-analyze's notebook against scikit-learn.

Prints the figures side by side on stdout and writes one line per check to VERDICTS:
"1" or "0", a tab, the check's description."""
import json
import math
import sys
from datetime import datetime

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import silhouette_score
from sklearn.model_selection import train_test_split

# Silhouettes: fb-analyze runs dlib's k-means once from pick_initial_centers (deterministic, one
# start: it can settle in a local optimum) and scores the first 2000 customers of its shuffled
# sample; sklearn keeps the best of 10 k-means++ starts and scores every customer. On the same data
# the two land on the same or neighbouring partitions, whose silhouettes differ by a few hundredths
# (one start vs ten: up to ~0.05 on this data); 0.1 allows that and still catches a broken
# distance, label or standardisation (those move the score by much more, or change its sign).
SILHOUETTE_TOL = 0.10
# fb-analyze must pick sklearn's k only when sklearn's winner is clear: ahead of every other k by
# more than this. Otherwise neighbouring ks are a tie within the noise above and either is right.
CLEAR_WIN = 0.05
# fb-analyze's chosen clustering (labels rebuilt from its centroids) scored by sklearn on its own
# silhouette sample: the same points and the same labels, so only rounding (and any customer whose
# label the rounded centroids flip) separates the two.
SAME_SAMPLE_TOL = 1e-3
# RMSE: a different 80/20 split (which customers with many complaints land in the 595-customer
# test set moves the RMSE by 20% and more from split to split on this data) and a different forest
# (dlib: 1/3 of the features per split, leaves of >= 5 samples; sklearn's defaults: all features,
# leaves of 1, which overfit these noisy counts: ~15% worse than dlib's on the same split).
RMSE_REL_TOL = 0.25
# The same split as fb-analyze (its fb::Rng shuffle reproduced below) and a sklearn forest set up as
# dlib's: only the forests' randomness and details (bootstrap, split search) differ, ~1-3% here.
SAME_SPLIT_REL_TOL = 0.10
DLIB_LIKE = {"max_features": 1 / 3, "min_samples_leaf": 5}
# A forest should not be worse than predicting the train mean; 10% slack for a weak signal.
BASELINE_FACTOR = 1.10
EXACT = 1e-9  # figures computed the same way by both sides (summation order aside)

FEATURES = ["complaints", "days_since_last", "mean_rating", "share_negative"]
fb_path, ndjson_path, seed, verdicts_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
verdicts = []


def verdict(ok, what):
    verdicts.append(f"{1 if ok else 0}\t{what}")


def close(a, b, tol=EXACT):
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


# --- the feature table, as tally.cpp reads records ------------------------------------------------
def instant(v):
    """Seconds of an RFC 3339 InvoiceDate (a string, or {"$date": string} alone), else None."""
    if isinstance(v, dict):
        v = v.get("$date") if list(v) == ["$date"] else None
    if not isinstance(v, str) or len(v) < 20 or v[4] != "-" or v[7] != "-" or v[10] not in "Tt":
        return None
    if v[-1] in "Zz":
        v = v[:-1] + "+00:00"
    elif not (len(v) >= 25 and v[-6] in "+-" and v[-3] == ":"):
        return None
    try:
        return math.floor(datetime.fromisoformat(v[:10] + "T" + v[11:]).timestamp())
    except ValueError:
        return None


rows, latest = [], None
with open(ndjson_path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        when = instant(r.get("InvoiceDate"))
        if when is not None:
            latest = when if latest is None else max(latest, when)
        cid = r.get("CustomerID")
        if type(cid) is not int or not -2**63 <= cid < 2**63:
            continue
        rating = r.get("SentimentRating")
        rating = rating if type(rating) is int and 1 <= rating <= 5 else None
        sentiment = r.get("Sentimento")
        sentiment = sentiment if sentiment in ("Positivo", "Negativo") else None
        rows.append((cid, when, rating, sentiment))
records = pd.DataFrame(rows, columns=["customer", "when", "rating", "sentiment"])
records["negative"] = records["sentiment"] == "Negativo"
by = records.groupby("customer")
table = pd.DataFrame({
    "complaints": by.size().astype(float),
    "last": by["when"].max(),
    "mean_rating": by["rating"].mean(),
    "sentiments": by["sentiment"].count(),
    "negatives": by["negative"].sum(),
}).sort_index()  # fb-analyze orders customers by id before sampling
distinct = len(table)
table = table[table["last"].notna() & table["mean_rating"].notna() & (table["sentiments"] > 0)].copy()
table["days_since_last"] = (latest - table["last"]) / 86400.0
table["share_negative"] = table["negatives"] / table["sentiments"]
X = table[FEATURES].to_numpy(dtype=float)
n = len(X)

with open(fb_path, encoding="utf-8") as f:
    report = json.load(f)
fb = report["notebook"]
fbc, seg, model = fb["customers"], fb["segments"], fb["frequency_model"]

print(f"\nfeature table: {distinct} customers, {n} with every feature")
print(f"  {'':24} {'fb-analyze':>14} {'here':>14}")
pairs = [("customers.count", fbc["count"], distinct),
         ("complaints.mean", fbc["complaints"]["mean"], X[:, 0].mean()),
         ("complaints.max", fbc["complaints"]["max"], X[:, 0].max()),
         ("days_since_last.mean", fbc["days_since_last"]["mean"], X[:, 1].mean()),
         ("days_since_last.max", fbc["days_since_last"]["max"], X[:, 1].max()),
         ("forest train + test", model["train"] + model["test"], n)]
for name, a, b in pairs:
    print(f"  {name:24} {a:14.6f} {b:14.6f}")
verdict(fbc["count"] == distinct, f"customers.count {fbc['count']} = distinct CustomerIDs {distinct}")
for name, a, b in pairs[1:5]:
    verdict(close(a, b), f"customers.{name}: fb-analyze {a:.6f} = {b:.6f} from the records")
verdict(model["train"] + model["test"] == n,
        f"frequency_model train + test {model['train'] + model['test']} = customers with every feature {n}")
left_out = [note for note in report.get("notes", []) if note.startswith("customers: ")]
print(f"  left out: {distinct - n} here; fb-analyze's note: {left_out}")
verdict(any(note.startswith(f"customers: {distinct - n} left out") for note in left_out) == (distinct > n),
        f"fb-analyze notes {distinct - n} customers left out of the table")

# Standardised as fb-analyze does (population sd).
mean, sd = X.mean(axis=0), X.std(axis=0)
Z = (X - mean) / np.where(sd > 0, sd, 1.0)
Z[:, sd == 0] = 0.0


# fb::Rng (xoshiro256** seeded through splitmix64) and notebook.cpp's Fisher-Yates shuffle.
M64 = (1 << 64) - 1


def rng(s):
    state = []
    for _ in range(4):
        s = (s + 0x9E3779B97F4A7C15) & M64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        state.append(z ^ (z >> 31))

    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & M64

    def next_():
        s0, s1, s2, s3 = state
        result = (rotl((s1 * 5) & M64, 7) * 9) & M64
        t = (s1 << 17) & M64
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        state[:] = [s0, s1, s2, s3]
        return result
    return next_


def shuffled(count, s, max_customers=20000):
    order, draw = list(range(count)), rng(s)
    for i in range(count, 1, -1):
        j = draw() % i
        order[i - 1], order[j] = order[j], order[i - 1]
    return order[:max_customers]


# --- k-means, chosen by silhouette ----------------------------------------------------------------
tried = {e["k"]: e["silhouette"] for e in seg["tried"]}
ours = {}
for k in tried:
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(Z)
    ours[k] = silhouette_score(Z, labels)
print(f"\nk-means silhouettes (fb-analyze chose k={seg['k']}; tolerance {SILHOUETTE_TOL})")
print(f"  {'k':>3} {'fb-analyze':>11} {'sklearn':>11} {'diff':>8}")
for k in tried:
    mark = (" <- fb-analyze" if k == seg["k"] else "") + (" <- sklearn" if k == max(ours, key=ours.get) else "")
    print(f"  {k:3d} {tried[k]:11.4f} {ours[k]:11.4f} {tried[k] - ours[k]:+8.4f}{mark}")
for k in tried:
    verdict(abs(tried[k] - ours[k]) <= SILHOUETTE_TOL,
            f"k={k}: silhouette fb-analyze {tried[k]:.4f} vs sklearn {ours[k]:.4f} (within {SILHOUETTE_TOL})")
verdict(seg["silhouette"] == max(tried.values()) and tried.get(seg["k"]) == seg["silhouette"],
        f"fb-analyze's k={seg['k']} is the best silhouette it tried")
best = max(ours, key=ours.get)
verdict(abs(ours[best] - seg["silhouette"]) <= SILHOUETTE_TOL,
        f"best silhouette: sklearn k={best} {ours[best]:.4f} vs fb-analyze k={seg['k']} "
        f"{seg['silhouette']:.4f} (within {SILHOUETTE_TOL})")
others = [v for k, v in ours.items() if k != best]
gap = ours[best] - max(others) if others else math.inf
if gap > CLEAR_WIN:
    verdict(seg["k"] == best, f"sklearn's k={best} wins clearly (by {gap:.4f}): fb-analyze chose k={seg['k']}")
else:
    print(f"  same k not required: sklearn's k={best} is ahead of the next k by {gap:.4f} (<= {CLEAR_WIN})")

# fb-analyze's chosen clustering: its centroids are the means (original units) of the customers
# nearest each centre, i.e. the centres themselves once k-means has converged; standardised, the
# nearest of them labels each customer as fb-analyze did.
C = np.array([[s["centroid"][f] for f in FEATURES] for s in seg["segments"]])
Cz = (C - mean) / np.where(sd > 0, sd, 1.0)
Cz[:, sd == 0] = 0.0
order = shuffled(n, seed)
sample = Z[order]
labels = ((sample[:, None, :] - Cz[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
sizes = np.bincount(labels, minlength=len(C)).tolist()
probe = slice(0, min(len(order), 2000))
again = silhouette_score(sample[probe], labels[probe])
print(f"  fb-analyze's k={seg['k']} segments: sizes {[s['customers'] for s in seg['segments']]}, "
      f"rebuilt from its centroids {sizes}")
print(f"  its silhouette {seg['silhouette']:.6f}, sklearn's silhouette_score of that clustering on the "
      f"same {probe.stop} customers {again:.6f}")
verdict(sizes == [s["customers"] for s in seg["segments"]],
        "fb-analyze's centroids, standardised, give back its segment sizes")
verdict(abs(again - seg["silhouette"]) <= SAME_SAMPLE_TOL,
        f"fb-analyze's silhouette {seg['silhouette']:.6f} = sklearn's on its own sample and labels "
        f"{again:.6f} (within {SAME_SAMPLE_TOL})")

# --- random forest: days_since_last, mean_rating, share_negative -> complaints -------------------
y, F = X[:, 0], X[:, 1:]


def forest_rmse(xtrain, xtest, ytrain, ytest, **settings):
    forest = RandomForestRegressor(n_estimators=100, random_state=0, **settings).fit(xtrain, ytrain)
    rmse = math.sqrt(np.mean((forest.predict(xtest) - ytest) ** 2))
    return rmse, math.sqrt(np.mean((ytrain.mean() - ytest) ** 2))


xtr, xte, ytr, yte = train_test_split(F, y, test_size=0.2, random_state=0)
sk_rmse, sk_base = forest_rmse(xtr, xte, ytr, yte)
split = shuffled(n, seed + 1)
test = len(split) // 5
on_split = (F[split[test:]], F[split[:test]], y[split[test:]], y[split[:test]])
default_rmse, same_base = forest_rmse(*on_split)
same_rmse, _ = forest_rmse(*on_split, **DLIB_LIKE)
print(f"\nrandom forest, 100 trees: complaints from days_since_last, mean_rating, share_negative")
print(f"  {'':50} {'train':>6} {'test':>5} {'rmse':>9} {'baseline':>9}")
for name, tr, te, rmse, base in [
        ("fb-analyze (dlib), its split", model["train"], model["test"], model["rmse"], model["baseline_rmse"]),
        ("sklearn defaults, train_test_split(0)", len(ytr), len(yte), sk_rmse, sk_base),
        ("sklearn defaults, fb-analyze's split", len(split) - test, test, default_rmse, same_base),
        ("sklearn as dlib (1/3 features, leaf 5), its split", len(split) - test, test, same_rmse, same_base)]:
    print(f"  {name:50} {tr:6d} {te:5d} {rmse:9.4f} {base:9.4f}")
rel = abs(model["rmse"] - sk_rmse) / model["rmse"]
verdict(rel <= RMSE_REL_TOL, f"RMSE fb-analyze {model['rmse']:.4f} vs sklearn {sk_rmse:.4f}: "
        f"{100 * rel:.1f}% apart (within {100 * RMSE_REL_TOL:.0f}%)")
verdict(model["rmse"] <= BASELINE_FACTOR * model["baseline_rmse"],
        f"fb-analyze's RMSE {model['rmse']:.4f} <= {BASELINE_FACTOR} x its baseline {model['baseline_rmse']:.4f}")
verdict(sk_rmse <= BASELINE_FACTOR * sk_base,
        f"sklearn's RMSE {sk_rmse:.4f} <= {BASELINE_FACTOR} x its baseline {sk_base:.4f}")
verdict((model["train"], model["test"]) == (len(split) - test, test) and close(model["baseline_rmse"], same_base),
        f"fb-analyze's baseline_rmse {model['baseline_rmse']:.6f} = {same_base:.6f} recomputed on its split")
rel = abs(model["rmse"] - same_rmse) / model["rmse"]
verdict(rel <= SAME_SPLIT_REL_TOL, f"on fb-analyze's split: RMSE {model['rmse']:.4f} vs sklearn as dlib {same_rmse:.4f}: "
        f"{100 * rel:.1f}% apart (within {100 * SAME_SPLIT_REL_TOL:.0f}%)")

with open(verdicts_path, "w", encoding="utf-8") as f:
    f.write("\n".join(verdicts) + "\n")
PY
# One thread: on a small or busy machine OpenMP's spinning threads make KMeans 100 times slower
# (27 s instead of 0.3 s here); the results do not depend on it.
run "the scikit-learn comparison runs" compare.out env OMP_NUM_THREADS=1 "$py" compare.py fb.json input.ndjson "$seed" verdicts.tsv
t2=$(date +%s)
cat compare.out
echo
while IFS=$'\t' read -r ok what; do
    check "$what" test "$ok" = 1
done <verdicts.tsv
check "every comparison reported" test "$(wc -l <verdicts.tsv)" -ge 15
echo "venv $((t_venv - t_start)) s, data + fb-analyze $((t1 - t_venv)) s, scikit-learn $((t2 - t1)) s"
echo "$failures failed"
[ "$failures" -eq 0 ]
