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
