#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "fb/intern.h"

TEST_CASE("interning: dense ids, the same id for the same text, texts kept") {
    fb::InternTable t;
    bool added = false;
    CHECK(t.intern("banco", added) == 0);
    CHECK(added);
    CHECK(t.intern("cartao", added) == 1);
    CHECK(t.intern("banco", added) == 0);
    CHECK_FALSE(added);
    CHECK(t.intern("", added) == 2);  // the empty string is a string like any other
    CHECK(added);
    CHECK(t.intern("", added) == 2);
    CHECK_FALSE(added);
    CHECK(t.text(1) == "cartao");
    CHECK(t.text(2).empty());
    CHECK(t.find("banco") == 0);
    CHECK(t.find("bank") == fb::InternTable::kNone);
    CHECK(t.size() == 3);
}

TEST_CASE("interning: strings of every length up to 40 that differ in one byte get distinct ids") {
    // Covers the hash's tails (1-3 bytes, 4-8 bytes read as overlapping words, whole words) and
    // the 8-byte comparison: a difference at any position must be seen.
    fb::InternTable t;
    std::map<std::string, uint32_t> ids;
    for (size_t len = 0; len <= 40; ++len) {
        std::string base(len, 'a');
        ids.emplace(base, t.intern(base));
        for (size_t pos = 0; pos < len; ++pos)
            for (char c : {'b', '\0', '\xff'}) {
                std::string s = base;
                s[pos] = c;
                ids.emplace(s, t.intern(s));
            }
    }
    CHECK(t.size() == ids.size());
    for (const auto& [s, id] : ids) {
        CHECK(t.find(s) == id);
        CHECK(t.text(id) == s);
    }
}

TEST_CASE("interning: clear() forgets every string and ids start again from 0") {
    fb::InternTable t(3000);
    for (int i = 0; i < 3000; ++i) t.intern(std::to_string(i));  // grown well past the first size
    CHECK(t.bytes() > 3000 * 8);
    t.clear();
    CHECK(t.size() == 0);
    CHECK(t.bytes() == 0);
    for (int i = 0; i < 3000; ++i) REQUIRE(t.find(std::to_string(i)) == fb::InternTable::kNone);
    bool added = false;
    CHECK(t.intern("2999", added) == 0);
    CHECK(added);
    CHECK(t.intern("x", added) == 1);
    CHECK(t.intern("2999", added) == 0);
    CHECK_FALSE(added);
    CHECK(t.text(0) == "2999");
    CHECK(t.bytes() == 8 + 4 + 8 + 4);  // two records: header, text, padding to 4 bytes
}

TEST_CASE("interning: growing keeps every id, and the bound stops new strings") {
    auto word = [](int i) { return std::to_string(i) + "w"; };
    fb::InternTable t(5000);
    for (int i = 0; i < 5000; ++i) REQUIRE(t.intern(word(i)) == static_cast<uint32_t>(i));
    for (int i = 0; i < 5000; ++i) REQUIRE(t.find(word(i)) == static_cast<uint32_t>(i));
    bool added = true;
    CHECK(t.intern("one more", added) == fb::InternTable::kNone);
    CHECK_FALSE(added);
    CHECK(t.intern("4999w") == 4999);  // known strings still found when full
}

