#include "notebook.h"

#include <dlib/clustering.h>
#include <dlib/random_forest.h>
#include <dlib/svm.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "fb/dates.h"
#include "fb/rng.h"

namespace analyze {

namespace {

constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr const char* kFeatureNames[] = {"complaints", "days_since_last", "mean_rating", "share_negative"};
constexpr size_t kFeatures = 4;

using Sample = dlib::matrix<double, 0, 1>;

std::string day_text(int64_t day) {
    int y, m, d;
    fb::civil_from_days(day, y, m, d);
    char b[16];
    snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    return b;
}

std::string month_text(int64_t month) {
    char b[16];
    snprintf(b, sizeof b, "%04d-%02d", static_cast<int>(month / 12), static_cast<int>(month % 12) + 1);
    return b;
}

// Shuffles indices reproducibly (Fisher-Yates with fb::Rng).
void shuffle(std::vector<size_t>& v, uint64_t seed) {
    fb::Rng rng(seed);
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.next() % i]);
}

double sq_distance(const Sample& a, const Sample& b) { return dlib::length_squared(a - b); }

// Mean silhouette of a clustering (Rousseeuw): for each point, (b - a) / max(a, b).
double silhouette(const std::vector<Sample>& x, const std::vector<unsigned long>& label, unsigned long k) {
    size_t n = x.size();
    double total = 0;
    std::vector<double> sum(k);
    std::vector<size_t> count(k);
    for (size_t i = 0; i < n; ++i) {
        std::fill(sum.begin(), sum.end(), 0.0);
        std::fill(count.begin(), count.end(), 0);
        for (size_t j = 0; j < n; ++j) {
            if (i == j) continue;
            sum[label[j]] += std::sqrt(sq_distance(x[i], x[j]));
            ++count[label[j]];
        }
        if (count[label[i]] == 0) continue;  // a point alone in its cluster scores 0
        double a = sum[label[i]] / static_cast<double>(count[label[i]]);
        double b = INFINITY;
        for (unsigned long c = 0; c < k; ++c)
            if (c != label[i] && count[c] > 0) b = std::min(b, sum[c] / static_cast<double>(count[c]));
        if (!std::isfinite(b)) continue;
        double m = std::max(a, b);
        total += m > 0 ? (b - a) / m : 0;
    }
    return n ? total / static_cast<double>(n) : NAN;
}

unsigned long nearest(const std::vector<Sample>& centers, const Sample& s) {
    unsigned long best = 0;
    double d = INFINITY;
    for (unsigned long c = 0; c < centers.size(); ++c)
        if (double e = sq_distance(centers[c], s); e < d) {
            d = e;
            best = c;
        }
    return best;
}

struct Table {
    std::vector<std::array<double, kFeatures>> rows;  // customers with every feature known
};

Table customer_table(const Tally& t, std::vector<std::string>& notes) {
    Table table;
    size_t skipped = 0;
    // By CustomerID, so the order records came in does not leak into results.
    std::vector<uint32_t> ids(t.customers.size());
    for (uint32_t i = 0; i < ids.size(); ++i) ids[i] = i;
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return t.customer_ids.key(a) < t.customer_ids.key(b); });
    for (uint32_t id : ids) {
        const Customer& c = t.customers[id];
        if (c.last == INT64_MIN || c.ratings.n == 0 || c.sentiments == 0) {
            ++skipped;
            continue;
        }
        table.rows.push_back({static_cast<double>(c.complaints), static_cast<double>(t.latest - c.last) / 86400.0,
                              c.ratings.mean(), static_cast<double>(c.negatives) / static_cast<double>(c.sentiments)});
    }
    if (skipped)
        notes.push_back("customers: " + std::to_string(skipped) +
                        " left out of segments and the frequency model (no valid date, rating or sentiment)");
    return table;
}

