#include "sources.h"

#include <chrono>

#include "fb/table.h"

namespace enrich {

namespace {

fb::Result<fb::Table> load_side(const TableSource& side, const Sources& sources) {
    if (!side.file.empty()) return fb::load_table_file(side.file);
    return fb::load_table_pg(sources.pg_url, side.query, sources.attempts);
}

}  // namespace

fb::Result<Loaded> load(const Sources& sources) {
    auto customers = load_side(sources.customers, sources);
    if (!customers.ok()) return customers.status().context("customers table: ");
    auto branches = load_side(sources.branches, sources);
    if (!branches.ok()) return branches.status().context("branches table: ");
    Loaded loaded;
    auto lookup = Lookup::build(*customers, *branches, loaded.warnings);
    if (!lookup.ok()) return lookup.status();
    loaded.lookup = std::move(*lookup);
    return loaded;
}

Refresher::Refresher(Sources sources, std::shared_ptr<const Lookup> first, double seconds,
                     std::function<void(const std::string&)> warn)
    : sources_(std::move(sources)), seconds_(seconds), warn_(std::move(warn)), latest_(std::move(first)) {
    if (seconds_ > 0) thread_ = std::thread([this] { loop(); });
}

Refresher::~Refresher() { stop(); }

void Refresher::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Refresher::loop() {
    auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds_));
    for (;;) {
        {
            std::unique_lock lock(mu_);
            if (wake_.wait_for(lock, period, [this] { return stopping_; })) return;
        }
        // The load runs without the lock: the stream keeps using the old tables meanwhile.
        auto loaded = load(sources_);
        if (!loaded.ok()) {
            ++failures_;
            warn_("reload failed, keeping the tables loaded before: " + loaded.status().message());
            continue;
        }
        if (!loaded->warnings.empty())  // in full at start-up; a reload says how many and the first
            warn_("reloaded tables have " + std::to_string(loaded->warnings.size()) +
                  " warning(s), the first: " + loaded->warnings.front());
        {
            std::lock_guard lock(mu_);
            if (stopping_) return;
            latest_ = std::move(loaded->lookup);
            generation_.fetch_add(1, std::memory_order_release);
        }
        ++reloads_;
    }
}

}  // namespace enrich
