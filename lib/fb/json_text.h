#pragma once
// Writing JSON text by hand, fast: string escaping and number formatting into a std::string.
// Used wherever a tool emits JSON (records, rejects, stats, HTTP replies) without building a DOM.
// Thread-safety: free functions on caller-owned buffers.

#include <cstdint>
#include <string>
#include <string_view>

namespace fb::json {

// Appends s as a quoted JSON string. Control characters, quotes and backslashes are escaped;
// invalid UTF-8 bytes become U+FFFD so the output is always valid JSON. Returns false when a
// replacement was needed (the text was not valid UTF-8).
bool append_string(std::string& out, std::string_view s);

void append_int(std::string& out, int64_t v);
void append_uint(std::string& out, uint64_t v);
// Shortest text that reads back to the same double; NaN and infinities become null.
void append_double(std::string& out, double v);
// `thousandths` / 1000 as append_double writes that double (shortest form: 731 -> 0.731,
// 750 -> 0.75, 1000 -> 1, -5 -> -0.005), without converting a double.
void append_thousandths(std::string& out, int64_t thousandths);

// JSON's insignificant whitespace (RFC 8259: space, tab, line feed, carriage return).
inline bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// `s` without leading and trailing JSON whitespace.
inline std::string_view trim_json_space(std::string_view s) {
    while (!s.empty() && is_json_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_json_space(s.back())) s.remove_suffix(1);
    return s;
}

// True when s is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(std::string_view s);
// Number of Unicode code points in valid UTF-8 text.
size_t count_code_points(std::string_view s);
// Debian 12's simdjson (3.0.1) mis-parses some numbers with more than 19 significant digits
// (upstream issue #2093, fixed in 3.6.3: "0.061837000000000003075" reads as 0.00649...). libbson
// writes doubles with 20 digits, so such numbers are common in data exported from MongoDB. The
// callers reading doubles check long_number() on the raw token and then use exact_double().
bool long_number(std::string_view raw);
// The double nearest to the JSON number `raw` (std::from_chars); false when it is not one.
bool exact_double(std::string_view raw, double& out);

// True when s is one JSON number as RFC 8259 spells it (used for numbers too large to convert).
bool is_json_number(std::string_view s);

}  // namespace fb::json