void write_segments(const Table& table, const NotebookOptions& o, JsonWriter& w, std::vector<std::string>& notes) {
    w.key("segments");
    size_t n = table.rows.size();
    if (n < 3 || o.k_min > o.k_max) {
        notes.push_back("segments: fewer than 3 customers with complete features");
        w.null();
        return;
    }
    // Standardise: k-means on raw units would be ruled by the largest one (days).
    std::array<double, kFeatures> mean{}, sd{};
    for (const auto& r : table.rows)
        for (size_t f = 0; f < kFeatures; ++f) mean[f] += r[f];
    for (auto& m : mean) m /= static_cast<double>(n);
    for (const auto& r : table.rows)
        for (size_t f = 0; f < kFeatures; ++f) sd[f] += (r[f] - mean[f]) * (r[f] - mean[f]);
    for (auto& s : sd) s = std::sqrt(s / static_cast<double>(n));
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, o.seed);
    if (order.size() > o.max_customers) {
        order.resize(o.max_customers);
        notes.push_back("segments: k-means on a sample of " + std::to_string(o.max_customers) + " customers (--seed)");
    }
    std::vector<Sample> x;
    for (size_t i : order) {
        Sample s(kFeatures);
        for (size_t f = 0; f < kFeatures; ++f) s(static_cast<long>(f)) = sd[f] > 0 ? (table.rows[i][f] - mean[f]) / sd[f] : 0;
        x.push_back(s);
    }
    size_t distinct = 0;
    for (size_t i = 0; i < x.size() && distinct < 2; ++i)
        if (i == 0 || sq_distance(x[i], x[0]) > 0) ++distinct;
    if (distinct < 2) {
        notes.push_back("segments: all customers alike, silhouette undefined");
        w.null();
        return;
    }
    size_t m = std::min(x.size(), o.silhouette_sample);
    std::vector<Sample> probe(x.begin(), x.begin() + static_cast<long>(m));

    struct Fit {
        unsigned long k;
        double score;
        std::vector<Sample> centers;
    };
    std::vector<Fit> fits;
    dlib::linear_kernel<Sample> kernel;
    for (int k = o.k_min; k <= o.k_max; ++k) {
        if (static_cast<size_t>(k) >= x.size()) break;
        std::vector<Sample> centers;
        dlib::pick_initial_centers(k, centers, x, kernel);
        dlib::find_clusters_using_kmeans(x, centers);
        std::vector<unsigned long> label(m);
        for (size_t i = 0; i < m; ++i) label[i] = nearest(centers, probe[i]);
        fits.push_back({static_cast<unsigned long>(k), silhouette(probe, label, static_cast<unsigned long>(k)), centers});
    }
    if (fits.empty()) {
        notes.push_back("segments: not enough customers for k >= " + std::to_string(o.k_min));
        w.null();
        return;
    }
    const Fit* best = &fits[0];
    for (const auto& f : fits)
        if (f.score > best->score) best = &f;
    // Sizes and centroids in original units, over every customer in the sample.
    std::vector<std::array<double, kFeatures>> sums(best->k);
    std::vector<size_t> sizes(best->k);
    for (size_t j = 0; j < x.size(); ++j) {
        unsigned long c = nearest(best->centers, x[j]);
        ++sizes[c];
        for (size_t f = 0; f < kFeatures; ++f) sums[c][f] += table.rows[order[j]][f];
    }
    w.begin_object().field("k", static_cast<int64_t>(best->k)).field("silhouette", best->score);
    w.key("tried").begin_array();
    for (const auto& f : fits) w.begin_object().field("k", static_cast<int64_t>(f.k)).field("silhouette", f.score).end_object();
    w.end_array();
    w.key("segments").begin_array();
    for (unsigned long c = 0; c < best->k; ++c) {
        w.begin_object().field("segment", static_cast<int64_t>(c)).field("customers", sizes[c]);
        w.key("centroid").begin_object();
        for (size_t f = 0; f < kFeatures; ++f)
            w.field(kFeatureNames[f], sizes[c] ? sums[c][f] / static_cast<double>(sizes[c]) : NAN);
        w.end_object().end_object();
    }
    w.end_array().end_object();
}

