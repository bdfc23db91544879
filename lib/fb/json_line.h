#pragma once
// Parses one NDJSON line with simdjson on-demand and validates all of it: every value is read, so
// syntax errors, invalid escapes, bad literals, over-deep nesting and duplicate keys are found even
// in fields the tool does not use, and every line a tool passes on is valid JSON. The top-level
// object's fields are handed to a visitor so a tool reads its own fields in the same single pass.
// Thread-safety: one parser per thread (simdjson parsers hold buffers).

#include <simdjson.h>

#include "fb/json_text.h"
#include "fb/text.h"

#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <string>
#include <string_view>
#include <vector>

namespace fb {

class JsonLineParser {
public:
    explicit JsonLineParser(int max_depth = 512) : max_depth_(max_depth) {}

    // `text` must be followed by at least SIMDJSON_PADDING readable bytes (LineReader guarantees
    // it). For each top-level key the visitor is called as
    //     simdjson::error_code visitor(std::string_view key, simdjson::ondemand::value& value)
    // and must either read the value or return walk(value). It returns the first JSON error
    // (not a schema error: those are the visitor's business). Returns false with `error` set when
    // the line is not one valid JSON object.
    template <class Visitor>
    bool parse(std::string_view text, Visitor&& visitor, std::string& error);

    // Reads a value completely (all nested values), checking syntax, depth and duplicate keys.
    simdjson::error_code walk(simdjson::ondemand::value& value, int depth = 1);

    // walk(), and sets `text` to the value's whole JSON text (scalar, object or array), so a tool
    // can replace or copy a field's value without knowing its type.
    simdjson::error_code walk_span(simdjson::ondemand::value& value, std::string_view& text, int depth = 1);

    // Walks an object value member by member with the same checks as walk(), calling
    //     simdjson::error_code visitor(std::string_view key, simdjson::ondemand::value& value,
    //                                  const char* member_begin)
    // where member_begin points at the member's opening quote. The visitor must read the value
    // completely (walk() or walk_span() with depth + 1). INCORRECT_TYPE when it is not an object.
    template <class Visitor>
    simdjson::error_code walk_members(simdjson::ondemand::value& value, Visitor&& visitor, int depth = 1);

    // Reads a string value: a view of the line's own bytes when it has no escapes (stage 1 has
    // already checked its UTF-8 and control characters, so nothing is left to check), else the
    // unescaped text in the parser's buffer. Either is valid until the next parse. INCORRECT_TYPE
    // when the value is not a string. Saves the copy simdjson's get_string() makes.
    static simdjson::error_code read_string(simdjson::ondemand::value& value, std::string_view& out) {
        std::string_view raw = value.raw_json_token();  // "text" and the blanks after it
        if (raw.empty() || raw[0] != '"') return simdjson::error_code::INCORRECT_TYPE;
        if (has_backslash(raw)) return value.get_string().get(out);
        while (raw.back() != '"') raw.remove_suffix(1);
        out = raw.substr(1, raw.size() - 2);
        simdjson::ondemand::raw_json_string consumed;
        return value.get_raw_json_string().get(consumed);
    }

    // Reads a number value as a double, exactly even where this simdjson is not (json::long_number).
    static simdjson::error_code read_double(simdjson::ondemand::value& value, double& out) {
        std::string_view raw = value.raw_json_token();
        if (auto e = value.get_double().get(out)) return e;
        if (json::long_number(raw) && !json::exact_double(raw, out)) return simdjson::error_code::NUMBER_ERROR;
        return simdjson::error_code::SUCCESS;
    }

    // The one-line reason for a simdjson error, for rejects and messages.
    static std::string describe(simdjson::error_code e);

    // Special code returned when an object repeats a key (stored in duplicate_key()).
    static constexpr simdjson::error_code kDuplicateKey = simdjson::error_code::NUM_ERROR_CODES;
    static constexpr simdjson::error_code kTooDeep = simdjson::error_code::DEPTH_ERROR;
    const std::string& duplicate_key() const { return dup_key_; }

private:
    // Records `key` in the object whose keys start at `mark`; false when the object has it already.
    // `bloom` (0 at the object's start) holds one bit per signature seen in it, so a key whose bit
    // is new needs no scan.
    bool note_key(size_t mark, std::string_view key, uint64_t& bloom);
    std::string error_text(simdjson::error_code e) const;
    // The first '"' or '\\' at or after p, 8 bytes at a time: the line is followed by simdjson's
    // padding and a key or string ends with a quote, so reading up to 7 bytes past it is safe.
    static const char* quote_or_backslash(const char* p) {
        static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the lowest set bit is the first byte");
        constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
        for (;; p += 8) {
            uint64_t v;
            std::memcpy(&v, p, 8);
            uint64_t q = v ^ (kOnes * '"'), s = v ^ (kOnes * '\\');
            // A zero byte of q or s sets its high bit; a false one can only follow a true one.
            uint64_t hit = (((q - kOnes) & ~q) | ((s - kOnes) & ~s)) & kHigh;
            if (hit) return p + (__builtin_ctzll(hit) >> 3);
        }
    }
    // Whether `raw` (a token of the line, so followed by its padding) holds a backslash: 16 bytes
    // at a time with SSE2, inline (memchr's set-up cost more than the search for these short texts).
    static bool has_backslash(std::string_view raw) {
#if defined(__SSE2__)
        const __m128i backslash = _mm_set1_epi8('\\');
        for (size_t i = 0; i < raw.size(); i += 16) {
            __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(raw.data() + i));
            if (int hit = _mm_movemask_epi8(_mm_cmpeq_epi8(x, backslash))) return i + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(hit))) < raw.size();
        }
        return false;
