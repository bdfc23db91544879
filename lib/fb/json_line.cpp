#include "fb/json_line.h"

#include <algorithm>
#include <cstring>

#include "fb/json_text.h"

namespace fb {

using simdjson::error_code;
namespace od = simdjson::ondemand;

uint64_t JsonLineParser::signature(std::string_view key) {
    // The length and up to 16 bytes (the first and last 8 for long keys, all of a short one).
    const char* p = key.data();
    size_t n = key.size();
    uint64_t a = 0, b = 0;
    if (n >= 8) {
        std::memcpy(&a, p, 8);
        std::memcpy(&b, p + n - 8, 8);
    } else {
        for (size_t i = 0; i < n; ++i) a |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    }
    // The multiplication (odd, so no two inputs collide) spreads every byte into the top bits the
    // bloom uses.
    return (a ^ (b << 29 | b >> 35) ^ n) * 0x9E3779B97F4A7C15ull;
}

bool JsonLineParser::note_key(size_t mark, std::string_view key, uint64_t& bloom) {
    // Objects are small: a linear scan of this object's key signatures beats hashing, and most
    // keys skip even that (their bloom bit is new). Large objects fall back to a sorted check so a
    // 100,000-key object is not quadratic.
    size_t n = keys_.size() - mark;
    uint64_t sig = signature(key);
    uint64_t bit = uint64_t{1} << (sig >> 58);
    if (n < 64 && !(bloom & bit)) {
        bloom |= bit;
        keys_.push_back({sig, key});
        return true;
    }
    bloom |= bit;
    if (n < 64) {
        for (size_t i = mark; i < keys_.size(); ++i)
            if (keys_[i].signature == sig && keys_[i].text == key) {
                dup_key_ = key;
                return false;
            }
        keys_.push_back({sig, key});
        return true;
    }
    auto first = keys_.begin() + static_cast<std::ptrdiff_t>(mark);
    auto by_text = [](const Key& x, const Key& y) { return x.text < y.text; };
    if (n == 64) std::sort(first, keys_.end(), by_text);
    auto it = std::lower_bound(first, keys_.end(), Key{sig, key}, by_text);
    if (it != keys_.end() && it->text == key) {
        dup_key_ = key;
        return false;
    }
    keys_.insert(it, {sig, key});
    return true;
}

void JsonLineParser::leave_shape(size_t matched, uint64_t& bloom) {
    for (size_t i = 0; i < matched; ++i) {
        size_t begin = i ? shape_.ends[i - 1] : 0;
        std::string_view key(shape_.bytes.data() + begin, shape_.ends[i] - begin);
        uint64_t sig = signature(key);
        bloom |= uint64_t{1} << (sig >> 58);
        keys_.push_back({sig, key});
    }
}

void JsonLineParser::keep_shape(bool on_shape, size_t matched) {
    if (on_shape) {  // the line's keys were the shape's first `matched`
        shape_.ends.resize(matched);
        shape_.bytes.resize(matched ? shape_.ends.back() : 0);
        return;
    }
    // keys_ holds the line's keys in order (from the shape's bytes, then the line's), unless a
    // large object had them sorted (note_key): then there is no shape to keep.
    spare_.bytes.clear();
    spare_.ends.clear();
    if (keys_.size() <= 64) {
        for (const Key& k : keys_) {
            spare_.bytes += k.text;
            spare_.ends.push_back(static_cast<uint32_t>(spare_.bytes.size()));
        }
    }
    std::swap(shape_, spare_);
}

error_code JsonLineParser::walk(od::value& value, int depth) {
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    switch (type) {
    case od::json_type::object: {
        if (depth >= max_depth_) return kTooDeep;
        od::object obj;
        if (auto e = value.get_object().get(obj)) return e;
        size_t mark = keys_.size();
        uint64_t bloom = 0;
        for (auto member : obj) {
            od::field field;
            if (auto e = std::move(member).get(field)) return e;
            std::string_view key;
            if (auto e = read_key(field, key)) return e;
            if (!note_key(mark, key, bloom)) return kDuplicateKey;
            if (auto e = walk(field.value(), depth + 1)) return e;
        }
        keys_.resize(mark);
        return error_code::SUCCESS;
    }
    case od::json_type::array: {
        if (depth >= max_depth_) return kTooDeep;
        od::array arr;
        if (auto e = value.get_array().get(arr)) return e;
        for (auto element : arr) {
            od::value v;
            if (auto e = element.get(v)) return e;
            if (auto e = walk(v, depth + 1)) return e;
        }
        return error_code::SUCCESS;
    }
    case od::json_type::number: {
        std::string_view raw;
        raw = value.raw_json_token();
        od::number num;
        if (value.get_number().get(num)) {
            // Too large for a double or a 64-bit integer, but still valid JSON if spelled right.
            while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
                raw.remove_suffix(1);
            if (!json::is_json_number(raw)) return error_code::NUMBER_ERROR;
        }
        return error_code::SUCCESS;
    }
    case od::json_type::string: {
        std::string_view s;
        return read_string(value, s);
    }
    case od::json_type::boolean: {
        bool b;
        return value.get_bool().get(b);
    }
    case od::json_type::null: {
        bool is_null;
        if (auto e = value.is_null().get(is_null)) return e;
        return is_null ? error_code::SUCCESS : error_code::N_ATOM_ERROR;
    }
    }
    return error_code::TAPE_ERROR;
}

error_code JsonLineParser::walk_span(od::value& value, std::string_view& text, int depth) {
    od::json_type type;
    if (auto e = value.type().get(type)) return e;
    std::string_view token = value.raw_json_token();  // a scalar's text, or just '{' / '['
    const char* end = token.data() + token.size();
    if (auto e = walk(value, depth)) return e;
    if (type == od::json_type::object || type == od::json_type::array) {
        // After walking a container the shared iterator stands on the ',' or '}' that follows it.
        if (auto e = value.current_location().get(end)) return e;
    }
    const char* begin = token.data();
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')) --end;
    text = std::string_view(begin, static_cast<size_t>(end - begin));
    return error_code::SUCCESS;
}

std::string JsonLineParser::describe(error_code e) {
    switch (e) {
    case error_code::TAPE_ERROR: return "invalid JSON";
    case error_code::INCOMPLETE_ARRAY_OR_OBJECT: return "invalid JSON: unclosed object or array (truncated?)";
    case error_code::UNCLOSED_STRING: return "invalid JSON: truncated (unclosed string)";
    case error_code::UTF8_ERROR: return "invalid UTF-8";
    case error_code::NUMBER_ERROR: return "invalid JSON: malformed number";
    case error_code::STRING_ERROR: return "invalid JSON: bad string escape";
    case error_code::UNESCAPED_CHARS: return "invalid JSON: control character inside a string";
    case error_code::T_ATOM_ERROR:
    case error_code::F_ATOM_ERROR:
    case error_code::N_ATOM_ERROR: return "invalid JSON: bad literal (expected true, false or null)";
    case error_code::DEPTH_ERROR: return "nesting too deep";
    case error_code::EMPTY: return "invalid JSON: empty";
    case error_code::CAPACITY: return "line too large for the JSON parser";
    case error_code::INCORRECT_TYPE: return "invalid JSON: malformed value";
    default: return std::string("invalid JSON: ") + simdjson::error_message(e);
    }
}

std::string JsonLineParser::error_text(error_code e) const {
    if (e == kDuplicateKey) return "duplicate key '" + dup_key_ + "'";
    if (e == kTooDeep) return "nesting deeper than " + std::to_string(max_depth_) + " levels";
    return describe(e);
}

}  // namespace fb
