#include "fb/output.h"

#include "fb/pipes.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

namespace fb {

void ignore_sigpipe() { signal(SIGPIPE, SIG_IGN); }

Output::~Output() { close(); }


Status Output::open(const std::string& path, size_t buffer_bytes) {
    limit_ = buffer_bytes;
    buf_.reserve(buffer_bytes + 4096);
    if (path.empty() || path == "-") {
        fd_ = STDOUT_FILENO;
        own_fd_ = false;
        name_ = "stdout";
        widen_pipe(fd_, kPipeBytes);
        return Status::Ok();
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status::IOError("cannot write '" + path + "': " + std::strerror(errno));
    own_fd_ = true;
    name_ = path;
    return Status::Ok();
}

bool Output::flush() {
    bool ok = write_all(buf_.data(), buf_.size());
    buf_.clear();
    return ok;
}

void Output::append_block(std::string_view s) {
    if (buf_.size() + s.size() < limit_) {
        buf_.append(s);
        return;
    }
    if (flush()) write_all(s.data(), s.size());
}

bool Output::write_all(const char* p, size_t left) {
    if (fd_ < 0 || closed_ || !error_.empty()) return false;
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) closed_ = true;
            else error_ = std::string("writing ") + name_ + ": " + std::strerror(errno);
            return false;
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    return true;
}

Status Output::close() {
    if (fd_ < 0) return Status::Ok();
    flush();
    if (own_fd_ && ::close(fd_) != 0 && error_.empty())
        error_ = std::string("closing ") + name_ + ": " + std::strerror(errno);
    fd_ = -1;
    return error_.empty() ? Status::Ok() : Status::IOError(error_);
}

}  // namespace fb
