#include <catch2/catch.hpp>

#include <algorithm>
#include <utility>
#include <vector>

#include "fb/json_line.h"
#include "fb/json_text.h"
#include "fb/splice.h"

namespace od = simdjson::ondemand;

static std::string padded(std::string s) { return s + std::string(simdjson::SIMDJSON_PADDING, ' '); }

// Parses with a visitor that walks every field; returns "" when valid, else the error.
static std::string check(const std::string& line, int depth = 512) {
    fb::JsonLineParser p(depth);
    std::string buf = padded(line), err;
    bool ok = p.parse(std::string_view(buf.data(), line.size()),
                      [&](std::string_view, od::value& v) { return p.walk(v); }, err);
    return ok ? "" : err;
}

TEST_CASE("valid objects pass, whatever they hold") {
    CHECK(check(R"({})") == "");
    CHECK(check(R"({"a":[1,2.5,-3e10,{"b":null,"c":true,"d":false}],"e":"\u00e9\n"})") == "");
    CHECK(check(R"(  {"a":1}  )") == "");
    CHECK(check(R"({"big":123456789012345678901234567890})") == "");
    CHECK(check(R"({"a":"x","A":"y"})") == "");
}

TEST_CASE("every kind of bad line has a clear reason") {
    CHECK(check(R"([1,2])") == "expected a JSON object, got an array");
    CHECK(check(R"("str")") == "expected a JSON object, got a scalar value");
    CHECK(check(R"({"a":1)").find("truncated") != std::string::npos);
    CHECK(check(R"({"a":"x)").find("invalid JSON") != std::string::npos);
    CHECK(check(R"({"a":1}{"b":2})") == "invalid JSON: content after the object");
    CHECK(check(R"({"a":1,"a":2})") == "duplicate key 'a'");
    CHECK(check(R"({"n":{"k":1,"k":2}})") == "duplicate key 'k'");
    CHECK(check(R"({"a":"\u0061","\u0061":1})") == "duplicate key 'a'");
    CHECK_FALSE(check(R"({"a":tru})").empty());
    CHECK_FALSE(check(R"({"a":01})").empty());
    CHECK_FALSE(check(R"({"a":"\x"})").empty());
    CHECK(check("{\"a\":\"\xff\"}") == "invalid UTF-8");
    CHECK_FALSE(check("{\"a\":\"tab\there\"}").empty());
    std::string deep = "{\"a\":" + std::string(10000, '[') + std::string(10000, ']') + "}";
    CHECK(check(deep).find("nesting") != std::string::npos);
    CHECK(check(R"({"a":[[[1]]]})", 3).find("nesting deeper than 3") != std::string::npos);
}

TEST_CASE("strings and keys without escapes are read in place, with escapes unescaped and checked") {
    // Keys and string values are not copied when they hold no backslash; every check still applies.
    CHECK(check(R"({"a\u0062":1,"ab":2})") == "duplicate key 'ab'");
    CHECK(check(R"({"ab":1,"a\u0062":2})") == "duplicate key 'ab'");
    CHECK(check(R"({"a\"b":1,"a\u0022b":2})") == "duplicate key 'a\"b'");
    CHECK_FALSE(check(R"({"k\x":1})").empty());
    CHECK_FALSE(check(R"({"a":["ok","bad \q"]})").empty());
    CHECK_FALSE(check(R"({"a":{"b":"\ud800x"}})").empty());  // a lone surrogate
    CHECK_FALSE(check("{\"k\tey\":1}").empty());               // a control character in a key
    CHECK_FALSE(check("{\"a\":[\"\x01\"]}").empty());
    CHECK(check(R"({"a":"\\","b":"\"","c":"x\/y"})") == "");

    // read_string: the text between the quotes, or the unescaped text; INCORRECT_TYPE otherwise.
    fb::JsonLineParser p;
    std::string line = R"({"plain":"Olá, mundo" , "esc":"a\"b\u00e9","empty":"","num":12})";
    std::string buf = padded(line), err;
    std::vector<std::pair<std::string, std::string>> got;
    bool ok = p.parse(std::string_view(buf.data(), line.size()), [&](std::string_view key, od::value& v) {
        std::string_view s;
        auto e = fb::JsonLineParser::read_string(v, s);
        if (e == simdjson::error_code::INCORRECT_TYPE) {
            got.emplace_back(std::string(key), "not a string");
            return p.walk(v);
        }
        got.emplace_back(std::string(key), std::string(s));
        return e;
    }, err);
    REQUIRE(ok);
    CHECK(got == std::vector<std::pair<std::string, std::string>>{
                     {"plain", "Olá, mundo"}, {"esc", "a\"b\u00e9"}, {"empty", ""}, {"num", "not a string"}});
}

