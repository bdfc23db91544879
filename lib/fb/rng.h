#pragma once
// A small, fast, portable pseudo-random generator (xoshiro256**, seeded through splitmix64) and
// the few draws fbkit needs. Unlike <random>'s distributions, every draw is defined here, so the
// same seed gives the same numbers with any compiler or standard library: `fb-gen --seed 7` is
// byte-for-byte reproducible everywhere.
// Thread-safety: one generator per thread.

#include <cstdint>
#include <span>

namespace fb {

class Rng {
public:
    explicit Rng(uint64_t seed) {
        for (auto& word : s_) {
            seed += 0x9E3779B97F4A7C15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }

    uint64_t next() {
        const uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n) (Lemire's multiply-shift; the tiny bias is irrelevant for test data).
    uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<__uint128_t>(next()) * n) >> 64); }
    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }

    // Index drawn with the given non-negative weights.
    size_t weighted(std::span<const double> weights) {
        double total = 0;
        for (double w : weights) total += w;
        double x = unit() * total;
        for (size_t i = 0; i < weights.size(); ++i) {
            if (x < weights[i]) return i;
            x -= weights[i];
        }
        return weights.size() - 1;
    }

private:
    static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    uint64_t s_[4];
};

}  // namespace fb
