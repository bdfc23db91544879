#pragma once
// Errors a user will read, as values. A Status is success or an error category plus a message;
// the category decides the process exit status (sysexits.h, DESIGN §3). Nothing in libfb throws
// across its interface: functions that can fail return a Status or a Result<T>.
// Thread-safety: plain values, safe to copy between threads.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace fb {

// Exit statuses every tool uses (sysexits.h numbers).
enum class Exit : int {
    ok = 0,
    usage = 64,        // bad command line
    data = 65,         // some input was rejected
    noinput = 66,      // an input file is missing or unreadable
    unavailable = 69,  // a server stayed unreachable after retries
    software = 70,     // internal error
    ioerr = 74,        // reading or writing failed
    config = 78,       // bad configuration (environment, time zone, files)
    pipe = 141,        // stdout was closed by the reader (like `head`): 128 + SIGPIPE
    interrupted = 130, // SIGINT
    terminated = 143,  // SIGTERM
};

class Status {
public:
    Status() = default;
    static Status Ok() { return {}; }
    static Status Usage(std::string m) { return {Exit::usage, std::move(m)}; }
    static Status Data(std::string m) { return {Exit::data, std::move(m)}; }
    static Status NoInput(std::string m) { return {Exit::noinput, std::move(m)}; }
    static Status Unavailable(std::string m) { return {Exit::unavailable, std::move(m)}; }
    static Status Internal(std::string m) { return {Exit::software, std::move(m)}; }
    static Status IOError(std::string m) { return {Exit::ioerr, std::move(m)}; }
    static Status Config(std::string m) { return {Exit::config, std::move(m)}; }

    bool ok() const { return code_ == Exit::ok; }
    Exit code() const { return code_; }
    int exit_code() const { return static_cast<int>(code_); }
    const std::string& message() const { return message_; }
    // The same error with `prefix` in front of its message ("customers table: " + ...).
    Status context(std::string_view prefix) const {
        if (ok()) return *this;
        std::string m;
        m.reserve(prefix.size() + message_.size());
        m.append(prefix);
        m.append(message_);
        return Status(code_, std::move(m));
    }

private:
    Status(Exit c, std::string m) : code_(c), message_(std::move(m)) {}
    Exit code_ = Exit::ok;
    std::string message_;
};

// A value or the Status saying why there is none.
template <class T>
class Result {
public:
    Result(T v) : value_(std::move(v)) {}
    Result(Status s) : status_(std::move(s)) {}
    bool ok() const { return value_.has_value(); }
    const Status& status() const { return status_; }
    T& value() { return *value_; }
    const T& value() const { return *value_; }
    T* operator->() { return &*value_; }
    T& operator*() { return *value_; }

private:
    std::optional<T> value_;
    Status status_;
};

}  // namespace fb
