#include "fb/line_workers.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "fb/options.h"
#include "fb/output.h"
#include "fb/signals.h"
#include "fb/tool_run.h"

namespace fb {

void LineSink::write() {
    if (out_) out_->end_line();
    else *buf_ += '\n';
    ++written_;
}

void LineSink::reject(std::string error) {
    rejected_.push_back({line_->number, std::move(error), line_->text, line_->too_long});
}

namespace {

// Lines taken from the reader, and what a worker made of them.
struct Batch {
    struct Entry {
        const char* mapped;  // the line in a mapped input, or nullptr: copied into text at offset
        size_t offset, size;
        uint64_t number, length;
        bool too_long;
    };
    std::string text;  // copied lines back to back, then LineReader::kPadding bytes (simdjson)
    std::vector<Entry> lines;
    std::string source;
    LineReader* reader = nullptr;  // a mapped input: release its pages up to release_to once written
    const char* release_to = nullptr;
    size_t mapped_bytes = 0;  // of the lines used in place
    LineSink sink;
    std::string out;
    bool done = false;

    void clear() {
        text.clear();
        lines.clear();
        out.clear();
        reader = nullptr;
        release_to = nullptr;
        mapped_bytes = 0;
        done = false;
    }
};

}  // namespace

class LineWorkers::Pool {
public:
    Pool(ToolRun& run, std::vector<LineWork>& works) : run_(run), works_(works) {
        size_t n = works.size();
        for (size_t i = 0; i < 2 * n + 1; ++i) free_.push_back(std::make_unique<Batch>());
        for (size_t i = 0; i < n; ++i) threads_.emplace_back([this, i] { work(i); });
    }
    ~Pool() {
        {
            std::lock_guard lock(mu_);
            quit_ = true;
        }
        todo_cv_.notify_all();
        for (auto& t : threads_) t.join();
    }

    // The batch being filled (a free one, after writing finished batches when all are in use).
    Batch& current(const std::string& source) {
        if (!filling_) {
            while (free_.empty()) write_oldest(true);
            filling_ = std::move(free_.back());
            free_.pop_back();
            filling_->clear();
            filling_->source = source;
        }
        return *filling_;
    }
    // `reader` mapped and keeping its lines: the line is used where it is, not copied.
    void add(const Line& line, const std::string& source, LineReader& reader) {
        Batch& b = current(source);
        if (reader.mapped() && !line.too_long) {
            b.lines.push_back({line.text.data(), 0, line.text.size(), line.number, line.length, false});
            b.reader = &reader;
            b.release_to = line.text.data();  // the pages before this line's start
            b.mapped_bytes += line.text.size() + 1;
        } else {
            b.lines.push_back({nullptr, b.text.size(), line.text.size(), line.number, line.length, line.too_long});
            b.text.append(line.text);
            b.text += '\n';
        }
        if (b.lines.size() < kBatchLines && b.text.size() + b.mapped_bytes < kBatchBytes) return;
        submit();
        while (!stopped_ && write_oldest(false)) {
        }
    }
    // Hands the batch being filled to the workers.
    void submit() {
        if (!filling_) return;
        if (filling_->lines.empty()) {
            free_.push_back(std::move(filling_));
            return;
        }
        filling_->text.append(LineReader::kPadding, ' ');
        Batch* b = filling_.get();
        inflight_.push_back(std::move(filling_));
        {
            std::lock_guard lock(mu_);
            todo_.push_back(b);
        }
        todo_cv_.notify_one();
    }
    // Submits what there is and writes everything (end of input, or the input is waiting).
    void drain() {
        submit();
        while (!inflight_.empty() && write_oldest(true)) {
        }
    }
    // Output closed, a write error or a signal: stop reading.
    bool stopped() const { return stopped_; }

private:
    // Writes the oldest batch in flight if it is done (or once it is, when `wait`). False when
    // nothing was written.
    bool write_oldest(bool wait) {
        if (inflight_.empty()) return false;
        Batch& b = *inflight_.front();
        {
            std::unique_lock lock(mu_);
            if (!b.done) {
                if (!wait) return false;
                done_cv_.wait(lock, [&b] { return b.done; });
            }
        }
        Stats& stats = run_.stats;
        stats.read += b.lines.size();
        run_.out.append_block(b.out);
        for (auto& r : b.sink.rejected_) run_.reject(b.source, r.line, r.error, r.input, r.truncated);
        stats.written += b.sink.written_;
        stats.filtered += b.sink.filtered_;
        run_.reporter.tick(stats.read);
        if (b.reader) b.reader->release(b.release_to);
        free_.push_back(std::move(inflight_.front()));
        inflight_.pop_front();
        if (run_.out.closed() || run_.out.failed() || pending_signal()) stopped_ = true;
        return true;
    }

