#pragma once
// Word counts for analysis (5), defined as pandas users write it: `text.lower()` then
// `re.findall(r"\w+", ...)`: full Unicode lower-casing (ICU), words are runs of letters, digits
// (any script, accents kept) and '_'; stop words (a Portuguese list, compiled in) are skipped
// unless kept. Each distinct code point goes through ICU once.
// Thread-safety: one WordCounter per thread; StopWords is read-only.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "fb/intern.h"

namespace analyze {

struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Values by text (categories, cities): one interning lookup per record and the values in a vector
// by id, instead of a walk down a std::map comparing strings; in key order only when a report
// asks (sorted(): bytewise, i.e. code-point order for UTF-8). Such fields have few values, mostly
// short: a small cache answers for them without hashing the text.
template <class V>
class ByText {
public:
    V& operator[](std::string_view key) { return at(intern(key)); }
    std::map<std::string, V, std::less<>> sorted() const {
        std::map<std::string, V, std::less<>> m;
        for (uint32_t id = 0; id < values_.size(); ++id) m.emplace(names_.text(id), values_[id]);
        return m;
    }
    size_t size() const { return values_.size(); }

protected:
    V& at(uint32_t id) {
        if (id == fb::InternTable::kNone) return spill_;  // the table is full (16 GiB of keys): not kept
        if (id >= values_.size()) values_.resize(static_cast<size_t>(id) + 1);
        return values_[id];
    }
    uint32_t intern(std::string_view key) {
        bool added;
        return recent_.intern(names_, key, added);
    }
    fb::InternTable names_;
    fb::ShortInternCache<fb::kExact> recent_{6};
    std::vector<V> values_;
    V spill_{};
};

// Counts by text.
class Counter : public ByText<int64_t> {
public:
    void add(std::string_view key) { ++at(intern(key)); }
    // Starts loading where `key` is counted (a table of long texts does not fit the caches);
    // add(key, h) with the hash it returns finishes the count later.
    uint64_t prefetch(std::string_view key) const { return names_.prefetch(key); }
    void prefetch_record(uint64_t h) const { names_.prefetch_record(h); }
    void add(std::string_view key, uint64_t h) {
        bool added;
        ++at(names_.intern(key, h, added));
    }
    void add_id(uint32_t id) { ++values_[id]; }
    std::vector<std::pair<std::string_view, int64_t>> items() const {
        std::vector<std::pair<std::string_view, int64_t>> v;
        v.reserve(values_.size());
        for (uint32_t id = 0; id < values_.size(); ++id)
            if (values_[id]) v.emplace_back(names_.text(id), values_[id]);
        return v;
    }
};
using Counts = Counter;

class StopWords {
public:
    // One word per line, '#' comments, lower-cased (an empty text is an empty list).
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
    const Counter& counts() const { return counts_; }

private:
    // Lower-cased UTF-8 of a code point and whether it is a word character, from ICU, cached.
    struct CodePoint {
        std::string_view lower;
        bool word;
    };
    CodePoint code_point(uint32_t cp);
    void count(std::string_view word);

    // Words (stop words included, never counted) and whether each is a stop word.
    class Words : public Counter {
    public:
        uint32_t intern(std::string_view w, bool& added) {
            uint32_t id = recent_.intern(names_, w, added);
            if (added) values_.push_back(0);
            return id;
        }

    private:
        fb::ShortInternCache<> recent_;  // most words are short: found here first
    };
    const StopWords* stop_;  // null: keep every word
    Words counts_;
    std::vector<uint8_t> is_stop_;
    std::vector<uint32_t> lower_;  // offset+1 into pool_ (byte: length, byte: word flag, text)
    std::string pool_, scratch_, word_;
};

}  // namespace analyze
