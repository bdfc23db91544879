#include <catch2/catch.hpp>

#include "fb/text.h"

TEST_CASE("folding: lower case and no accents, by ICU") {
    fb::TextFolder f;
    CHECK(f.fold("Não CAIU") == "nao caiu");
    CHECK(f.fold("COBRANÇA indevida, péssimo atendimento") == "cobranca indevida, pessimo atendimento");
    CHECK(f.fold("àáâãäèéêíóôõúüç ÀÁÂÃÉÊÍÓÔÕÚÇ") == "aaaaaeeeiooouuc aaaaeeiooouc");
    CHECK(f.fold("Ω Straße") == "ω straße");  // other scripts are kept, lower-cased
}

TEST_CASE("folding: symbols, emoji and invalid UTF-8 become spaces; ASCII punctuation stays") {
    fb::TextFolder f;
    CHECK(f.fold("ótimo😀!") == "otimo !");
    CHECK(f.fold("a\xff" "b") == "a b");
    CHECK(f.fold("a\xc3") == "a ");  // a sequence cut short
    CHECK(f.fold("R$ 10,00.") == "r$ 10,00.");
    CHECK(f.fold("no\u00a0break") == "no break");
}

TEST_CASE("utf8_prefix never cuts a character") {
    CHECK(fb::utf8_prefix("não", 2) == "n");
    CHECK(fb::utf8_prefix("não", 3) == "nã");
    CHECK(fb::utf8_prefix("abc", 10) == "abc");
}

TEST_CASE("folding: ASCII 8 bytes at a time agrees with one byte at a time") {
    // Every printable ASCII byte at every offset of an 8-byte step, with and without a
    // non-ASCII character in the same word of 8 bytes.
    fb::TextFolder f;
    std::string all;
    for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
    for (size_t shift = 0; shift < 9; ++shift) {
        auto lower = [](const std::string& t) {
            std::string l;
            for (char c : t) l += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
            return l;
        };
        std::string in(shift, 'Q');
        in += all;
        in += "É";
        in += all;
        std::string expect(shift, 'q');
        expect += lower(all);
        expect += 'e';
        expect += lower(all);
        CHECK(f.fold(in) == expect);
    }
    CHECK(f.fold("@AZ[`az{ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "@az[`az{abcdefghijklmnopqrstuvwxyz");
}

TEST_CASE("same_text tells texts apart by any byte, whatever their length") {
    for (size_t n = 0; n <= 20; ++n) {
        std::string a(n, 'k');
        for (size_t i = 0; i < n; ++i) a[i] = static_cast<char>('a' + i);
        CHECK(fb::same_text(a, std::string(a)));
        CHECK_FALSE(fb::same_text(a, a + "x"));
        CHECK_FALSE(fb::same_text(a + "x", a));
        for (size_t at = 0; at < n; ++at) {
            std::string b = a;
            b[at] = 'Z';
            CHECK_FALSE(fb::same_text(a, b));
        }
    }
}
