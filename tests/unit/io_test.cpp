#include <catch2/catch.hpp>

#include <vector>

#include "fb/csv.h"
#include "fb/env.h"
#include "fb/line_reader.h"
#include "fb/rng.h"

static std::vector<std::string> lines_of(std::string_view text, size_t max = 1 << 20) {
    fb::LineReader r;
    r.open_memory(text, "mem", max);
    std::vector<std::string> out;
    fb::Line l;
    while (r.next(l)) out.push_back(std::to_string(l.number) + (l.too_long ? "!" : ":") + std::string(l.text));
    return out;
}

TEST_CASE("lines: CRLF, BOM, blank lines, last line without newline") {
    auto v = lines_of("\xEF\xBB\xBF{\"a\":1}\r\n\n  \r\n{\"b\":2}");
    REQUIRE(v.size() == 4);
    CHECK(v[0] == "1:{\"a\":1}");
    CHECK(v[1] == "2:");
    CHECK(v[2] == "3:  ");
    CHECK(v[3] == "4:{\"b\":2}");
}

TEST_CASE("lines: an over-long line is cut and flagged, the next is intact") {
    std::string text = std::string(100, 'x') + "\nshort\n";
    auto v = lines_of(text, 10);
    REQUIRE(v.size() == 2);
    CHECK(v[0].rfind("1!", 0) == 0);
    CHECK(v[1] == "2:short");
}

TEST_CASE("lines: a missing file is 'no input'") {
    fb::LineReader r;
    auto s = r.open("/nonexistent/file.ndjson");
    CHECK(s.code() == fb::Exit::noinput);
}

TEST_CASE("CSV: quotes, doubled quotes, separators and line breaks inside quotes") {
    std::string text = "a;b;c\n1;\"x;y\";\"he said \"\"hi\"\"\"\n2;\"multi\nline\";\n";
    fb::LineReader r;
    r.open_memory(text, "mem");
    fb::CsvReader csv(r);
    std::vector<std::string> f;
    uint64_t line;
    std::string err, raw;
    REQUIRE(csv.next(f, line, err, raw));
    CHECK(csv.separator() == ';');
    CHECK(f == std::vector<std::string>{"a", "b", "c"});
    REQUIRE(csv.next(f, line, err, raw));
    CHECK(err.empty());
    CHECK(f == std::vector<std::string>{"1", "x;y", "he said \"hi\""});
    REQUIRE(csv.next(f, line, err, raw));
    CHECK(line == 3);
    CHECK(f == std::vector<std::string>{"2", "multi\nline", ""});
    CHECK_FALSE(csv.next(f, line, err, raw));
    std::string bad_err;
    CHECK_FALSE(fb::split_csv_record("\"a\"b,c", ',', f, bad_err));
    std::string out;
    fb::append_csv_field(out, "São \"Paulo\", SP");
    CHECK(out == "\"São \"\"Paulo\"\", SP\"");
}

TEST_CASE("secrets are masked in URIs") {
    CHECK(fb::mask_uri("postgresql://app:s3cret@db:5432/fb") == "postgresql://app:****@db:5432/fb");
    CHECK(fb::mask_uri("mongodb://u:p@h/") == "mongodb://u:****@h/");
    CHECK(fb::mask_uri("http://host:9200/x@y") == "http://host:9200/x@y");
    CHECK(fb::mask_uri("host=db password=hunter2 user=x") == "host=db password=**** user=x");
}

TEST_CASE("the generator is reproducible and uniform enough") {
    fb::Rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) REQUIRE(a.next() == b.next());
    CHECK(a.next() != c.next());
    fb::Rng r(1);
    int counts[4] = {};
    for (int i = 0; i < 40000; ++i) counts[r.below(4)]++;
    for (int k : counts) CHECK(std::abs(k - 10000) < 500);
}
