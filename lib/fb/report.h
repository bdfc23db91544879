#pragma once
// Human messages on stderr and the one-line terminal progress display (DESIGN §3).
// Every message reads `fb-TOOL: <where>: <what>`; progress is drawn only when stderr is a terminal
// (or --progress forces it) and is cleared before any message so the two never interleave.
// Thread-safety: messages may come from several threads (an HTTP server's workers); each call
// takes an internal lock. Progress ticks are for the one thread that owns the main loop.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

namespace fb {

class Reporter {
public:
    // progress: -1 = automatic (stderr is a terminal), 0 = never, 1 = always.
    Reporter(std::string tool, bool quiet, int progress);

    const std::string& tool() const { return tool_; }
    bool quiet() const { return quiet_; }

    // `fb-TOOL: where: what` (where may be empty). error always prints; warn and note obey --quiet.
    void error(std::string_view where, std::string_view what);
    void warn(std::string_view where, std::string_view what);
    void note(std::string_view what);

    // Progress: call tick() per record with the running count; redraws at most 5 times a second.
    // total = 0 when unknown (no ETA).
    void tick(uint64_t count, uint64_t total = 0) {
        if (progress_ && (count & 1023) == 0) redraw(count, total);
    }
    void finish_progress(uint64_t count, uint64_t total = 0);

private:
    void redraw(uint64_t count, uint64_t total);
    void write_line(std::string_view prefix, std::string_view where, std::string_view what);
    void clear_progress_locked();

    std::string tool_;
    bool quiet_;
    bool progress_;
    bool progress_drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_draw_;
    std::mutex mu_;
};

// A library's multi-line error text (libpq's "LINE 1: ..." and hints) as one message line:
// runs of blanks and line breaks become one space.
std::string one_line(std::string_view text);

// Human-friendly count: 1234567 -> "1,234,567".
std::string group_thousands(uint64_t n);

}  // namespace fb