TEST_CASE("string values of every length, with an escape at every offset of the 16-byte steps") {
    // read_string looks for a backslash 16 bytes at a time, reading past the value into the line
    // and its padding: a backslash in a later value or in the padding must not count.
    fb::JsonLineParser p;
    for (size_t n = 0; n <= 40; ++n) {
        for (size_t at = 0; at <= n; ++at) {
            std::string plain(n, 'v');
            std::string spelled = plain;  // byte `at` written as \u0076 (n > at)
            if (at < n) spelled = plain.substr(0, at) + "\\u0076" + plain.substr(at + 1);
            for (const char* after : {"\"\\\\\"", "1"}) {  // then a value with a backslash, or not
                std::string line = "{\"a\":\"" + spelled + "\",\"b\":" + after + "}";
                std::string buf = line + std::string(simdjson::SIMDJSON_PADDING, '\\'), err;
                std::vector<std::string> got;
                bool ok = p.parse(std::string_view(buf.data(), line.size()), [&](std::string_view key, od::value& v) {
                    if (key != "a") return p.walk(v);
                    std::string_view s;
                    auto e = fb::JsonLineParser::read_string(v, s);
                    got.emplace_back(s);
                    return e;
                }, err);
                REQUIRE(ok);
                CHECK(got == std::vector<std::string>{plain});
            }
        }
    }
}

TEST_CASE("keys of every length, with an escape at every offset of the 8-byte steps") {
    // read_key looks for the closing quote or a backslash 8 bytes at a time.
    fb::JsonLineParser p;
    for (size_t n = 0; n <= 20; ++n) {
        for (size_t at = 0; at <= n; ++at) {
            std::string plain(n, 'k');
            std::string spelled = plain;  // the key with its byte `at` written as \u006b (n > at)
            if (at < n) spelled = plain.substr(0, at) + "\\u006b" + plain.substr(at + 1);
            std::string line = "{\"" + spelled + "\":1,\"z\":2}";
            std::string buf = padded(line), err;
            std::vector<std::string> keys;
            bool ok = p.parse(std::string_view(buf.data(), line.size()), [&](std::string_view key, od::value& v) {
                keys.emplace_back(key);
                return p.walk(v);
            }, err);
            REQUIRE(ok);
            CHECK(keys == std::vector<std::string>{plain, "z"});
            // The same key twice, spelled both ways, is a duplicate.
            std::string twice = "{\"" + plain + "\":1,\"" + spelled + "\":2}";
            CHECK(check(twice) == "duplicate key '" + plain + "'");
        }
    }
}

TEST_CASE("objects with many keys are checked for duplicates without quadratic cost") {
    std::string line = "{";
    for (int i = 0; i < 5000; ++i) line += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
    CHECK(check(line + "}") == "");
    CHECK(check(line + ",\"k4321\":2}") == "duplicate key 'k4321'");
}

TEST_CASE("duplicate keys are found whatever the object's size, and only within one object") {
    // The check skips keys whose bloom bit is new and compares signatures (length, first and last
    // 8 bytes) before texts: each key of objects of 1 to 70 keys, repeated at the end, is found.
    for (int keys = 1; keys <= 70; ++keys) {
        std::string line = "{";
        for (int i = 0; i < keys; ++i) line += (i ? ",\"" : "\"") + std::to_string(i * 7919) + "_key\":1";
        REQUIRE(check(line + "}") == "");
        for (int i = 0; i < keys; ++i) {
            std::string dup = std::to_string(i * 7919) + "_key";
            REQUIRE(check(line + ",\"" + dup + "\":2}") == "duplicate key '" + dup + "'");
        }
    }
    // Same first and last 8 bytes and length, one byte apart in the middle: not duplicates.
    CHECK(check(R"({"abcdefghXijklmnop":1,"abcdefghYijklmnop":2})") == "");
    CHECK(check(R"({"abcdefghXijklmnop":1,"abcdefghXijklmnop":2})") == "duplicate key 'abcdefghXijklmnop'");
    // The same key in an object and in the object it holds, or in two sibling objects.
    CHECK(check(R"({"k":{"k":{"k":1}},"j":{"k":1},"i":[{"k":1},{"k":2}]})") == "");
    CHECK(check(R"({"k":{"a":1},"j":{"a":1,"b":2,"a":3}})") == "duplicate key 'a'");
}

