#include "fb/tool_run.h"

#include "fb/options.h"
#include "fb/signals.h"

namespace fb {

ToolRun::ToolRun(const std::string& tool, const CommonOptions& options)
    : reporter(tool, options.quiet, options.progress), stats(tool), rejects(reporter), options_(options) {}

Status ToolRun::open() {
    ignore_sigpipe();
    install_signal_flag();
    if (Status s = out.open(options_.output); !s.ok()) return s;
    return rejects.open(options_.rejects);
}

Status ToolRun::for_each_line(const std::function<bool(const Line&, const std::string&)>& fn) {
    return for_each_line(options_.inputs, fn);
}

Status ToolRun::for_each_line(const std::vector<std::string>& inputs,
                              const std::function<bool(const Line&, const std::string&)>& fn) {
    std::vector<std::string> files = inputs.empty() ? std::vector<std::string>{"-"} : inputs;
    for (const auto& path : files) {
        LineReader reader;
        if (Status s = reader.open(path, options_.max_line_bytes); !s.ok()) return s;
        reader.on_idle([this] { flush_idle(); });
        Line line;
        for (;;) {
            if (!reader.next(line)) {
                if (reader.interrupted() && !pending_signal()) continue;
                break;
            }
            if (line.blank() && !line.too_long) {
                ++stats.blank;
                continue;
            }
            ++stats.read;
            if (line.too_long) {
                reject(reader.name(), line.number, too_long_error(line.length), line.text, true);
            } else if (!fn(line, reader.name())) {
                return Status::Ok();
            }
            reporter.tick(stats.read);
            if (out.closed() || out.failed() || pending_signal()) return Status::Ok();
        }
        if (!reader.status().ok()) return reader.status();
        if (pending_signal()) break;
    }
    return Status::Ok();
}

std::string ToolRun::too_long_error(uint64_t length) const {
    return "line of " + std::to_string(length) + " bytes is longer than --max-line-bytes " +
           std::to_string(options_.max_line_bytes);
}

void ToolRun::flush_idle() {
    if (on_idle) on_idle();
    out.flush();
    rejects.flush();
}

int ToolRun::finish(const Status& work) {
    reporter.finish_progress(stats.read);
    Status closed = out.close();
    Status rej = rejects.close();
    if (Status s = stats.write(options_.stats); !s.ok()) reporter.error("", s.message());
    if (int sig = pending_signal()) return exit_code_for_signal(sig);
    if (out.closed()) return static_cast<int>(Exit::pipe);
    if (!work.ok()) {
        reporter.error("", work.message());
        return work.exit_code();
    }
    if (!closed.ok()) {
        reporter.error("", closed.message());
        return closed.exit_code();
    }
    if (!rej.ok()) {
        reporter.error("", rej.message());
        return rej.exit_code();
    }
    if (!stats.reconciles()) {
        reporter.error("", "internal error: counters do not reconcile (read " + std::to_string(stats.read) +
                               " != written " + std::to_string(stats.written) + " + rejected " +
                               std::to_string(stats.rejected) + " + filtered " + std::to_string(stats.filtered) + ")");
        return static_cast<int>(Exit::software);
    }
    if (stats.rejected > options_.max_rejects) {
        if (!options_.quiet)
            reporter.error("", std::to_string(stats.rejected) + " of " + std::to_string(stats.read) +
                                   " records rejected" + (options_.rejects.empty() ? "" : " (see " + options_.rejects + ")"));
        return static_cast<int>(Exit::data);
    }
    return 0;
}

}  // namespace fb
