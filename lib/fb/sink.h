#pragma once
// What every sink does with a batch that came back from its server, in input order: count the
// acknowledged records as written (and copy them to stdout with --passthrough), send refused
// records to the rejects stream with the server's reason, and, when the whole batch failed (the
// server stayed down past the retry deadline), reject its records as "not written" and keep the
// first such failure as the run's status (exit 69). Also the names of the input files, so a batch
// carries a small index instead of a string per record. And run_sink(), the loop around them.
// Thread-safety: main thread only (it owns the ToolRun).

#include <string>
#include <vector>

#include "fb/batches.h"
#include "fb/tool_run.h"

namespace fb {

class SinkAccounting {
public:
    // `refused` prefixes a per-record error, e.g. "MongoDB refused the document: ".
    SinkAccounting(ToolRun& run, bool passthrough, std::string refused)
        : run_(run), passthrough_(passthrough), refused_(std::move(refused)) {}

    // The index of an input name for BatchRecords::add (names repeat in runs: cheap).
    uint32_t source(const std::string& name) {
        if (sources_.empty() || sources_.back() != name) sources_.push_back(name);
        return static_cast<uint32_t>(sources_.size() - 1);
    }

    void done(const BatchRecords& r) {
        for (size_t i = 0; i < r.size(); ++i) {
            const std::string& name = sources_[r.sources[i]];
            if (!r.status.ok()) {
                run_.reject(name, r.lines[i], "not written: " + r.status.message(), r.original(i));
            } else if (!r.errors[i].empty()) {
                run_.reject(name, r.lines[i], refused_ + r.errors[i], r.original(i));
            } else {
                ++run_.stats.written;
                if (passthrough_) run_.out.line(r.original(i));
            }
        }
        if (!r.status.ok() && fatal_.ok()) fatal_ = r.status;  // reported once, by ToolRun::finish
    }

    // Ok, or the first batch failure: the run's status.
    const Status& fatal() const { return fatal_; }

private:
    ToolRun& run_;
    bool passthrough_;
    std::string refused_;
    std::vector<std::string> sources_;
    Status fatal_;
};

// The main loop every sink shares. For each input line, convert(text, payload, bytes, error)
// appends the record to the batch's payload (adding its size to `bytes`) or returns false with
// `error`, which rejects the line. A batch is sent when it holds `batch_size` records or
// `batch_bytes` bytes, whenever the input pauses (then also awaited, so a quiet stream is written
// and reported at once), and at the end. Returns the run's status: the first batch failure, else
// the input's. Counts refused lines as stats "invalid".
template <class Payload, class Convert>
Status run_sink(ToolRun& run, SinkAccounting& sink, BatchPipeline<Payload>& pipeline, size_t batch_size,
                size_t batch_bytes, Convert&& convert) {
    typename BatchPipeline<Payload>::Batch batch;
    size_t bytes = 0;
    int64_t invalid = 0;
    std::string error;
    auto send = [&] {
        if (batch.records.size() == 0) return;
        pipeline.submit(std::move(batch));
        batch = typename BatchPipeline<Payload>::Batch();
        bytes = 0;
    };
    run.on_idle = [&] {
        send();
        pipeline.wait_all();
    };
    Status work = run.for_each_line([&](const Line& line, const std::string& source) {
        error.clear();
        if (!convert(line.text, batch.payload, bytes, error)) {
            ++invalid;
            run.reject(source, line.number, error, line.text);
        } else {
            batch.records.add(line.number, sink.source(source), line.text);
            if (batch.records.size() >= batch_size || bytes >= batch_bytes) send();
        }
        pipeline.poll();
        return sink.fatal().ok();
    });
    run.on_idle = nullptr;
    send();
    pipeline.finish();
    if (invalid) run.stats.add("invalid", invalid);
    return sink.fatal().ok() ? work : sink.fatal();
}

}  // namespace fb
