#pragma once
// Interning strings: each distinct string gets a dense id (0, 1, 2...) the first time it is seen,
// so callers keep what they know about it in plain vectors indexed by id. Open addressing with
// linear probing and a fast 64-bit hash. Used where the same strings come back millions of times
// (fb-classify's tokens, fb-analyze's words and whole descriptions). IntInternTable does the same
// for 64-bit integer keys (fb-analyze's customers, fb-enrich's sparse customer ids).
//
// Layout, for the lookup that finds what is already there (nearly every call) in a table larger
// than the caches (fb-analyze's descriptions: ~100,000 texts of ~110 bytes per million records):
// a slot is one 64-bit word holding the top 32 bits of the string's hash and where its record
// starts in the arena; a record is [length][id][text], so a probe whose hash matches reads one
// place, not an entry table and then the text. prefetch() and prefetch_record() let a caller
// start loading the slot, then the record, while it does other work.
// Thread-safety: one table per thread.

#include <algorithm>
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
    // What the strings take in the arena (text, 8-byte headers, alignment).
    size_t bytes() const { return arena_.size(); }
    // Forgets every string (ids start again from 0); keeps the memory for reuse.
    void clear() {
        std::fill(slots_.begin(), slots_.end(), 0);
        offsets_.clear();
        arena_.clear();
    }

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

// A direct-mapped cache of ids for strings of 1 to 16 bytes, in front of an InternTable, for callers
// that look up the same short strings millions of times (fb-classify's tokens, fb-analyze's
// words): a hit costs two compares of 64-bit words, where the table costs a probe and a read of the
// text it holds elsewhere. A slot holds the last string that hashed to it. A string's key is two
// words that, with its length, spell it exactly:
//   ShortInternCache          its first and last 8 bytes (overlapping below 16), first and last 4
//                             below 8, bytes 0, n/2 and n-1 below 4: nothing past it is read;
//   ShortInternCache<kPadded> its 16 bytes from the start, the bytes past its end masked off: for
//                             text followed by at least 16 readable bytes (fewer branches).
// The two spell strings differently, so one cache takes one kind of key.
// Thread-safety: one cache per table.
enum ShortKey { kExact, kPadded };

template <ShortKey Kind = kExact>
class ShortInternCache {
public:
    static constexpr size_t kMaxLength = 16;

    explicit ShortInternCache(unsigned slots_log2 = 13) : slots_(size_t{1} << slots_log2), mask_((size_t{1} << slots_log2) - 1) {}

    // table.intern(s, added) answered from the cache when it can.
    uint32_t intern(InternTable& table, std::string_view s, bool& added) {
        size_t n = s.size();
        if (n == 0 || n > kMaxLength) return table.intern(s, added);
        uint64_t a, b;
        words(s, a, b);
        uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ n;
        Slot& slot = slots_[(h ^ (h >> 29)) & mask_];
        if (slot.a == a && slot.b == b && slot.length == n) {
            added = false;
            return slot.id;
        }
        uint32_t id = table.intern(s, added);
        if (id != InternTable::kNone) slot = {a, b, static_cast<uint32_t>(n), id};
        return id;
    }

    // The key words of `s` (1..16 bytes).
    static void words(std::string_view s, uint64_t& a, uint64_t& b) {
        const char* p = s.data();
        size_t n = s.size();
        if constexpr (Kind == kPadded) {
            std::memcpy(&a, p, 8);
            std::memcpy(&b, p + 8, 8);
            if (n < 8) {
                a &= ~uint64_t{0} >> (64 - 8 * n);
                b = 0;
            } else if (n < 16) {
                b = n == 8 ? 0 : b & (~uint64_t{0} >> (64 - 8 * (n - 8)));
            }
        } else if (n >= 8) {
            std::memcpy(&a, p, 8);
            std::memcpy(&b, p + n - 8, 8);
        } else if (n >= 4) {
            uint32_t x, y;
            std::memcpy(&x, p, 4);
            std::memcpy(&y, p + n - 4, 4);
            a = static_cast<uint64_t>(x) << 32 | y;
            b = 0;
        } else {
            auto at = [&](size_t k) { return static_cast<uint64_t>(static_cast<unsigned char>(p[k])); };
            a = at(0) << 16 | at(n >> 1) << 8 | at(n - 1);
            b = 0;
        }
    }

private:
    struct Slot {
        uint64_t a = 0, b = 0;
        uint32_t length = 0, id = 0;  // length 0: empty
    };
    std::vector<Slot> slots_;
    size_t mask_;
};

// The same for 64-bit integer keys (customer ids): each distinct key gets a dense id the first
// time it is seen. One flat array of {key, id} slots probed linearly from a multiplicative hash,
// so a lookup reads one cache line where std::unordered_map reads a bucket and then a node.
// Thread-safety: one table per thread.
class IntInternTable {
public:
    static constexpr uint32_t kNone = UINT32_MAX;

    IntInternTable() : slots_(1u << 10) {}

    // The id of `key`; a new id when it was not there (`added` says so).
    uint32_t intern(int64_t key, bool& added) {
        size_t mask = slots_.size() - 1;
        size_t i = home(key, mask);
        for (;; i = (i + 1) & mask) {
            Slot& s = slots_[i];
            if (s.id == kNone) break;
            if (s.key == key) {
                added = false;
                return s.id;
            }
        }
        auto id = static_cast<uint32_t>(keys_.size());
        slots_[i] = {key, id};
        keys_.push_back(key);
        if (keys_.size() * 2 > slots_.size()) grow();
        added = true;
        return id;
    }
    // The id of `key`, or kNone.
    uint32_t find(int64_t key) const {
        size_t mask = slots_.size() - 1;
        for (size_t i = home(key, mask);; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.id == kNone || s.key == key) return s.id;
        }
    }
    // Starts loading the slot where `key` would be.
    void prefetch(int64_t key) const { __builtin_prefetch(&slots_[home(key, slots_.size() - 1)]); }

    int64_t key(uint32_t id) const { return keys_[id]; }
    const std::vector<int64_t>& keys() const { return keys_; }  // by id
    size_t size() const { return keys_.size(); }

private:
    struct Slot {
        int64_t key = 0;
        uint32_t id = kNone;  // kNone: empty
    };
    // Fibonacci hashing: the top bits of key x 2^64/phi, so serial ids spread over the table.
    size_t home(int64_t key, size_t mask) const {
        return static_cast<size_t>((static_cast<uint64_t>(key) * 0x9E3779B97F4A7C15ull) >> shift_) & mask;
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        --shift_;
        size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.id == kNone) continue;
            size_t i = home(s.key, mask);
            while (slots_[i].id != kNone) i = (i + 1) & mask;
            slots_[i] = s;
        }
    }
    std::vector<Slot> slots_;
    std::vector<int64_t> keys_;  // by id
    int shift_ = 64 - 10;       // 64 - log2(slots_.size())
};

}  // namespace fb
