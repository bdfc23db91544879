#pragma once
// Batches of records delivered to a server by several worker threads, finished in input order.
// The main thread fills a batch (records by count and bytes, with their line numbers and original
// text), submit() hands it to a free worker, and completed batches come back to the main thread,
// in the order they were submitted, through the `done` callback: that is where a sink counts what
// was acknowledged, copies it to stdout (--passthrough) and sends failures to the rejects stream.
// At most `in_flight` batches are out at once; submit() waits for room (backpressure).
// Thread-safety: submit(), finish() and `done` run on the caller's thread; `deliver` runs on the
// worker threads, worker index 0..in_flight-1 (so a sink can keep one connection per worker).

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "fb/status.h"

namespace fb {

// What every batch carries besides a sink's payload.
struct BatchRecords {
    std::vector<uint64_t> lines;         // input line of each record
    std::vector<uint32_t> sources;       // index into the sink's list of input names
    std::vector<size_t> ends;            // end of each record's original text in `text`
    std::string text;                    // the original lines, back to back
    std::vector<std::string> errors;     // per record after delivery: empty = acknowledged
    Status status;                       // the whole batch: not ok = nothing acknowledged

    size_t size() const { return lines.size(); }
    std::string_view original(size_t i) const {
        size_t b = i == 0 ? 0 : ends[i - 1];
        return std::string_view(text).substr(b, ends[i] - b);
    }
    void add(uint64_t line, uint32_t source, std::string_view original) {
        lines.push_back(line);
        sources.push_back(source);
        text.append(original);
        ends.push_back(text.size());
    }
};

template <class Payload>
class BatchPipeline {
public:
    struct Batch {
        BatchRecords records;
        Payload payload;
    };
    using Deliver = std::function<void(Batch&, int worker)>;
    using Done = std::function<void(Batch&)>;

    BatchPipeline(int in_flight, Deliver deliver, Done done) : deliver_(std::move(deliver)), done_(std::move(done)) {
        in_flight_ = in_flight < 1 ? 1 : in_flight;
        for (int i = 0; i < in_flight_; ++i) workers_.emplace_back([this, i] { work(i); });
    }
    ~BatchPipeline() { finish(); }
    BatchPipeline(const BatchPipeline&) = delete;
    BatchPipeline& operator=(const BatchPipeline&) = delete;

    // Queues a batch; waits while `in_flight` batches are out, finishing those that came back.
    void submit(Batch&& batch) {
        std::unique_lock lock(mu_);
        drain(lock);
        while (outstanding_ >= in_flight_) wait_next(lock);
        queue_.push_back({next_seq_++, std::move(batch)});
        ++outstanding_;
        work_.notify_one();
    }

    // Finishes the batches that came back so far without waiting (call between records).
    void poll() {
        std::unique_lock lock(mu_);
        drain(lock);
    }

    // Waits for every batch out and finishes them all (a quiet input: settle before waiting).
    void wait_all() {
        std::unique_lock lock(mu_);
        drain(lock);
        while (outstanding_ > 0) wait_next(lock);
    }

    // wait_all(), then stops the workers. Idempotent.
    void finish() {
        wait_all();
        std::unique_lock lock(mu_);
        if (stopping_) return;
        stopping_ = true;
        work_.notify_all();
        lock.unlock();
        for (auto& t : workers_) t.join();
    }

private:
    struct Queued {
        uint64_t seq;
        Batch batch;
    };

    void work(int index) {
        for (;;) {
            std::unique_lock lock(mu_);
            work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            Queued q = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            deliver_(q.batch, index);
            lock.lock();
            finished_.emplace(q.seq, std::move(q.batch));
            room_.notify_all();
        }
    }

    // Waits until the oldest outstanding batch is back, then finishes what can be finished. The
    // wait is on state, not on a notification, so a batch that came back while `done` ran is seen.
    void wait_next(std::unique_lock<std::mutex>& lock) {
        room_.wait(lock, [this] { return finished_.count(next_done_) > 0; });
        drain(lock);
    }

    // Hands back, in submission order, the batches whose predecessors are all done.
    void drain(std::unique_lock<std::mutex>& lock) {
        for (auto it = finished_.find(next_done_); it != finished_.end(); it = finished_.find(next_done_)) {
            Batch b = std::move(it->second);
            finished_.erase(it);
            ++next_done_;
            lock.unlock();
            done_(b);
            lock.lock();
            --outstanding_;
        }
    }

    Deliver deliver_;
    Done done_;
    int in_flight_ = 1;
    std::mutex mu_;
    std::condition_variable work_, room_;
    std::deque<Queued> queue_;
    std::map<uint64_t, Batch> finished_;
    uint64_t next_seq_ = 0, next_done_ = 0;
    int outstanding_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace fb
