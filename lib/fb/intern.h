#pragma once
// Interning strings: each distinct string gets a dense id (0, 1, 2...) the first time it is seen,
// so callers keep what they know about it in plain vectors indexed by id. Open addressing with
// linear probing and a fast 64-bit hash; the texts live in one arena. Used where the same short
// strings come back millions of times (fb-classify's tokens, fb-analyze's words and descriptions).
//
// Layout, for the lookup that finds what is already there (nearly every call): a slot is one
// 64-bit word holding the top 32 bits of the string's hash and its id + 1, so probing compares
// hashes without touching anything else; only a slot whose hash matches reads the entry
// (offset, length) and the text, which is compared in 8-byte words.
// Thread-safety: one table per thread.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fb {

class InternTable {
public:
    static constexpr uint32_t kNone = UINT32_MAX;

    // At most `max_size` strings; past that intern() returns kNone for new ones.
    explicit InternTable(size_t max_size = size_t{1} << 31) : slots_(1u << 10, 0), max_size_(max_size) {}

    // The id of `s`; a new id when it was not there (`added` says so), kNone when full.
    uint32_t intern(std::string_view s, bool& added) {
        added = false;
        uint64_t h = hash(s);
        uint64_t tag = h & kTagMask;
        size_t mask = slots_.size() - 1;
        size_t i = h & mask;
        for (;; i = (i + 1) & mask) {
            uint64_t slot = slots_[i];
            if (slot == 0) break;
            if ((slot & kTagMask) == tag && same(static_cast<uint32_t>(slot) - 1, s))
                return static_cast<uint32_t>(slot) - 1;
        }
        if (entries_.size() >= max_size_) return kNone;
        uint32_t id = static_cast<uint32_t>(entries_.size());
        entries_.push_back({h, arena_.size(), static_cast<uint32_t>(s.size())});
        arena_.append(s);
        slots_[i] = tag | (uint64_t{id} + 1);
        if (entries_.size() * 2 > slots_.size()) grow();
        added = true;
        return id;
    }
    uint32_t intern(std::string_view s) {
        bool added;
        return intern(s, added);
    }
    // The id of `s`, or kNone.
    uint32_t find(std::string_view s) const {
        uint64_t h = hash(s);
        uint64_t tag = h & kTagMask;
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            uint64_t slot = slots_[i];
            if (slot == 0) return kNone;
            if ((slot & kTagMask) == tag && same(static_cast<uint32_t>(slot) - 1, s)) return static_cast<uint32_t>(slot) - 1;
        }
    }
    std::string_view text(uint32_t id) const { return {arena_.data() + entries_[id].offset, entries_[id].length}; }
    size_t size() const { return entries_.size(); }

    static uint64_t hash(std::string_view s);

private:
    static constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ull;
    struct Entry {
        uint64_t hash;
        size_t offset;
        uint32_t length;
    };
    bool same(uint32_t id, std::string_view s) const {
        const Entry& e = entries_[id];
        if (e.length != s.size()) return false;
        const char* a = arena_.data() + e.offset;
        const char* b = s.data();
        size_t n = s.size();
        for (; n >= 8; a += 8, b += 8, n -= 8) {
            uint64_t x, y;
            std::memcpy(&x, a, 8);
            std::memcpy(&y, b, 8);
            if (x != y) return false;
        }
        for (; n; ++a, ++b, --n)
            if (*a != *b) return false;
        return true;
    }
    void grow();
    std::vector<uint64_t> slots_;  // hash tag | id + 1; 0 = empty
    std::vector<Entry> entries_;
    std::string arena_;
    size_t max_size_;
};

}  // namespace fb
