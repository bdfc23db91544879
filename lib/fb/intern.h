#pragma once
// Interning strings: each distinct string gets a dense id (0, 1, 2...) the first time it is seen,
// so callers keep what they know about it in plain vectors indexed by id. Open addressing with
// linear probing and a fast 64-bit hash. Used where the same strings come back millions of times
// (fb-classify's tokens, fb-analyze's words and whole descriptions).
//
// Layout, for the lookup that finds what is already there (nearly every call) in a table larger
// than the caches (fb-analyze's descriptions: ~100,000 texts of ~110 bytes per million records):
// a slot is one 64-bit word holding the top 32 bits of the string's hash and where its record
// starts in the arena; a record is [length][id][text], so a probe whose hash matches reads one
// place, not an entry table and then the text. prefetch() and prefetch_record() let a caller
// start loading the slot, then the record, while it does other work.
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

    // At most `max_size` strings; past that intern() returns kNone for new ones (also when the
    // arena reaches 16 GiB).
    explicit InternTable(size_t max_size = size_t{1} << 31) : slots_(1u << 10, 0), max_size_(max_size) {}

    // The id of `s`; a new id when it was not there (`added` says so), kNone when full.
    uint32_t intern(std::string_view s, bool& added) { return intern(s, hash(s), added); }
    uint32_t intern(std::string_view s) {
        bool added;
        return intern(s, hash(s), added);
    }
    // The same with `h` = hash(s), for a caller that called prefetch().
    uint32_t intern(std::string_view s, uint64_t h, bool& added) {
        added = false;
        uint64_t tag = h & kTagMask;
        size_t mask = slots_.size() - 1;
        size_t i = h & mask;
        for (;; i = (i + 1) & mask) {
            uint64_t slot = slots_[i];
            if (slot == 0) break;
            if ((slot & kTagMask) == tag) {
                const char* rec = record(slot);
                if (length(rec) == s.size() && same(rec + kHeader, s.data(), s.size())) return id(rec);
            }
        }
        size_t at = arena_.size();
        if (offsets_.size() >= max_size_ || at / 4 + 1 > UINT32_MAX) return kNone;
        auto id = static_cast<uint32_t>(offsets_.size());
        offsets_.push_back(at);
        auto len = static_cast<uint32_t>(s.size());
        char header[kHeader];
        std::memcpy(header, &len, 4);
        std::memcpy(header + 4, &id, 4);
        arena_.append(header, kHeader);
        arena_.append(s);
        arena_.append((4 - arena_.size() % 4) % 4, '\0');  // records start on 4-byte boundaries
        slots_[i] = tag | (at / 4 + 1);
        if (offsets_.size() * 2 > slots_.size()) grow();
        added = true;
        return id;
    }
    // The id of `s`, or kNone.
    uint32_t find(std::string_view s) const {
        uint64_t h = hash(s);
        uint64_t tag = h & kTagMask;
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            uint64_t slot = slots_[i];
            if (slot == 0) return kNone;
            if ((slot & kTagMask) == tag) {
                const char* rec = record(slot);
                if (length(rec) == s.size() && same(rec + kHeader, s.data(), s.size())) return id(rec);
            }
        }
    }
    // Starts loading the slot where `s` would be; returns hash(s) for intern(s, h, added).
    uint64_t prefetch(std::string_view s) const {
        uint64_t h = hash(s);
        __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
        return h;
    }
    // Once the slot has had time to arrive: starts loading the record of the string whose hash is
    // `h` (the first slot with its tag), the other place a lookup reads.
    void prefetch_record(uint64_t h) const {
        uint64_t tag = h & kTagMask;
        size_t mask = slots_.size() - 1;
        for (size_t i = h & mask;; i = (i + 1) & mask) {
            uint64_t slot = slots_[i];
            if (slot == 0) return;
            if ((slot & kTagMask) == tag) {
                __builtin_prefetch(record(slot));
                return;
            }
        }
    }
    std::string_view text(uint32_t id) const {
        const char* rec = arena_.data() + offsets_[id];
        return {rec + kHeader, length(rec)};
    }
    size_t size() const { return offsets_.size(); }

    static uint64_t hash(std::string_view s);

private:
    static constexpr uint64_t kTagMask = 0xFFFFFFFF00000000ull;
    static constexpr size_t kHeader = 8;  // uint32 length, uint32 id
    const char* record(uint64_t slot) const { return arena_.data() + (static_cast<uint32_t>(slot) - 1) * size_t{4}; }
    static uint32_t length(const char* rec) {
        uint32_t v;
        std::memcpy(&v, rec, 4);
        return v;
    }
    static uint32_t id(const char* rec) {
        uint32_t v;
        std::memcpy(&v, rec + 4, 4);
        return v;
    }
    static bool same(const char* a, const char* b, size_t n) {
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
    std::vector<uint64_t> slots_;  // hash tag | (record offset / 4 + 1); 0 = empty
    std::vector<size_t> offsets_;  // by id: where its record starts
    std::string arena_;            // records: [uint32 length][uint32 id][text], 4-byte aligned
    size_t max_size_;
};

}  // namespace fb