// One parser over many lines, as a tool uses it: returns each line's result.
static std::vector<std::string> check_stream(const std::vector<std::string>& lines) {
    fb::JsonLineParser p;
    std::vector<std::string> out;
    for (const std::string& line : lines) {
        std::string buf = padded(line), err;
        bool ok = p.parse(std::string_view(buf.data(), line.size()),
                          [&](std::string_view, od::value& v) { return p.walk(v); }, err);
        out.push_back(ok ? "" : err);
    }
    return out;
}

TEST_CASE("a parser that remembers the last line's keys still finds every duplicate in the next") {
    // Keys equal to the last good line's, in its order, skip the duplicate check; the first key
    // that differs brings the check back, with the keys before it counted.
    std::vector<std::string> lines = {
        R"({"InvoiceNo":1,"Description":"x","City":"y"})",
        R"({"InvoiceNo":2,"Description":"x","City":"y"})",                   // same keys
        R"({"InvoiceNo":3,"Description":"x","InvoiceNo":4})",                // a shape key again
        R"({"InvoiceNo":3,"Description":"x","City":"y","City":"z"})",        // past the shape
        R"({"InvoiceNo":5,"Description":"x"})",                              // a prefix
        R"({"InvoiceNo":5,"Description":"x","Description":"y"})",            // after the prefix
        R"({"InvoiceNo":6,"Description":"x","City":"y","Country":"z"})",     // longer again
        R"({"InvoiceNo":7,"Description":"x","City":"y","Country":"z"})",
        R"({"Invoice\u004eo":8,"InvoiceNo":9})",                            // escaped
        R"({"abcdefghXijklmnop":1,"abcdefghYijklmnop":2})",
        R"({"abcdefghYijklmnop":1,"abcdefghXijklmnop":2})",                  // swapped
        R"({"abcdefghXijklmnop":1,"abcdefghXijklmnop":2})",
        R"({"k":{"a":1,"a":2}})",                                            // nested
        R"({"k":{"a":1}})",
        R"({"k":{"a":1},"k":1})",
        R"({})",
        R"({"k":1,"k":2})",
    };
    std::vector<std::string> expected;
    for (const std::string& line : lines) expected.push_back(check(line));  // a fresh parser each
    CHECK(check_stream(lines) == expected);
    CHECK(expected[2] == "duplicate key 'InvoiceNo'");
    CHECK(expected[3] == "duplicate key 'City'");
    CHECK(expected[5] == "duplicate key 'Description'");
    CHECK(expected[8] == "duplicate key 'InvoiceNo'");
    CHECK(expected[16] == "duplicate key 'k'");

    // Keys of every length 0-20 that differ from the last line's in one byte, at every offset.
    for (size_t n = 0; n <= 20; ++n) {
        std::string key(n, 'a');
        for (size_t i = 0; i < n; ++i) key[i] = static_cast<char>('a' + i % 26);
        for (size_t at = 0; at < n; ++at) {
            std::string other = key;
            other[at] = 'Z';
            std::vector<std::string> run = {
                "{\"" + key + "\":1,\"" + other + "\":2}",
                "{\"" + key + "\":1,\"" + other + "\":2}",
                "{\"" + other + "\":1,\"" + key + "\":2}",
                "{\"" + other + "\":1,\"" + other + "\":2}",
                "{\"" + key + "\":1,\"" + key + "\":2}",
            };
            REQUIRE(check_stream(run) == std::vector<std::string>{"", "", "", "duplicate key '" + other + "'",
                                                                  "duplicate key '" + key + "'"});
        }
    }

    // Random lines over a small vocabulary, some with a repeated key: the same answers as a fresh
    // parser for each line.
    const char* vocabulary[] = {"a", "b", "InvoiceNo", "Description", "abcdefgh", "abcdefgi", "SentimentRating", "x\\y", "_fb"};
    uint64_t state = 42;
    auto next = [&] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<size_t>(state >> 33);
    };
    std::vector<std::string> random_lines;
    for (int i = 0; i < 3000; ++i) {
        std::string line = "{";
        size_t keys = next() % 7;
        for (size_t k = 0; k < keys; ++k) {
            if (k) line += ',';
            line += std::string("\"") + vocabulary[next() % 9] + "\":" + std::to_string(k);
        }
        random_lines.push_back(line + "}");
    }
    std::vector<std::string> fresh;
    for (const std::string& line : random_lines) fresh.push_back(check(line));
    CHECK(check_stream(random_lines) == fresh);
    CHECK(std::count(fresh.begin(), fresh.end(), "") > 300);
    CHECK(std::count(fresh.begin(), fresh.end(), "") < 2700);
}