void write_frequency_model(const Table& table, const NotebookOptions& o, JsonWriter& w, std::vector<std::string>& notes) {
    w.key("frequency_model");
    std::vector<size_t> order(table.rows.size());
    std::iota(order.begin(), order.end(), 0);
    shuffle(order, o.seed + 1);
    if (order.size() > o.max_customers) order.resize(o.max_customers);
    size_t test = order.size() / 5;
    if (test < 2 || order.size() - test < 5) {
        notes.push_back("frequency_model: fewer than 10 customers with complete features");
        w.null();
        return;
    }
    std::vector<Sample> xtrain, xtest;
    std::vector<double> ytrain, ytest;
    for (size_t i = 0; i < order.size(); ++i) {
        const auto& r = table.rows[order[i]];
        Sample s(3);
        s = r[1], r[2], r[3];  // days_since_last, mean_rating, share_negative -> complaints
        (i < test ? xtest : xtrain).push_back(s);
        (i < test ? ytest : ytrain).push_back(r[0]);
    }
    dlib::random_forest_regression_trainer<dlib::dense_feature_extractor> trainer;
    trainer.set_num_trees(static_cast<size_t>(o.trees));
    trainer.set_seed(std::to_string(o.seed));
    auto forest = trainer.train(xtrain, ytrain);
    double mean_train = std::accumulate(ytrain.begin(), ytrain.end(), 0.0) / static_cast<double>(ytrain.size());
    double se = 0, base = 0;
    for (size_t i = 0; i < xtest.size(); ++i) {
        double p = forest(xtest[i]);
        se += (p - ytest[i]) * (p - ytest[i]);
        base += (mean_train - ytest[i]) * (mean_train - ytest[i]);
    }
    w.begin_object()
        .field("model", "random_forest")
        .field("trees", o.trees)
        .field("train", xtrain.size())
        .field("test", xtest.size())
        .field("rmse", std::sqrt(se / static_cast<double>(xtest.size())))
        .field("baseline_rmse", std::sqrt(base / static_cast<double>(xtest.size())))
        .end_object();
}

// Least squares y = a + b·i over a gap-free series (missing periods count 0).
void write_trend(const char* name, const std::map<int64_t, int64_t>& counts, int ahead, bool monthly, JsonWriter& w,
                 std::vector<std::string>& notes) {
    w.key(name);
    if (counts.size() < 2) {
        notes.push_back(std::string("trend.") + name + ": fewer than 2 periods");
        w.null();
        return;
    }
    int64_t first = counts.begin()->first, last = counts.rbegin()->first;
    size_t n = static_cast<size_t>(last - first + 1);
    std::vector<double> y(n, 0.0);
    for (const auto& [k, v] : counts) y[static_cast<size_t>(k - first)] = static_cast<double>(v);
    dlib::matrix<double> X(static_cast<long>(n), 2), Y(static_cast<long>(n), 1);
    for (size_t i = 0; i < n; ++i) {
        X(static_cast<long>(i), 0) = 1;
        X(static_cast<long>(i), 1) = static_cast<double>(i);
        Y(static_cast<long>(i), 0) = y[i];
    }
    dlib::matrix<double> beta = dlib::pinv(X) * Y;
    double a = beta(0, 0), b = beta(1, 0), se = 0;
    for (size_t i = 0; i < n; ++i) se += std::pow(a + b * static_cast<double>(i) - y[i], 2);
    auto label = [&](int64_t k) { return monthly ? month_text(k) : day_text(k); };
    w.begin_object().field("slope", b).field("intercept", a).field("rmse", std::sqrt(se / static_cast<double>(n)));
    w.field("periods", n).field("first", label(first));
    w.key("forecast").begin_array();
    for (int h = 0; h < ahead; ++h) {
        double i = static_cast<double>(n + static_cast<size_t>(h));
        w.begin_object().field("period", label(last + 1 + h)).field("count", std::max(0.0, a + b * i)).end_object();
    }
    w.end_array();
    w.key("series").begin_array();
    for (size_t i = 0; i < n; ++i)
        w.begin_object().field("period", label(first + static_cast<int64_t>(i))).field("count", static_cast<int64_t>(y[i])).end_object();
    w.end_array().end_object();
}