#else
        return std::memchr(raw.data(), '\\', raw.size()) != nullptr;
#endif
    }
    // A member's key, as read_string() reads values.
    static simdjson::error_code read_key(simdjson::ondemand::field& field, std::string_view& key) {
        const char* b = field.key().raw();  // just after the opening quote
        const char* e = quote_or_backslash(b);
        if (*e == '\\') return field.unescaped_key().get(key);
        key = std::string_view(b, static_cast<size_t>(e - b));
        return simdjson::error_code::SUCCESS;
    }

    simdjson::ondemand::parser parser_;
    int max_depth_;
    // Keys of the objects being walked, stacked by depth, each with a 64-bit signature of its
    // bytes (equal keys have equal signatures), so the duplicate check compares integers and reads
    // the text only when two signatures agree.
    struct Key {
        uint64_t signature;
        std::string_view text;
    };
    static uint64_t signature(std::string_view key);
    std::vector<Key> keys_;
    std::string dup_key_;

    // The top-level keys of the last line parsed without error, in order. The lines of a stream
    // mostly repeat one another's keys, and a key equal to the one at its place in the shape is
    // new to the object with no signature or scan (the shape's keys are distinct). From the first
    // key that differs on, keys are checked as in nested objects (leave_shape()).
    struct Shape {
        std::string bytes;           // the keys, one after the other
        std::vector<uint32_t> ends;  // where each key ends in bytes
        // Whether `key` is the shape's i-th key.
        bool has(size_t i, std::string_view key) const {
            if (i >= ends.size()) return false;
            size_t begin = i ? ends[i - 1] : 0;
            return same_text(std::string_view(bytes.data() + begin, ends[i] - begin), key);
        }
    };
    // The first `matched` keys of the line were the shape's: records them in keys_ (and bloom)
    // so the keys after them are checked against them.
    void leave_shape(size_t matched, uint64_t& bloom);
    // After a line parsed without error: makes its keys the shape. `matched` keys were the
    // shape's, and the rest (when on_shape is false) are in keys_.
    void keep_shape(bool on_shape, size_t matched);
    Shape shape_, spare_;  // spare_: the next shape is built in it, then they swap
};

template <class Visitor>
bool JsonLineParser::parse(std::string_view text, Visitor&& visitor, std::string& error) {
    using namespace simdjson;
    using simdjson::error_code;
    keys_.clear();
    dup_key_.clear();
    // Leading/trailing blanks are allowed around the object.
    size_t b = 0, e = text.size();
    while (b < e && json::is_json_space(text[b])) ++b;
    while (e > b && json::is_json_space(text[e - 1])) --e;
    if (b < e && text[b] != '{') {
        char c = text[b];
        error = c == '[' ? "expected a JSON object, got an array"
              : (c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' || c == 'n')
                  ? "expected a JSON object, got a scalar value"
                  : "invalid JSON: unexpected character at column " + std::to_string(b + 1);
        return false;
    }
    ondemand::document doc;
    auto err = parser_.iterate(padded_string_view(text.data(), text.size(), text.size() + SIMDJSON_PADDING)).get(doc);
    if (err) {
        error = error_text(err);
        return false;
    }
    ondemand::object obj;
    if ((err = doc.get_object().get(obj))) {
        error = error_text(err);
        return false;
    }
    uint64_t bloom = 0;
    size_t matched = 0;  // the leading keys that are the shape's
    bool on_shape = true;
    for (auto member : obj) {
        ondemand::field field;
        if ((err = std::move(member).get(field))) break;
        std::string_view key;
        if ((err = read_key(field, key))) break;
        if (on_shape && shape_.has(matched, key)) {
            ++matched;
        } else {
            if (on_shape) {
                on_shape = false;
                leave_shape(matched, bloom);
            }
            if (!note_key(0, key, bloom)) {
                err = kDuplicateKey;
                break;
            }
        }
        ondemand::value& v = field.value();
        if ((err = visitor(key, v))) break;
    }
    const char* rest = nullptr;
    if (!err && doc.current_location().get(rest) == error_code::SUCCESS) {
        error = "invalid JSON: content after the object";
        return false;
    }
    if (err) {
        error = error_text(err);
        return false;
    }
    if (!on_shape || matched != shape_.ends.size()) keep_shape(on_shape, matched);
    return true;
}

template <class Visitor>
simdjson::error_code JsonLineParser::walk_members(simdjson::ondemand::value& value, Visitor&& visitor, int depth) {
    using simdjson::error_code;
    if (depth >= max_depth_) return kTooDeep;
    simdjson::ondemand::object obj;
    if (auto e = value.get_object().get(obj)) return e;
    size_t mark = keys_.size();
    uint64_t bloom = 0;
    for (auto member : obj) {
        simdjson::ondemand::field field;
        if (auto e = std::move(member).get(field)) return e;
        const char* begin = field.key().raw() - 1;
        std::string_view key;
        if (auto e = read_key(field, key)) return e;
        if (!note_key(mark, key, bloom)) return kDuplicateKey;
        simdjson::ondemand::value& v = field.value();
        if (auto e = visitor(key, v, begin)) return e;
    }
    keys_.resize(mark);
    return error_code::SUCCESS;
}

}  // namespace fb
