#pragma once
// Word counts for analysis (5), defined as pandas users write it: `text.lower()` then
// `re.findall(r"\w+", ...)`: full Unicode lower-casing (ICU), words are runs of letters, digits
// (any script, accents kept) and '_'; stop words (a Portuguese list, compiled in) are skipped
// unless kept. Each distinct code point goes through ICU once.
// Thread-safety: one WordCounter per thread; StopWords is read-only.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace analyze {

struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// Counts by text, looked up by string_view without building a string.
using WordCounts = std::unordered_map<std::string, int64_t, Hash, std::equal_to<>>;
using Counts = WordCounts;

class StopWords {
public:
    // One word per line, '#' comments; the compiled-in Portuguese list when `text` is empty.
    static StopWords parse(std::string_view text);
    static StopWords portuguese();
    bool contains(std::string_view w) const { return words_.find(w) != words_.end(); }
    size_t size() const { return words_.size(); }

private:
    std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

class WordCounter {
public:
    explicit WordCounter(const StopWords* stop_words) : stop_(stop_words), lower_(0x10000, 0) {}
    void add(std::string_view text);
    const WordCounts& counts() const { return counts_; }

private:
    // Lower-cased UTF-8 of a code point and whether it is a word character, from ICU, cached.
    struct CodePoint {
        std::string_view lower;
        bool word;
    };
    CodePoint code_point(uint32_t cp);
    void count(std::string_view word);

    const StopWords* stop_;  // null: keep every word
    WordCounts counts_;
    std::vector<uint32_t> lower_;  // offset+1 into pool_ (byte: length, byte: word flag, text)
    std::string pool_, scratch_, word_;
};

}  // namespace analyze
