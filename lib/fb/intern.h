#pragma once
// Interning strings: each distinct string gets a dense id (0, 1, 2...) the first time it is seen,
// so callers keep what they know about it in plain vectors indexed by id. Open addressing with
// linear probing and a fast 64-bit hash; the texts live in one arena. Used where the same short
// strings come back millions of times (fb-classify's tokens, fb-analyze's words and descriptions).
// Thread-safety: one table per thread.

#include <cstdint>
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
        size_t mask = slots_.size() - 1;
        size_t i = h & mask;
        for (;; i = (i + 1) & mask) {
            uint32_t slot = slots_[i];
            if (slot == 0) break;
            uint32_t id = slot - 1;
            if (hashes_[id] == h && text(id) == s) return id;
        }
        if (hashes_.size() >= max_size_) return kNone;
        uint32_t id = static_cast<uint32_t>(hashes_.size());
        hashes_.push_back(h);
        offsets_.push_back(arena_.size());
        arena_.append(s);
        lengths_.push_back(static_cast<uint32_t>(s.size()));
        slots_[i] = id + 1;
        if (hashes_.size() * 2 > slots_.size()) grow();
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
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            uint32_t slot = slots_[i];
            if (slot == 0) return kNone;
            if (hashes_[slot - 1] == h && text(slot - 1) == s) return slot - 1;
        }
    }
    std::string_view text(uint32_t id) const { return std::string_view(arena_).substr(offsets_[id], lengths_[id]); }
    size_t size() const { return hashes_.size(); }

    static uint64_t hash(std::string_view s);

private:
    void grow();
    std::vector<uint32_t> slots_;  // id + 1; 0 = empty
    std::vector<uint64_t> hashes_;
    std::vector<size_t> offsets_;
    std::vector<uint32_t> lengths_;
    std::string arena_;
    size_t max_size_;
};

}  // namespace fb
