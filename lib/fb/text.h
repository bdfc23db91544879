#pragma once
// Folding text for matching words, the way people write Portuguese on a phone: lower case and
// accents removed ("Não CAIU" -> "nao caiu"), with ICU doing the Unicode work (canonical
// decomposition, dropping combining marks, full lower-casing). Letters and digits of any script
// are kept (folded); other non-ASCII characters (symbols, emoji, odd spaces) become a space, and
// ASCII punctuation is kept so callers can see sentence ends. Invalid UTF-8 becomes a space.
// Each distinct code point goes through ICU once; later ones come from a table.
// Thread-safety: one TextFolder per thread (the table fills lazily).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fb {

class TextFolder {
public:
    TextFolder();

    // Appends the folded form of `utf8` to `out`.
    void fold(std::string_view utf8, std::string& out);
    std::string fold(std::string_view utf8) {
        std::string out;
        fold(utf8, out);
        return out;
    }

private:
    std::string_view folded(uint32_t cp);

    // For code points up to U+FFFF: offset+1 into pool_ of the folded text (0: not yet known);
    // the length is in the first byte. Others are folded each time.
    std::vector<uint32_t> table_;
    std::string pool_;
    std::string scratch_;
};

// Whether n bytes at p and q (sizeof(W) <= n <= 2 sizeof(W)) are equal: the first and the last
// sizeof(W) of them, overlapping.
template <class W>
bool same_ends(const char* p, const char* q, size_t n) {
    W x, y, u, v;
    std::memcpy(&x, p, sizeof(W));
    std::memcpy(&y, q, sizeof(W));
    std::memcpy(&u, p + n - sizeof(W), sizeof(W));
    std::memcpy(&v, q + n - sizeof(W), sizeof(W));
    return ((x ^ y) | (u ^ v)) == 0;
}

// a == b, short texts (the keys of a record) compared in a few word loads instead of a call to
// memcmp; every read stays within the texts.
inline bool same_text(std::string_view a, std::string_view b) {
    size_t n = a.size();
    if (n != b.size()) return false;
    if (n >= 8 && n <= 16) return same_ends<uint64_t>(a.data(), b.data(), n);
    if (n >= 4 && n < 8) return same_ends<uint32_t>(a.data(), b.data(), n);
    return std::memcmp(a.data(), b.data(), n) == 0;
}

// `s` without the spaces and tabs at either end (table cells, CSV headers, keys typed by hand).
inline std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// Decodes the UTF-8 sequence at s[i] and advances i past it; an invalid or cut sequence gives
// 0xFFFFFFFF and advances one byte (callers decide what stands in for it).
uint32_t next_code_point(std::string_view s, size_t& i);

// Truncates `utf8` to at most `max_bytes` bytes without cutting a character in two.
std::string_view utf8_prefix(std::string_view utf8, size_t max_bytes);

}  // namespace fb
