#include "fb/intern.h"

#include <cstring>

namespace fb {

uint64_t InternTable::hash(std::string_view s) {
    // 8 bytes at a time, multiply-xorshift mixing (in the manner of wyhash/murmur finalisers).
    uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    size_t n = s.size();
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t v;
        std::memcpy(&v, p, 8);
        h = (h ^ v) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

void InternTable::grow() {
    std::vector<uint32_t> slots(slots_.size() * 2, 0);
    size_t mask = slots.size() - 1;
    for (uint32_t id = 0; id < hashes_.size(); ++id) {
        size_t i = hashes_[id] & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = id + 1;
    }
    slots_.swap(slots);
}

}  // namespace fb