TEST_CASE("JSON string escaping: every special byte found at every offset of the 8-byte steps") {
    // append_string skips plain ASCII 8 bytes at a time; each byte that needs a look, put at each
    // position of a 24-byte text, must come out as the one-byte-at-a-time escaping gives it.
    const std::vector<std::pair<std::string, std::string>> specials = {
        {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {std::string(1, '\0'), "\\u0000"},
        {"\x1f", "\\u001f"}, {"\x7f", "\x7f"}, {" ", " "}, {"~", "~"}, {"\xC3\xA9", "\xC3\xA9"},
        {"\xE2\x9C\x93", "\xE2\x9C\x93"}, {"\xff", "\xEF\xBF\xBD"}, {"\x80", "\xEF\xBF\xBD"}};
    for (const auto& [raw, escaped] : specials)
        for (size_t at = 0; at <= 24; ++at) {
            std::string text = std::string(at, 'a') + raw + std::string(24 - at, 'z');
            std::string out;
            bool clean = fb::json::append_string(out, text);
            INFO("special " << escaped << " at " << at);
            std::string want = "\"";
            want.append(at, 'a').append(escaped).append(24 - at, 'z').append("\"");
            CHECK(out == want);
            CHECK(clean == (escaped != "\xEF\xBF\xBD"));
        }
}

TEST_CASE("JSON string escaping: two bytes that need a look in one 8-byte step, at every pair of offsets") {
    // The first flagged byte of a step is exact; bytes after it (a borrow can flag a space after a
    // control byte, a '!' after a quote) are looked at again on their own.
    const std::vector<std::pair<std::string, std::string>> firsts = {
        {std::string(1, '\0'), "\\u0000"}, {"\x1f", "\\u001f"}, {"\"", "\\\""}, {"\\", "\\\\"}, {"\xC3\xA9", "\xC3\xA9"}};
    const std::vector<std::pair<std::string, std::string>> seconds = {
        {" ", " "}, {"!", "!"}, {"]", "]"}, {"\t", "\\t"}, {"\"", "\\\""}, {"\xE2\x9C\x93", "\xE2\x9C\x93"}};
    for (const auto& [raw1, esc1] : firsts)
        for (const auto& [raw2, esc2] : seconds)
            for (size_t at = 0; at < 16; ++at)
                for (size_t gap = 0; gap < 9; ++gap) {
                    std::string text = std::string(at, 'a') + raw1 + std::string(gap, 'b') + raw2 + std::string(9, 'z');
                    std::string want = "\"" + std::string(at, 'a') + esc1 + std::string(gap, 'b') + esc2 + std::string(9, 'z') + "\"";
                    std::string out;
                    fb::json::append_string(out, text);
                    INFO("first " << esc1 << " at " << at << ", second " << esc2 << " after " << gap);
                    CHECK(out == want);
                }
}

TEST_CASE("JSON string escaping keeps output valid") {
    std::string out;
    CHECK(fb::json::append_string(out, "a\"b\\c\nd\x01é"));
    CHECK(out == R"("a\"b\\c\nd\u0001é")");
    out.clear();
    CHECK_FALSE(fb::json::append_string(out, "x\xff"));
    CHECK(out == "\"x\xEF\xBF\xBD\"");
    CHECK(fb::json::valid_utf8("São Paulo ✓ 😀"));
    CHECK_FALSE(fb::json::valid_utf8("\xC0\xAF"));        // overlong
    CHECK_FALSE(fb::json::valid_utf8("\xED\xA0\x80"));    // surrogate
    CHECK(fb::json::count_code_points("ação") == 4);
    CHECK(fb::json::is_json_number("-0.5e+10"));
    CHECK_FALSE(fb::json::is_json_number("01"));
    CHECK_FALSE(fb::json::is_json_number("1."));
}

TEST_CASE("splice replaces values and adds fields, copying the rest") {
    fb::Splice s;
    std::string obj = R"({"a":"x", "b":2 , "c":[1]})";
    s.reset(obj);
    s.replace(obj.find("2"), 1, "3");
    s.replace(obj.find("\"x\""), 3, "\"y\"");
    s.add("\"d\"", "true");
    std::string out;
    s.render(out);
    CHECK(out == R"({"a":"y", "b":3 , "c":[1],"d":true})");
    s.reset("{ }");
    s.add("\"k\"", "1");
    out.clear();
    s.render(out);
    CHECK(out == R"({"k":1 })");
}

TEST_CASE("walk_span gives the whole text of a value of any type") {
    fb::JsonLineParser p;
    std::string line = R"({"a" : {"x":[1, {"y":null}]} , "b":"s\"t","c":-1.5e3 ,"d":[ ],"e":{"k":1,"k":2}})";
    std::string buf = padded(line), err;
    std::vector<std::string> spans;
    bool ok = p.parse(std::string_view(buf.data(), line.size()), [&](std::string_view, od::value& v) {
        std::string_view text;
        auto e = p.walk_span(v, text);
        if (!e) spans.emplace_back(text);
        return e;
    }, err);
    CHECK_FALSE(ok);  // the duplicate key inside "e" is still found
    REQUIRE(spans.size() == 4);
    CHECK(spans[0] == R"({"x":[1, {"y":null}]})");
    CHECK(spans[1] == R"("s\"t")");
    CHECK(spans[2] == "-1.5e3");
    CHECK(spans[3] == "[ ]");
}

