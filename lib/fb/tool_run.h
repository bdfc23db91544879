#pragma once
// One tool run's shared state and its life cycle: the reporter, counters, rejects stream and
// output opened from the common options; a loop over the input lines of every input file that
// handles blank and over-long lines, signals and a closed stdout the same way in every tool; and
// the decision of the exit status at the end (DESIGN §3).
// Thread-safety: owned by the main thread; Rejects and Reporter may be used from others.

#include <functional>
#include <string>
#include <vector>

#include "fb/line_reader.h"
#include "fb/output.h"
#include "fb/rejects.h"
#include "fb/report.h"
#include "fb/stats.h"
#include "fb/status.h"

namespace fb {

struct CommonOptions;

class ToolRun {
public:
    ToolRun(const std::string& tool, const CommonOptions& options);

    // Opens the output and the rejects stream. Call once before the work.
    Status open();

    // Calls fn(line, source) for every non-blank line of every input (stdin when none). Blank
    // lines are counted in stats.blank; over-long lines are rejected here and counted as read.
    // fn returns false to stop early. Stops on a signal or when the output's reader went away.
    Status for_each_line(const std::function<bool(const Line&, const std::string&)>& fn);
    Status for_each_line(const std::vector<std::string>& inputs,
                         const std::function<bool(const Line&, const std::string&)>& fn);

    // Pushes buffered output and rejects out while the input is waiting (live streams), after
    // calling on_idle (a sink sends its partial batch there).
    void flush_idle();
    std::function<void()> on_idle;

    // Reject a record read from `source` at `line`.
    void reject(const std::string& source, uint64_t line, std::string_view error, std::string_view input,
                bool truncated = false) {
        ++stats.rejected;
        rejects.reject(source, line, error, input, truncated);
    }

    // The rejection reason of a line longer than --max-line-bytes.
    std::string too_long_error(uint64_t length) const;
    const CommonOptions& options() const { return options_; }

    // Flushes, closes, writes --stats, and returns the exit status for `work` (the status of the
    // main work): a signal, a closed pipe, an I/O error, the work's error, rejections beyond
    // --max-rejects, or 0. A run whose counters do not reconcile is an internal error (70).
    int finish(const Status& work);

    Reporter reporter;
    Stats stats;
    Rejects rejects;
    Output out;

private:
    const CommonOptions& options_;
};

}  // namespace fb
