#include <catch2/catch.hpp>

#include <map>
#include <string>

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
