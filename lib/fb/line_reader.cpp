#include "fb/line_reader.h"

#include "fb/pipes.h"
#include "fb/signals.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fb {

namespace {
constexpr size_t kMinBuffer = 4 << 20;
constexpr size_t kTooLongHead = 1024;  // bytes of an over-long line kept for the rejects stream
constexpr size_t kMapMin = 1 << 20;    // smaller regular files are read: a mapping costs more
constexpr size_t kReleaseStep = 8 << 20;
size_t page_size() {
    static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
    return page;
}
}  // namespace

bool Line::blank() const {
    for (char c : text)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
    return true;
}

LineReader::~LineReader() {
    if (map_) ::munmap(map_, map_span_);
    if (own_fd_ && fd_ >= 0) ::close(fd_);
}

bool LineReader::map_file(size_t size) {
    // Only from the start of the file (a redirected stdin may have been read from already).
    if (size < kMapMin || ::lseek(fd_, 0, SEEK_CUR) != 0) return false;
    size_t page = page_size();
    size_t span = (size + page - 1) / page * page + page;  // the zero page is the last line's padding
    void* area = ::mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) return false;
    if (::mmap(area, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd_, 0) == MAP_FAILED) {
        ::munmap(area, span);
        return false;
    }
    ::madvise(area, size, MADV_SEQUENTIAL);
    exit_on_sigbus();
    map_ = static_cast<char*>(area);
    map_span_ = span;
    buf_.reset();
    size_ = span;
    begin_ = 0;
    end_ = size;
    bytes_ = size;
    eof_ = true;
    ::lseek(fd_, static_cast<off_t>(size), SEEK_SET);  // as if read: a shell sharing stdin sees it consumed
    return true;
}

void LineReader::release(const char* p) {
    if (!map_ || p <= map_) return;
    size_t upto = static_cast<size_t>(p - map_) / page_size() * page_size();
    if (upto <= released_) return;
    ::madvise(map_ + released_, upto - released_, MADV_DONTNEED);  // back to the page cache, not lost
    released_ = upto;
}

Status LineReader::open(const std::string& path, size_t max_line_bytes) {
    max_line_ = max_line_bytes;
    limit_ = std::max(kMinBuffer, 2 * max_line_) + kPadding;
    allocate(std::min(limit_, kMinBuffer + kPadding));
    if (path.empty() || path == "-") {
        fd_ = STDIN_FILENO;
        name_ = "stdin";
        struct stat st {};
        regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
        if (regular_) map_file(static_cast<size_t>(st.st_size));
        else widen_pipe(fd_, kPipeBytes);
        return Status::Ok();
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    name_ = path;
    if (fd_ < 0) {
        int e = errno;
        if (e == ENOENT || e == EACCES || e == ENOTDIR)
            return Status::NoInput("cannot open '" + path + "': " + std::strerror(e));
        return Status::IOError("cannot open '" + path + "': " + std::strerror(e));
    }
    own_fd_ = true;
    struct stat st {};
    regular_ = ::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode);
    if (regular_ && map_file(static_cast<size_t>(st.st_size))) return Status::Ok();
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    return Status::Ok();
}

void LineReader::open_memory(std::string_view text, std::string name, size_t max_line_bytes) {
    max_line_ = max_line_bytes;
    name_ = std::move(name);
    limit_ = text.size() + kPadding;
    allocate(limit_);
    std::memcpy(buf_.get(), text.data(), text.size());
    std::memset(buf_.get() + text.size(), 0, kPadding);
    begin_ = 0;
    end_ = text.size();
    bytes_ = text.size();
    eof_ = true;
}