TEST_CASE("integer interning: dense ids in first-seen order, any 64-bit key, through many doublings") {
    fb::IntInternTable t;
    bool added = false;
    CHECK(t.find(7) == fb::IntInternTable::kNone);
    CHECK(t.intern(7, added) == 0);
    CHECK(added);
    CHECK(t.intern(0, added) == 1);  // 0 is a key like any other (emptiness is kept apart)
    CHECK(t.intern(-1, added) == 2);
    CHECK(t.intern(INT64_MIN, added) == 3);
    CHECK(t.intern(INT64_MAX, added) == 4);
    CHECK(t.intern(7, added) == 0);
    CHECK_FALSE(added);
    CHECK(t.find(INT64_MIN) == 3);
    CHECK(t.key(4) == INT64_MAX);

    // Serial ids (what customer tables hold), strided ids and ids far apart, checked against a map.
    std::map<int64_t, uint32_t> want;
    for (auto [k, id] : {std::pair<int64_t, uint32_t>{7, 0}, {0, 1}, {-1, 2}, {INT64_MIN, 3}, {INT64_MAX, 4}}) want[k] = id;
    auto add = [&](int64_t k) {
        bool fresh;
        uint32_t id = t.intern(k, fresh);
        auto [it, is_new] = want.emplace(k, static_cast<uint32_t>(want.size()));
        REQUIRE(fresh == is_new);
        REQUIRE(id == it->second);
    };
    for (int64_t k = 1; k <= 100000; ++k) add(k);
    for (int64_t k = 0; k < 20000; ++k) add(k * 1024);
    for (int64_t k = 1; k < 5000; ++k) add(k * 1000000007LL * 1000);
    CHECK(t.size() == want.size());
    for (const auto& [k, id] : want) {
        REQUIRE(t.find(k) == id);
        REQUIRE(t.key(id) == k);
    }
    CHECK(t.find(-2) == fb::IntInternTable::kNone);
}

namespace {

// Every string of the set, several times in a shuffled order, through a cache of `slots_log2`
// slots: the ids and `added` must be those a bare InternTable gives.
template <fb::ShortKey Kind>
void check_cache(unsigned slots_log2, const std::vector<std::string>& strings) {
    fb::InternTable cached, bare;
    fb::ShortInternCache<Kind> cache(slots_log2);
    std::vector<size_t> order;
    for (int round = 0; round < 4; ++round)
        for (size_t i = 0; i < strings.size(); ++i) order.push_back(i);
    std::mt19937 rng(11);
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t i : order) {
        // The padded kind reads 16 bytes from the start: give it a copy with zeros and junk after.
        std::string buffer = strings[i] + std::string(16, '\xAB');
        std::string_view s(buffer.data(), strings[i].size());
        bool added_cached = false, added_bare = false;
        uint32_t id = cache.intern(cached, s, added_cached);
        CHECK(id == bare.intern(s, added_bare));
        CHECK(added_cached == added_bare);
    }
}

std::vector<std::string> short_strings() {
    std::vector<std::string> v;
    std::string base = "abcdefghijklmnopqrst";
    for (size_t n = 0; n <= base.size(); ++n) {
        v.push_back(base.substr(0, n));                       // prefixes of each other
        v.push_back(base.substr(base.size() - n));            // suffixes
        v.push_back(std::string(n, 'a'));                     // runs, which overlapping reads see twice
        if (n > 0) v.push_back(std::string(n - 1, 'a') + 'b');
        if (n > 2) v.push_back('b' + std::string(n - 2, 'a') + 'b');
        if (n > 0) v.push_back(std::string(n, '\0'));          // zero bytes, like the padding
    }
    v.push_back("n\xC3\xA3o");
    v.push_back("cart\xC3\xA3o");
    return v;
}

}  // namespace

TEST_CASE("ShortInternCache gives the table's ids for strings of every length", "[intern]") {
    auto strings = short_strings();
    for (unsigned slots_log2 : {1u, 4u, 13u}) {  // 2 slots: constant replacement
        check_cache<fb::kExact>(slots_log2, strings);
        check_cache<fb::kPadded>(slots_log2, strings);
    }
}

TEST_CASE("ShortInternCache keys spell a string exactly", "[intern]") {
    // Two strings of one length differ in some byte, and every byte is in the key.
    auto strings = short_strings();
    for (const auto& x : strings)
        for (const auto& y : strings) {
            if (x.size() != y.size() || x == y || x.empty() || x.size() > 16) continue;
            uint64_t xa, xb, ya, yb;
            fb::ShortInternCache<fb::kExact>::words(x, xa, xb);
            fb::ShortInternCache<fb::kExact>::words(y, ya, yb);
            CHECK((xa != ya || xb != yb));
        }
}
