#pragma once
// Retry timing for anything that talks to a server (sinks, API clients): exponential backoff with
// full jitter, capped, honouring a server's Retry-After, and a deadline after which the server
// counts as unavailable (exit 69).
// Thread-safety: one Backoff per retrying operation (it holds its own generator).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>

#include "fb/rng.h"

namespace fb {

struct BackoffPolicy {
    double initial_seconds = 0.1;  // first wait (before jitter)
    double max_seconds = 5.0;      // longest single wait
    double give_up_seconds = 60;   // total time to keep trying; 0 = one attempt only
};

class Backoff {
public:
    explicit Backoff(BackoffPolicy policy, uint64_t seed = 0x5eed)
        : policy_(policy), rng_(seed), start_(std::chrono::steady_clock::now()) {}

    // The wait before the next attempt, or nothing when the deadline has passed (give up).
    // `retry_after` (seconds, from the server) replaces the computed wait when it is longer.
    std::optional<std::chrono::duration<double>> next(std::optional<double> retry_after = std::nullopt) {
        ++attempts_;
        double cap = std::min(policy_.max_seconds, policy_.initial_seconds * static_cast<double>(1ULL << std::min(attempts_ - 1, 30)));
        double wait = cap * (0.5 + 0.5 * rng_.unit());  // "equal jitter": never less than half the cap
        if (retry_after && *retry_after > wait) wait = std::min(*retry_after, policy_.give_up_seconds);
        double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        if (elapsed + wait > policy_.give_up_seconds) return std::nullopt;
        return std::chrono::duration<double>(wait);
    }
    int attempts() const { return attempts_; }

private:
    BackoffPolicy policy_;
    Rng rng_;
    std::chrono::steady_clock::time_point start_;
    int attempts_ = 0;
};

}  // namespace fb
