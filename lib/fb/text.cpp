#include "fb/text.h"

#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/locid.h>

namespace fb {

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i, or returns
// 0xFFFFFFFF (and advances by one byte) on an invalid sequence.
uint32_t next_code_point(std::string_view s, size_t& i) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
    if (len == 0 || i + static_cast<size_t>(len) > s.size()) {
        ++i;
        return 0xFFFFFFFF;
    }
    uint32_t cp = len == 2 ? (b & 0x1Fu) : len == 3 ? (b & 0x0Fu) : (b & 0x07u);
    for (int k = 1; k < len; ++k) {
        auto c = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
        if ((c & 0xC0) != 0x80) {
            ++i;
            return 0xFFFFFFFF;
        }
        cp = (cp << 6) | (c & 0x3Fu);
    }
    // Overlong forms, surrogates and out-of-range values are invalid.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return 0xFFFFFFFF;
    }
    i += static_cast<size_t>(len);
    return cp;
}

namespace {

// The folded form of one non-ASCII code point, by ICU.
void fold_with_icu(uint32_t cp, std::string& out) {
    out.clear();
    if (!u_isalnum(static_cast<UChar32>(cp))) {
        out.assign(1, ' ');
        return;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString text(static_cast<UChar32>(cp));
    icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(text, status) : text;
    if (U_FAILURE(status)) decomposed = text;
    icu::UnicodeString kept;
    for (int32_t k = 0; k < decomposed.length();) {
        UChar32 c = decomposed.char32At(k);
        if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
        k += U16_LENGTH(c);
    }
    kept.toLower(icu::Locale::getRoot());
    kept.toUTF8String(out);
    if (out.empty()) out.assign(1, ' ');
}

}  // namespace

TextFolder::TextFolder() : table_(0x10000, 0) {}

std::string_view TextFolder::folded(uint32_t cp) {
    if (cp >= 0x10000) {
        fold_with_icu(cp, scratch_);
        return scratch_;
    }
    uint32_t at = table_[cp];
    if (at == 0) {
        fold_with_icu(cp, scratch_);
        at = static_cast<uint32_t>(pool_.size()) + 1;
        pool_ += static_cast<char>(scratch_.size());
        pool_ += scratch_;
        table_[cp] = at;
    }
    return std::string_view(pool_).substr(at, static_cast<unsigned char>(pool_[at - 1]));
}

namespace {

// Lower-cases 8 ASCII bytes at once (every byte below 0x80): a byte in 'A'..'Z' gains 0x20. The
// two additions cannot carry from one byte into the next because every byte is at most 0x7F.
uint64_t ascii_lower8(uint64_t v) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    uint64_t at_least_a = v + kOnes * (0x80 - 'A');    // high bit set when the byte is >= 'A'
    uint64_t above_z = v + kOnes * (0x80 - 'Z' - 1);   // high bit set when the byte is > 'Z'
    uint64_t upper = at_least_a & ~above_z & (kOnes * 0x80);
    return v | (upper >> 2);
}

}  // namespace

void TextFolder::fold(std::string_view s, std::string& out) {
    out.reserve(out.size() + s.size());
    const char* p = s.data();
    const size_t n = s.size();
    for (size_t i = 0; i < n;) {
        // Plain ASCII, 8 bytes at a time.
        if (i + 8 <= n) {
            uint64_t v;
            std::memcpy(&v, p + i, 8);
            if ((v & 0x8080808080808080ull) == 0) {
                v = ascii_lower8(v);
                char bytes[8];
                std::memcpy(bytes, &v, 8);
                out.append(bytes, 8);
                i += 8;
                continue;
            }
        }
        auto b = static_cast<unsigned char>(p[i]);
        if (b < 0x80) {
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
            ++i;
            continue;
        }
        uint32_t cp = next_code_point(s, i);
        if (cp == 0xFFFFFFFF) out += ' ';
        else out += folded(cp);
    }
}

std::string_view utf8_prefix(std::string_view s, size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    size_t n = max_bytes;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

}  // namespace fb