// key/count rows, count descending then key.
void write_counts(const char* name, const Counter& m, JsonWriter& w) {
    std::vector<std::pair<std::string_view, int64_t>> v = m.items();
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    w.key(name).begin_array();
    for (const auto& [k, c] : v) w.begin_object().field("key", k).field("count", c).end_object();
    w.end_array();
}

}  // namespace

void write_notebook(const Tally& t, const NotebookOptions& o, JsonWriter& w, std::vector<std::string>& notes) {
    Table table = customer_table(t, notes);
    w.key("customers").begin_object().field("count", t.customers.size());
    if (t.latest != INT64_MIN) {
        fb::Timestamp ts;
        ts.seconds = t.latest;
        std::string as_of;
        fb::format_rfc3339(as_of, ts);
        w.field("as_of", as_of);
    } else {
        w.key("as_of").null();
    }
    double complaints = 0, max_complaints = 0, days = 0, max_days = 0;
    for (const auto& r : table.rows) {
        complaints += r[0];
        max_complaints = std::max(max_complaints, r[0]);
        days += r[1];
        max_days = std::max(max_days, r[1]);
    }
    double n = static_cast<double>(table.rows.size());
    w.key("complaints").begin_object().field("mean", n ? complaints / n : NAN).field("max", max_complaints).end_object();
    w.key("days_since_last").begin_object().field("mean", n ? days / n : NAN).field("max", max_days).end_object();
    w.end_object();

    if (o.models) {
        write_segments(table, o, w, notes);
        write_frequency_model(table, o, w, notes);
    } else {
        w.key("segments").null();
        w.key("frequency_model").null();
        notes.push_back("segments and frequency_model: not computed (--no-models)");
    }
    w.key("trend").begin_object();
    const auto per_day = t.per_day.sorted(), per_month = t.per_month.sorted();
    const auto places = t.places.sorted();
    write_trend("daily", per_day, o.forecast_days, false, w, notes);
    write_trend("monthly", per_month, o.forecast_months, true, w, notes);
    w.end_object();

    w.key("counts").begin_object();
    w.key("weekday").begin_array();
    for (size_t d = 0; d < 7; ++d)
        if (t.per_weekday[d]) w.begin_object().field("key", kWeekdays[d]).field("count", t.per_weekday[d]).end_object();
    w.end_array();
    w.key("month").begin_array();
    for (const auto& [m, c] : per_month) w.begin_object().field("key", month_text(m)).field("count", c).end_object();
    w.end_array();
    write_counts("channel", t.channels, w);
    write_counts("country", t.countries, w);
    write_counts("state", t.states, w);
    Counter cities;
    for (const auto& [city, p] : places)
        for (int64_t i = 0; i < p.count; ++i) cities.add(city);
    write_counts("city", cities, w);
    write_counts("problems", t.problems, w);
    w.end_object();

    // Places with coordinates, for the report's map.
    w.key("places").begin_array();
    for (const auto& [city, p] : places) {
        if (!p.coords) continue;
        w.begin_object().field("key", city).field("state", p.state);
        w.field("latitude", p.lat_sum / static_cast<double>(p.coords)).field("longitude", p.lon_sum / static_cast<double>(p.coords));
        w.field("count", p.count).field("negative", p.negatives).end_object();
    }
    w.end_array();
}

}  // namespace analyze
