#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

#include "tally.h"

TEST_CASE("ByKey keeps values by key and sorts them like a std::map", "[analyze]") {
    analyze::ByKey<int64_t> counts;
    std::map<int64_t, int64_t> expected;
    std::mt19937_64 rng(7);
    for (int i = 0; i < 50000; ++i) {
        // days around the epoch, a few far apart, negatives too
        int64_t key = static_cast<int64_t>(rng() % 800) - 400 + (i % 97 == 0 ? INT64_C(1) << 40 : 0);
        ++counts[key];
        ++expected[key];
    }
    CHECK(counts.sorted() == expected);
    analyze::ByKey<int64_t> none;
    CHECK(none.sorted().empty());
}

TEST_CASE("ByText keeps values by text and sorts them in code-point order", "[analyze]") {
    analyze::ByText<analyze::RatingSums> by;
    std::map<std::string, analyze::RatingSums, std::less<>> expected;
    const char* keys[] = {"Pix", "Cartão", "Atendimento", "Zoológico", "cartão", "", "Ágil", "Pix "};
    int r = 0;
    for (int round = 0; round < 100; ++round)
        for (const char* k : keys) {
            int rating = 1 + (r++ % 5);
            by[k].add(rating);
            expected[k].add(rating);
        }
    auto sorted = by.sorted();
    REQUIRE(sorted.size() == expected.size());
    auto e = expected.begin();
    for (const auto& [k, v] : sorted) {
        CHECK(k == e->first);
        CHECK(v.n == e->second.n);
        CHECK(v.sum == e->second.sum);
        CHECK(v.sum_sq == e->second.sum_sq);
        ++e;
    }
    CHECK(sorted.begin()->first.empty());
    CHECK(sorted.rbegin()->first == "Ágil");  // bytewise: a UTF-8 lead byte sorts after ASCII
}

TEST_CASE("Counter counts by text and lists what it counted", "[analyze]") {
    analyze::Counter c;
    c.add("Web");
    c.add("iOS 17");
    c.add("Web");
    uint64_t h = c.prefetch("Android 14");
    c.add("Android 14", h);
    auto items = c.items();
    std::map<std::string, int64_t> got;
    for (const auto& [k, n] : items) got[std::string(k)] = n;
    CHECK(got == std::map<std::string, int64_t>{{"Web", 2}, {"iOS 17", 1}, {"Android 14", 1}});
    CHECK(c.size() == 3);
}
