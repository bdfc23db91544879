#pragma once
// fb-ingest's pieces: validating a stream of NDJSON or CSV feedback (stream.cpp) and serving the
// old FastAPI endpoint over HTTP (server.cpp). Both normalise with fb::FeedbackNormalizer.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_set>

#include "fb/options.h"
#include "fb/record.h"
#include "fb/tool_run.h"

namespace ingest {

struct Options {
    fb::CommonOptions common;
    std::string format = "auto";  // auto | ndjson | csv
    char csv_sep = 0;             // 0 = guess
    std::string tz = "UTC";
    bool dedupe = false;
    std::string listen;           // HOST:PORT; empty = stream mode
    std::string token;            // bearer token required by the HTTP server
    size_t max_body = 1 << 20;
    int threads = 1;              // HTTP event loops
};

// Remembers accepted InvoiceNo values for --dedupe. Thread-safe.
class Deduper {
public:
    explicit Deduper(bool on) : on_(on) {
        if (on) seen_.reserve(1 << 16);
    }
    // True when the record is new (or dedupe is off).
    bool first_time(int64_t invoice) {
        if (!on_) return true;
        std::lock_guard lock(mu_);
        return seen_.insert(invoice).second;
    }

private:
    bool on_;
    std::mutex mu_;
    std::unordered_set<int64_t> seen_;
};

// Stream mode: read inputs, write normalised records. Returns the work's status.
fb::Status run_stream(const Options& opt, const fb::RecordRules& rules, fb::ToolRun& run);
// HTTP mode: serve until SIGINT/SIGTERM. Returns the work's status.
fb::Status run_server(const Options& opt, const fb::RecordRules& rules, fb::ToolRun& run);

}  // namespace ingest
