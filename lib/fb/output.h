#pragma once
// Large buffered writes to a file descriptor. A tool appends whole records and the buffer goes out
// in big write(2) calls. When the reader has gone away (EPIPE, like `fb-gen | head`) the writer
// says so through closed(), and the tool ends quietly (DESIGN §3).
// Thread-safety: one writer per thread; guard it yourself if several threads share one.

#include <string>
#include <string_view>

#include "fb/pipes.h"
#include "fb/status.h"

namespace fb {

class Output {
public:
    Output() = default;
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    // "-" or "" is stdout. Creates or truncates a file.
    Status open(const std::string& path, size_t buffer_bytes = kWriteBytes);

    void append(std::string_view s) {
        buf_.append(s);
        if (buf_.size() >= limit_) flush();
    }
    // Appends a large block of whole records (a batch built elsewhere): written straight from
    // `s`, without a copy, once the buffer is flushed, when it would fill the buffer anyway.
    void append_block(std::string_view s);
    // Appends s and a newline: one record.
    void line(std::string_view s) {
        buf_.append(s);
        buf_ += '\n';
        if (buf_.size() >= limit_) flush();
    }
    // For a record built in place (no copy): append its text to buffer(), then call end_line().
    std::string& buffer() { return buf_; }
    void end_line() {
        buf_ += '\n';
        if (buf_.size() >= limit_) flush();
    }
    // Writes everything buffered. Returns false on a write error or a closed pipe.
    bool flush();
    Status close();

    bool closed() const { return closed_; }  // the reader went away
    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    const std::string& name() const { return name_; }

private:
    bool write_all(const char* p, size_t n);

    int fd_ = -1;
    bool own_fd_ = false;
    bool closed_ = false;
    size_t limit_ = kWriteBytes;
    std::string buf_;
    std::string error_;
    std::string name_;
};

// Makes a closed pipe an EPIPE error instead of a silent kill, so tools can end cleanly and still
// write --stats. Call once at start-up.
void ignore_sigpipe();

}  // namespace fb
