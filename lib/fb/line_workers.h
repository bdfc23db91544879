#pragma once
// A tool's per-line work on several threads, with the output and the rejects still in input
// order. The main thread reads the inputs and copies lines into batches; each worker thread turns
// a batch into output text, rejects and counts; the main thread writes the batches back in the
// order they were read and keeps the counters (read = written + rejected + filtered). With one
// thread the work runs inline on the reader's buffer, with no copy and no thread.
// A live input that pauses (a pipe waiting for its producer) has its partial batch processed and
// written at once, so records are never held back waiting for a batch to fill.
// Thread-safety: each work function is only ever called from one thread (its own).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fb/line_reader.h"
#include "fb/pipes.h"
#include "fb/status.h"

namespace fb {

class Output;
class ToolRun;

// Where the work puts one line's outcome: exactly one of write(), filter() or reject().
class LineSink {
public:
    // Append the record's text (no newline) to buffer(), then call write().
    std::string& buffer() { return *buf_; }
    void write();
    void filter() { ++filtered_; }
    // The line is refused for `error`; its original text goes to the rejects stream.
    void reject(std::string error);

    struct Rejected {
        uint64_t line;
        std::string error;
        std::string_view input;  // valid until the batch is written
        bool truncated;
    };

private:
    friend class LineWorkers;
    std::string* buf_ = nullptr;
    Output* out_ = nullptr;  // inline mode: write() ends the line in the tool's Output
    const Line* line_ = nullptr;
    std::vector<Rejected> rejected_;
    uint64_t written_ = 0, filtered_ = 0;
};

// Work for one thread: called for every non-blank line, in order within a batch.
using LineWork = std::function<void(const Line&, LineSink&)>;

class LineWorkers {
public:
    // Runs works.size() threads (one: inline) over every input of `run` (stdin when none), like
    // ToolRun::for_each_line: blank lines counted, over-long lines rejected, progress ticked,
    // stopping on a signal or a closed output. The work functions outlive the call.
    static Status run(ToolRun& run, std::vector<LineWork>& works);

    // Lines per batch (the bytes bound ends a batch earlier for long lines). A batch's output is
    // written in one piece, so batches are about the size of a pipe write (fb/pipes.h): with
    // 1 MiB batches `fb-classify --threads 2` in the five-tool pipe took 2.95 s, with 256 KiB
    // 2.58 (medians of 5; 128 KiB slowed the tool alone by 7%).
    static constexpr size_t kBatchLines = 4096;
    static constexpr size_t kBatchBytes = kWriteBytes;

private:
    class Pool;
    static Status run_inline(ToolRun& run, LineWork& work);
};

}  // namespace fb
