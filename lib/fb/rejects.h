#pragma once
// The rejects stream (DESIGN §3): every record a tool refuses is reported once, with where it came
// from, why, and the original text. With --rejects FILE each rejection is one NDJSON line
//   {"tool":"fb-ingest","file":"in.ndjson","line":42,"error":"...","input":"<original line>"}
// and without it a `fb-TOOL: FILE:LINE: error` message on stderr. Nothing is ever dropped silently.
// Thread-safety: reject() may be called from several threads.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "fb/output.h"
#include "fb/report.h"
#include "fb/status.h"

namespace fb {

class Rejects {
public:
    explicit Rejects(Reporter& reporter) : reporter_(reporter) {}

    // path empty: report on stderr. "-" is stdout (rarely wanted), otherwise a file.
    Status open(const std::string& path);
    // `input` is the original text; when `truncated`, only its head (the line was too long).
    void reject(std::string_view source, uint64_t line, std::string_view error, std::string_view input,
                bool truncated = false);
    void flush();  // push buffered lines out now (long-running servers)
    Status close();
    uint64_t count() const { return count_; }

private:
    Reporter& reporter_;
    Output out_;
    bool to_file_ = false;
    uint64_t count_ = 0;
    std::string buf_;
    std::mutex mu_;
};

}  // namespace fb
