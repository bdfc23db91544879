#pragma once
// fb-analyze's single pass: each record's fields are read once and added to counters whose size is
// bounded by the distinct keys (categories, days, months, words, descriptions, customers,
// places), never by the number of records. The report is computed from a Tally at the end (or at
// each --interval). docs/analyze-report.md defines what each counter feeds.
// Thread-safety: one Tally per thread.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "fb/intern.h"
#include "fb/json_line.h"
#include "words.h"

namespace analyze {

// Integer ratings summed exactly, so means match pandas to the last bit.
struct RatingSums {
    int64_t n = 0, sum = 0, sum_sq = 0;
    void add(int r) {
        ++n;
        sum += r;
        sum_sq += static_cast<int64_t>(r) * r;
    }
    double mean() const { return n ? static_cast<double>(sum) / static_cast<double>(n) : 0; }
    // Sample standard deviation (ddof=1), from exact integer sums; negative when undefined.
    double stddev() const;
};

// Online co-moments (Welford) for a Pearson correlation without cancellation.
struct Comoments {
    int64_t n = 0;
    double mean_x = 0, mean_y = 0, m2x = 0, m2y = 0, cxy = 0;
    void add(double x, double y);
    // NaN when undefined (fewer than 2 pairs, or a constant series).
    double pearson() const;
};

struct Customer {
    int64_t complaints = 0;
    int64_t last = INT64_MIN;  // latest InvoiceDate, seconds; INT64_MIN when none had a date
    RatingSums ratings;
    int64_t sentiments = 0, negatives = 0;
};

struct Place {
    std::string state;
    double lat_sum = 0, lon_sum = 0;
    int64_t coords = 0, count = 0, negatives = 0;
};

enum Sentiment { kNegativo = 0, kPositivo = 1 };

// What a Tally counts beyond the fixed counters: the word and description counts are the
// costliest part of a record (a third of fb-analyze's instructions, most of its memory) and can be
// left out when the report does not list them.
struct Counting {
    bool words = true, descriptions = true;
};

// Values by a 64-bit key (days, months): one probe of a flat table per record instead of a walk
// down a std::map; in key order only when a report asks (sorted()).
template <class V>
class ByKey {
public:
    V& operator[](int64_t key) {
        bool added;
        uint32_t id = ids_.intern(key, added);
        if (added) values_.emplace_back();
        return values_[id];
    }
    std::map<int64_t, V> sorted() const {
        std::map<int64_t, V> m;
        for (uint32_t id = 0; id < values_.size(); ++id) m.emplace(ids_.key(id), values_[id]);
        return m;
    }

private:
    fb::IntInternTable ids_;
    std::vector<V> values_;
};

class Tally {
public:
    explicit Tally(const StopWords* stop_words, Counting counting = {}) : counting(counting), words_(stop_words) {}
    const Counting counting;

    // Reads one record line (followed by simdjson padding). False with `error` when it is not
    // one valid JSON object (the caller rejects it).
    bool add(std::string_view line, std::string& error);

    // Counters, read by the report.
    struct Missing {
        int64_t sentiment = 0, rating = 0, category = 0, date = 0, description = 0, latitude = 0, longitude = 0,
                customer = 0;
    } missing;
    struct Invalid {
        int64_t rating = 0, date = 0, sentiment = 0;
    } invalid;
    int64_t used = 0;

    std::array<int64_t, 2> sentiment{};                          // by Sentiment
    Counts descriptions;
    ByText<RatingSums> ratings_by_category;
    std::array<std::array<int64_t, 2>, 7> weekday_sentiment{};   // 0 = Monday
    ByKey<std::array<int64_t, 2>> month_sentiment;              // key year*12 + month-1
    Comoments lat, lon;                                          // rating vs coordinates
    fb::IntInternTable customer_ids;                             // CustomerID -> index into customers
    std::vector<Customer> customers;                             // by customer_ids' id
    ByKey<int64_t> per_day;                                      // days since epoch -> records
    ByKey<int64_t> per_month;                                    // year*12 + month-1 -> records
    std::array<int64_t, 7> per_weekday{};                        // 0 = Monday
    Counts channels, countries, states, problems;
    ByText<Place> places;                                        // by city
    int64_t latest = INT64_MIN;                                  // latest InvoiceDate, seconds

    const Counter& words() const { return words_.counts(); }

private:
    fb::JsonLineParser parser_;
    WordCounter words_;
    std::string scratch_;
};

}  // namespace analyze
