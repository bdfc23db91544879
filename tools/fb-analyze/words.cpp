#include "words.h"

#include <array>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "embedded_data.h"
#include "fb/text.h"

namespace analyze {

StopWords StopWords::parse(std::string_view text) {
    StopWords s;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty() || line.front() == '#') continue;
        // Words are compared after lower-casing, so the list is lower-cased too.
        icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(line.data(), static_cast<int32_t>(line.size())));
        u.toLower(icu::Locale::getRoot());
        std::string lower;
        u.toUTF8String(lower);
        s.words_.emplace(std::move(lower));
    }
    return s;
}

StopWords StopWords::portuguese() { return parse(embedded::stopwords_pt); }

namespace {

// Python's str.isalnum() per code point: letters, decimal digits, other numbers.
bool word_char(UChar32 c) {
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return true;
    default: return c == '_';
    }
}

}  // namespace

WordCounter::CodePoint WordCounter::code_point(uint32_t cp) {
    uint32_t at = cp < lower_.size() ? lower_[cp] : 0;
    if (at == 0) {
        icu::UnicodeString u(static_cast<UChar32>(cp));
        u.toLower(icu::Locale::getRoot());
        scratch_.clear();
        u.toUTF8String(scratch_);
        // Python lower-cases first, then matches \w on the result: classify what lower() gave.
        bool word = true;
        for (int32_t k = 0; k < u.length();) {
            UChar32 c = u.char32At(k);
            word = word && word_char(c);
            k += U16_LENGTH(c);
        }
        if (cp >= lower_.size()) return {scratch_, word};
        at = static_cast<uint32_t>(pool_.size()) + 1;
        pool_ += static_cast<char>(scratch_.size());
        pool_ += static_cast<char>(word);
        pool_ += scratch_;
        lower_[cp] = at;
    }
    return {std::string_view(pool_).substr(at + 1, static_cast<unsigned char>(pool_[at - 1])), pool_[at] != 0};
}

void WordCounter::count(std::string_view word) {
    if (word.empty()) return;
    bool added;
    uint32_t id = counts_.intern(word, added);
    if (added) is_stop_.push_back(stop_ && stop_->contains(word));  // asked once per distinct word
    if (!is_stop_[id]) counts_.add_id(id);
}

namespace {

// ASCII letters, digits and '_': the word characters of ASCII.
constexpr std::array<bool, 128> kAsciiWord = [] {
    std::array<bool, 128> t{};
    for (int c = 0; c < 128; ++c) t[static_cast<size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return t;
}();

}  // namespace

void WordCounter::add(std::string_view text) {
    word_.clear();
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (!kAsciiWord[b]) {
                count(word_);
                word_.clear();
                ++i;
                continue;
            }
            // A run of ASCII word characters. A whole word in lower case (the common case) is
            // counted where it is; otherwise it is lower-cased onto the word being built.
            size_t start = i;
            bool upper = false;
            for (; i < n; ++i) {
                auto c = static_cast<unsigned char>(text[i]);
                if (c >= 0x80 || !kAsciiWord[c]) break;
                upper |= c >= 'A' && c <= 'Z';
            }
            bool ends_word = i == n || static_cast<unsigned char>(text[i]) < 0x80;
            if (word_.empty() && !upper && ends_word) {
                count(text.substr(start, i - start));
                continue;
            }
            size_t at = word_.size();
            word_.resize(at + (i - start));
            for (size_t k = start; k < i; ++k) {
                char c = text[k];
                word_[at++] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            }
            continue;
        }
        uint32_t cp = fb::next_code_point(text, i);
        CodePoint p = code_point(cp == 0xFFFFFFFF ? 0xFFFD : cp);
        if (p.word) {
            word_ += p.lower;
        } else {
            count(word_);
            word_.clear();
        }
    }
    count(word_);
}

}  // namespace analyze
