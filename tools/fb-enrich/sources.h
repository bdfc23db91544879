#pragma once
// Where fb-enrich's two tables come from (a CSV/NDJSON file or PostgreSQL, per side), loading both
// into a Lookup, and the background refresher that reloads them every N seconds and swaps the new
// Lookup in without pausing the stream.
// Thread-safety: a Refresher::View per stream thread; the reload runs on its own thread.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fb/status.h"
#include "lookup.h"

namespace enrich {

struct TableSource {
    std::string file;   // a CSV or NDJSON file; else PostgreSQL
    std::string query;  // SQL for PostgreSQL (from a table name or given whole)
};

struct Sources {
    TableSource customers, branches;
    std::string pg_url;  // empty: DATABASE_URL, then libpq's PG* variables
    int attempts = 3;    // connection attempts before a database counts as unavailable
};

struct Loaded {
    std::shared_ptr<const Lookup> lookup;
    std::vector<std::string> warnings;  // rows skipped or read as NULL
};

// Loads both tables and joins them. Errors: 66 (file missing), 69 (database unreachable, password
// masked), 78 (query failed, columns missing), 65 (a malformed table file).
fb::Result<Loaded> load(const Sources& sources);

class Refresher {
public:
    // Reloads every `seconds`; `warn` reports a failed reload (the old tables stay) or row warnings.
    Refresher(Sources sources, std::shared_ptr<const Lookup> first, double seconds,
              std::function<void(const std::string&)> warn);
    ~Refresher();  // stops and joins the reload thread

    // One stream thread's handle on the newest tables (each thread has its own).
    class View {
    public:
        explicit View(Refresher& r) : r_(&r) {}
        // Cheap when nothing changed: one atomic load.
        const Lookup& current() {
            if (!held_ || r_->generation_.load(std::memory_order_acquire) != seen_) {
                std::lock_guard lock(r_->mu_);
                held_ = r_->latest_;
                seen_ = r_->generation_.load(std::memory_order_relaxed);
            }
            return *held_;
        }

    private:
        Refresher* r_;
        std::shared_ptr<const Lookup> held_;
        uint64_t seen_ = 0;
    };
    void stop();
    uint64_t reloads() const { return reloads_.load(); }
    uint64_t failures() const { return failures_.load(); }

private:
    void loop();

    Sources sources_;
    double seconds_;
    std::function<void(const std::string&)> warn_;
    std::mutex mu_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::shared_ptr<const Lookup> latest_;  // guarded by mu_
    std::atomic<uint64_t> generation_{0};
    std::atomic<uint64_t> reloads_{0}, failures_{0};
    std::thread thread_;
};

}  // namespace enrich
