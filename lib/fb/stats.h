#pragma once
// The --stats document (DESIGN §3): one JSON object written when a tool exits, with the counters
// every tool shares (read, written, rejected, filtered, blank lines), the run time and rate, and
// tool-specific counters in the order they were first set. read == written + rejected + filtered
// must hold; reconciles() says whether it does.
// Thread-safety: not synchronised; one owner (the main loop) updates it.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fb/status.h"

namespace fb {

class Stats {
public:
    explicit Stats(std::string tool);

    uint64_t read = 0;      // records (non-blank lines / CSV rows / requests) seen
    uint64_t written = 0;   // records written to the output
    uint64_t rejected = 0;  // records sent to the rejects stream
    uint64_t filtered = 0;  // records dropped on purpose (e.g. --dedupe)
    uint64_t blank = 0;     // blank lines skipped (not records)

    void add(std::string_view key, int64_t n = 1);  // tool counter, integer
    void set(std::string_view key, double value);   // tool figure, real
    void set_text(std::string_view key, std::string value);
    int64_t get(std::string_view key) const;

    bool reconciles() const { return read == written + rejected + filtered; }
    double seconds() const;
    std::string to_json() const;
    // path "-" writes to stderr; an empty path writes nothing.
    Status write(const std::string& path) const;

private:
    struct Extra {
        std::string key;
        enum Kind { integer, real, text } kind;
        int64_t i = 0;
        double d = 0;
        std::string s;
    };
    Extra& slot(std::string_view key, Extra::Kind kind);

    std::string tool_;
    std::chrono::steady_clock::time_point start_;
    std::vector<Extra> extra_;
};

}  // namespace fb
