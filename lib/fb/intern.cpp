#include "fb/intern.h"

#include <cstring>

namespace fb {

namespace {
uint64_t read64(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}
uint64_t read32(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
}  // namespace

uint64_t InternTable::hash(std::string_view s) {
    // 8 bytes at a time, multiply-xorshift mixing (in the manner of wyhash/murmur finalisers); the
    // last 1-8 bytes are read as two overlapping words (the length is mixed in, so no two strings
    // of the same length read the same bytes), never with a variable-length copy.
    const char* p = s.data();
    size_t n = s.size();
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n > 8; p += 8, n -= 8) {
        h = (h ^ read64(p)) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t v;
    if (n >= 4) {
        v = (read32(p) << 32) | read32(p + n - 4);
    } else if (n > 0) {
        auto b = [&](size_t k) { return static_cast<uint64_t>(static_cast<unsigned char>(p[k])); };
        v = (b(0) << 16) | (b(n >> 1) << 8) | b(n - 1);
    } else {
        v = 0;
    }
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

void InternTable::grow() {
    // Hashes are not kept: each text is hashed again, once per doubling.
    std::vector<uint64_t> slots(slots_.size() * 2, 0);
    size_t mask = slots.size() - 1;
    for (size_t at : offsets_) {
        const char* rec = arena_.data() + at;
        uint64_t h = hash({rec + kHeader, length(rec)});
        size_t i = h & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = (h & kTagMask) | (at / 4 + 1);
    }
    slots_.swap(slots);
}

}  // namespace fb