TEST_CASE("numbers of more than 19 digits read exactly (Debian's simdjson 3.0.1 does not: upstream #2093)") {
    // libbson writes doubles with 20 significant digits; these are from a real MongoDB export.
    for (std::string raw : {"0.061837000000000003075", "-23.527671999999999031", "0.95000000000000000000", "1000000000.000000001"}) {
        std::string line = padded("{\"a\":" + raw + "}");
        fb::JsonLineParser p;
        double got = 0;
        std::string err;
        bool ok = p.parse(std::string_view(line.data(), raw.size() + 6),
                          [&](std::string_view, od::value& v) { return fb::JsonLineParser::read_double(v, got); }, err);
        INFO(raw);
        REQUIRE(ok);
        CHECK(got == std::strtod(raw.c_str(), nullptr));
    }
    CHECK(fb::json::long_number("0.061837000000000003075"));
    CHECK_FALSE(fb::json::long_number("-23.527672"));
    CHECK_FALSE(fb::json::long_number("1.5e300"));
    CHECK_FALSE(fb::json::long_number("1234567890123456789"));   // 19 digits
    CHECK(fb::json::long_number("12345678901234567890"));        // 20
    CHECK_FALSE(fb::json::long_number("-1234567890123456789"));  // 20 bytes, 19 digits
    CHECK(fb::json::long_number("-1234567890.1234567890"));
}

TEST_CASE("append_thousandths writes what append_double writes for k / 1000") {
    for (int64_t k = -1500; k <= 3000; ++k) {
        std::string a, b;
        fb::json::append_thousandths(a, k);
        fb::json::append_double(b, static_cast<double>(k) / 1000);
        INFO(k);
        REQUIRE(a == b);
    }
}
