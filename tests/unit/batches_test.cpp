#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "fb/backoff.h"
#include "fb/batches.h"

TEST_CASE("batches come back in submission order whatever order the workers finish in") {
    using Pipeline = fb::BatchPipeline<int>;
    std::vector<int> done;
    std::atomic<int> busy{0}, most{0};
    {
        Pipeline p(
            3,
            [&](Pipeline::Batch& b, int worker) {
                CHECK(worker >= 0);
                CHECK(worker < 3);
                int now = ++busy;
                for (int m = most; now > m && !most.compare_exchange_weak(m, now);) {}
                // Later batches finish first: batch k sleeps (10 - k % 10) ms.
                std::this_thread::sleep_for(std::chrono::milliseconds(10 - b.payload % 10));
                b.records.errors.assign(b.records.size(), "");
                --busy;
            },
            [&](Pipeline::Batch& b) { done.push_back(b.payload); });
        for (int i = 0; i < 40; ++i) {
            Pipeline::Batch b;
            b.payload = i;
            b.records.add(static_cast<uint64_t>(i + 1), 0, "{}");
            p.submit(std::move(b));
        }
        p.finish();
    }
    REQUIRE(done.size() == 40);
    for (int i = 0; i < 40; ++i) CHECK(done[static_cast<size_t>(i)] == i);
    CHECK(most <= 3);
}

TEST_CASE("batch records keep each original line") {
    fb::BatchRecords r;
    r.add(3, 0, R"({"a":1})");
    r.add(9, 1, "");
    r.add(12, 1, R"({"b":2})");
    CHECK(r.size() == 3);
    CHECK(r.original(0) == R"({"a":1})");
    CHECK(r.original(1).empty());
    CHECK(r.original(2) == R"({"b":2})");
}

TEST_CASE("backoff grows, is jittered within bounds, honours Retry-After and gives up") {
    fb::Backoff b({.initial_seconds = 0.1, .max_seconds = 1.0, .give_up_seconds = 5.0}, 42);
    double caps[] = {0.1, 0.2, 0.4, 0.8, 1.0, 1.0};
    for (double cap : caps) {
        auto w = b.next();
        REQUIRE(w);
        CHECK(w->count() >= cap / 2);
        CHECK(w->count() <= cap);
    }
    auto honoured = b.next(3.0);
    REQUIRE(honoured);
    CHECK(honoured->count() == Approx(3.0));
    CHECK_FALSE(b.next(10.0));  // would end past the deadline
    fb::Backoff once({.initial_seconds = 0.1, .max_seconds = 1.0, .give_up_seconds = 0}, 1);
    CHECK_FALSE(once.next());
}