    void work(size_t i) {
        for (;;) {
            Batch* b;
            {
                std::unique_lock lock(mu_);
                todo_cv_.wait(lock, [this] { return quit_ || !todo_.empty(); });
                if (quit_) return;
                b = todo_.front();
                todo_.pop_front();
            }
            run_batch(*b, works_[i]);
            {
                std::lock_guard lock(mu_);
                b->done = true;
            }
            done_cv_.notify_all();
        }
    }

    void run_batch(Batch& b, LineWork& work) {
        LineSink& sink = b.sink;
        sink.buf_ = &b.out;
        sink.out_ = nullptr;
        sink.rejected_.clear();
        sink.written_ = sink.filtered_ = 0;
        Line line;
        sink.line_ = &line;
        for (const auto& e : b.lines) {
            line.text = std::string_view(e.mapped ? e.mapped : b.text.data() + e.offset, e.size);
            line.number = e.number;
            line.length = e.length;
            line.too_long = e.too_long;
            if (e.too_long) rejected_too_long(sink, line);
            else work(line, sink);
        }
    }

    void rejected_too_long(LineSink& sink, const Line& line) { sink.reject(run_.too_long_error(line.length)); }

    ToolRun& run_;
    std::vector<LineWork>& works_;
    std::vector<std::thread> threads_;
    std::vector<std::unique_ptr<Batch>> free_;
    std::unique_ptr<Batch> filling_;
    std::deque<std::unique_ptr<Batch>> inflight_;  // main thread only, oldest first
    bool stopped_ = false;

    std::mutex mu_;  // guards todo_, quit_ and every Batch::done
    std::condition_variable todo_cv_, done_cv_;
    std::deque<Batch*> todo_;
    bool quit_ = false;
};

Status LineWorkers::run_inline(ToolRun& run, LineWork& work) {
    LineSink sink;
    sink.out_ = &run.out;
    sink.buf_ = &run.out.buffer();
    return run.for_each_line([&](const Line& line, const std::string& source) {
        sink.line_ = &line;
        sink.written_ = sink.filtered_ = 0;
        work(line, sink);
        run.stats.written += sink.written_;
        run.stats.filtered += sink.filtered_;
        for (auto& r : sink.rejected_) run.reject(source, r.line, r.error, r.input, r.truncated);
        sink.rejected_.clear();
        return true;
    });
}

Status LineWorkers::run(ToolRun& run, std::vector<LineWork>& works) {
    if (works.size() <= 1) return run_inline(run, works.at(0));
    const CommonOptions& options = run.options();
    std::vector<std::string> files = options.inputs.empty() ? std::vector<std::string>{"-"} : options.inputs;
    Pool pool(run, works);
    for (const auto& path : files) {
        LineReader reader;
        if (Status s = reader.open(path, options.max_line_bytes); !s.ok()) {
            pool.drain();
            return s;
        }
        reader.keep_lines();  // a mapped input's lines go to the workers where they are
        reader.on_idle([&] {
            pool.drain();
            run.flush_idle();
        });
        Line line;
        while (!pool.stopped()) {
            if (!reader.next(line)) {
                if (reader.interrupted() && !pending_signal()) continue;
                break;
            }
            if (line.blank() && !line.too_long) {
                ++run.stats.blank;
                continue;
            }
            pool.add(line, reader.name(), reader);
            if (pending_signal()) break;
        }
        pool.drain();  // a batch holds the lines of one input
        if (!reader.status().ok()) return reader.status();
        if (pending_signal() || pool.stopped()) break;
    }
    return Status::Ok();
}

}  // namespace fb