void LineReader::allocate(size_t bytes) {
    std::unique_ptr<char[]> bigger(new char[bytes]);  // uninitialised on purpose
    if (end_ > begin_) std::memcpy(bigger.get(), buf_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    buf_ = std::move(bigger);
    size_ = bytes;
}

bool LineReader::fill() {
    if (eof_ || fd_ < 0) {
        eof_ = true;
        return false;
    }
    if (begin_ > 0) {
        std::memmove(buf_.get(), buf_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ + kPadding >= size_ && size_ < limit_) allocate(std::min(limit_, size_ * 2));  // a long line
    size_t cap = size_ - kPadding;
    while (end_ < cap) {
        if (idle_ && !regular_) {
            struct pollfd p {fd_, POLLIN, 0};
            if (::poll(&p, 1, 0) == 0) idle_();
            if (pending_signal()) {  // came while idle_() ran: do not block in read() now
                interrupted_ = true;
                return false;
            }
        }
        // A pipe is read in pieces (fb/pipes.h); a file that was not mapped in one go.
        size_t want = regular_ ? cap - end_ : std::min(kReadBytes, cap - end_);
        ssize_t n = ::read(fd_, buf_.get() + end_, want);
        if (n < 0) {
            if (errno == EINTR) {  // a signal: let the caller look before blocking again
                interrupted_ = true;
                return false;
            }
            status_ = Status::IOError("reading " + name_ + ": " + std::strerror(errno));
            eof_ = true;
            return false;
        }
        if (n == 0) {
            eof_ = true;
            return end_ > begin_;
        }
        end_ += static_cast<size_t>(n);
        bytes_ += static_cast<uint64_t>(n);
        // Hand lines out as soon as a newline is in; do not wait to fill 4 MiB from a slow pipe.
        if (std::memchr(buf_.get() + end_ - n, '\n', static_cast<size_t>(n))) return true;
    }
    return true;
}

bool LineReader::next(Line& line) {
    interrupted_ = false;
    if (map_ && !keep_lines_ && begin_ - released_ >= kReleaseStep) release(map_ + begin_);  // the last line is done
    for (;;) {
        char* base = data();
        if (begin_ < end_) {
            char* start = base + begin_;
            char* nl = static_cast<char*>(std::memchr(start, '\n', end_ - begin_));
            size_t avail = end_ - begin_;
            if ((nl && static_cast<size_t>(nl - start) > max_line_) || (!nl && avail > max_line_)) {
                // Over-long line: keep its head for the report and skip the rest without storing it.
                size_t in_buffer = nl ? static_cast<size_t>(nl - start) : avail;
                long_head_.assign(start, std::min(kTooLongHead, in_buffer));
                uint64_t length = 0;
                if (nl) {
                    length = static_cast<uint64_t>(nl - start);
                    begin_ = static_cast<size_t>(nl - base) + 1;
                } else {
                    length = avail;
                    begin_ = end_ = 0;
                    for (;;) {
                        if (!fill()) break;
                        char* s = data() + begin_;
                        char* n2 = static_cast<char*>(std::memchr(s, '\n', end_ - begin_));
                        if (n2) {
                            length += static_cast<uint64_t>(n2 - s);
                            begin_ = static_cast<size_t>(n2 - data()) + 1;
                            break;
                        }
                        length += end_ - begin_;
                        begin_ = end_ = 0;
                    }
                }
                line.text = long_head_;
                line.too_long = true;
                line.length = length;
                line.number = ++line_no_;
                first_ = false;
                return true;
            }
            if (nl || eof_) {
                char* stop = nl ? nl : base + end_;
                begin_ = static_cast<size_t>(stop - base) + (nl ? 1 : 0);
                std::string_view t(start, static_cast<size_t>(stop - start));
                if (!t.empty() && t.back() == '\r') t.remove_suffix(1);
                if (first_) {
                    first_ = false;
                    if (t.size() >= 3 && std::memcmp(t.data(), "\xEF\xBB\xBF", 3) == 0) t.remove_prefix(3);
                }
                line.text = t;
                line.too_long = false;
                line.length = t.size();
                line.number = ++line_no_;
                return true;
            }
        } else if (eof_) {
            return false;
        }
        if (!fill() && (interrupted_ || begin_ >= end_)) return false;
    }
}

}  // namespace fb
