#pragma once
// Reads an input stream as lines over one large buffer, without a copy per line. Tracks line
// numbers, strips a UTF-8 byte-order mark and the `\r` of `\r\n`, and cuts lines longer than a
// maximum (reported as too long, their bytes skipped without being held in memory). Every line
// handed out is followed by at least kPadding readable bytes, as simdjson requires, so JSON can be
// parsed in place.
// A regular file of 1 MiB or more (also as redirected stdin) is memory-mapped instead of read:
// no copy out of the page cache at all. Its size is taken when it is opened; a file truncated
// while mapped ends the tool with a message and status 74 (see exit_on_sigbus). Pages already
// read are released as the reader moves on, so the mapping does not grow the process's memory.
// Thread-safety: one reader per thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fb/status.h"

namespace fb {

struct Line {
    std::string_view text;  // without the line terminator; valid until the next call to next()
    uint64_t number = 0;    // 1-based physical line number
    bool too_long = false;  // text holds only the first bytes of an over-long line
    uint64_t length = 0;    // full length in bytes (also for an over-long line)
    bool blank() const;     // empty or only spaces, tabs
};

class LineReader {
public:
    static constexpr size_t kPadding = 64;  // >= SIMDJSON_PADDING

    LineReader() = default;
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    ~LineReader();

    // "-" or "" is stdin. A missing file is Status::NoInput.
    Status open(const std::string& path, size_t max_line_bytes = 1 << 20);
    // Reads from an in-memory text (tests, HTTP request bodies). The text must outlive the reader.
    void open_memory(std::string_view text, std::string name, size_t max_line_bytes = 1 << 20);

    // Next line, or false at the end of input (or on a read error: see status()).
    bool next(Line& line);
    const Status& status() const { return status_; }
    // next() returned false because a signal interrupted a read, not at the end: look at the
    // signal, then call next() again to go on.
    bool interrupted() const { return interrupted_; }
    // Calls `fn` whenever the next read would wait for a pipe or terminal to deliver more: the
    // moment for a filter to flush its output, so a slow live stream is not held in buffers.
    void on_idle(std::function<void()> fn) { idle_ = std::move(fn); }
    const std::string& name() const { return name_; }  // for messages: file name or "stdin"
    uint64_t bytes_read() const { return bytes_; }

    // Mapped input: the text of every line that is not too long stays valid (at the same address)
    // until release() passes it or the reader is destroyed, not only until the next call, once
    // the caller has said keep_lines() (LineWorkers hands lines to other threads this way).
    bool mapped() const { return map_ != nullptr; }
    void keep_lines() { keep_lines_ = true; }
    // Lines that end before `p` are no longer used: their pages may be dropped.
    void release(const char* p);

private:
    bool fill();  // reads more input after compacting; false at EOF or error

    int fd_ = -1;
    bool own_fd_ = false;
    bool eof_ = false;
    bool first_ = true;
    bool interrupted_ = false;
    bool regular_ = false;  // a regular file never makes a read wait
    std::function<void()> idle_;
    std::string name_;
    Status status_;
    size_t max_line_ = 1 << 20;
    // Not zero-filled: pages are touched only as input arrives. It starts at 4 MiB and grows (up
    // to twice the longest allowed line) only when a long line needs it.
    std::unique_ptr<char[]> buf_;
    char* map_ = nullptr;      // mapped input (begin_/end_ index it instead of buf_)
    size_t map_span_ = 0;      // bytes reserved: the file's pages and one zero page after them
    size_t released_ = 0;      // pages before this offset were dropped
    bool keep_lines_ = false;
    bool map_file(size_t size);
    char* data() { return map_ ? map_ : buf_.get(); }
    size_t size_ = 0;             // allocated bytes, kPadding included
    size_t limit_ = 0;            // the most it may grow to
    size_t begin_ = 0, end_ = 0;  // unread bytes are buf_[begin_, end_)
    void allocate(size_t bytes);
    uint64_t line_no_ = 0;
    uint64_t bytes_ = 0;
    std::string long_head_;  // the kept head of the last over-long line
};

}  // namespace fb
