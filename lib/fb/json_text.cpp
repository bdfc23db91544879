#include "fb/json_text.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

namespace fb::json {

namespace {

// Length of the valid UTF-8 sequence starting at p (p < end), or 0 if invalid.
size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) {
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    auto cont = [&](size_t i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && p[1] < 0xA0) return 0;  // overlong
        if (c == 0xED && p[1] >= 0xA0) return 0; // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && p[1] < 0x90) return 0;  // overlong
        if (c == 0xF4 && p[1] >= 0x90) return 0; // > U+10FFFF
        return 4;
    }
    return 0;
}

constexpr char kHex[] = "0123456789abcdef";

// Where the first of the 8 bytes at p that needs a look is (a control byte, quote, backslash or
// non-ASCII), 8 when none does. Word-at-a-time tests: a borrow can only flag bytes after a byte
// that truly matched, so the lowest flag is exact (bytes are read little-endian).
inline unsigned first_special8(const unsigned char* p) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t below_space = (w - kOnes * 0x20) & ~w;
    uint64_t q = w ^ (kOnes * '"'), b = w ^ (kOnes * '\\');
    uint64_t quote = (q - kOnes) & ~q, backslash = (b - kOnes) & ~b;
    uint64_t flags = (below_space | quote | backslash | w) & kHigh;
    if (flags == 0) return 8;
    if constexpr (std::endian::native == std::endian::little) return static_cast<unsigned>(std::countr_zero(flags)) / 8;
    else return static_cast<unsigned>(std::countl_zero(flags)) / 8;
}

}  // namespace

bool append_string(std::string& out, std::string_view s) {
    bool clean = true;
    out += '"';
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    const auto* run = p;  // start of bytes not yet copied
    while (p < end) {
        if (end - p >= 8) {
            unsigned plain = first_special8(p);
            p += plain;
            if (plain == 8) continue;
        }
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++p;
            continue;
        }
        if (c >= 0x80) {
            size_t n = utf8_sequence_length(p, end);
            if (n != 0) {
                p += n;
                continue;
            }
        }
        out.append(reinterpret_cast<const char*>(run), p - run);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 15];
            } else {
                out += "\xEF\xBF\xBD";  // U+FFFD for an invalid byte
                clean = false;
            }
        }
        ++p;
        run = p;
    }
    out.append(reinterpret_cast<const char*>(run), p - run);
    out += '"';
    return clean;
}

void append_int(std::string& out, int64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_uint(std::string& out, uint64_t v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_double(std::string& out, double v) {
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append_thousandths(std::string& out, int64_t k) {
    if (k < 0) {
        out += '-';
        k = -k;  // callers' values are far from INT64_MIN
    }
    out += std::to_string(k / 1000);
    int frac = static_cast<int>(k % 1000);
    if (frac == 0) return;
    char digits[4] = {'.', static_cast<char>('0' + frac / 100), static_cast<char>('0' + frac / 10 % 10),
                      static_cast<char>('0' + frac % 10)};
    size_t len = 4;
    while (digits[len - 1] == '0') --len;
    out.append(digits, len);
}

bool valid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const auto* end = p + s.size();
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        size_t n = utf8_sequence_length(p, end);
        if (n == 0) return false;
        p += n;
    }
    return true;
}

size_t count_code_points(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

bool is_json_number(std::string_view s) {
    size_t i = 0, n = s.size();
    auto digit = [&](size_t k) { return k < n && s[k] >= '0' && s[k] <= '9'; };
    if (i < n && s[i] == '-') ++i;
    if (!digit(i)) return false;
    if (s[i] == '0') {
        ++i;
    } else {
        while (digit(i)) ++i;
    }
    if (i < n && s[i] == '.') {
        ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    return i == n;
}

bool long_number(std::string_view raw) {
    if (raw.size() < 20) return false;  // most numbers: too short to hold 20 digits
    int digits = 0;
    for (char c : raw) {
        if (c == 'e' || c == 'E') break;
        if (c >= '0' && c <= '9' && ++digits > 19) return true;
    }
    return false;
}

bool exact_double(std::string_view raw, double& out) {
    while (!raw.empty() && is_json_space(raw.back())) raw.remove_suffix(1);
    auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), out);
    return ec == std::errc() && end == raw.data() + raw.size();
}

}  // namespace fb::json
