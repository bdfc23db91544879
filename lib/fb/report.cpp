#include "fb/report.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace fb {

Reporter::Reporter(std::string tool, bool quiet, int progress)
    : tool_(std::move(tool)), quiet_(quiet),
      progress_(progress > 0 || (progress < 0 && !quiet && isatty(STDERR_FILENO) == 1)),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

std::string group_thousands(uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

void Reporter::clear_progress_locked() {
    if (progress_drawn_) {
        std::fputs("\r\033[K", stderr);
        progress_drawn_ = false;
    }
}

void Reporter::write_line(std::string_view prefix, std::string_view where, std::string_view what) {
    std::lock_guard lock(mu_);
    clear_progress_locked();
    std::string line = tool_;
    line += ": ";
    line += prefix;
    if (!where.empty()) {
        line += where;
        line += ": ";
    }
    line += what;
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

void Reporter::error(std::string_view where, std::string_view what) { write_line("", where, what); }
void Reporter::warn(std::string_view where, std::string_view what) {
    if (!quiet_) write_line("warning: ", where, what);
}
void Reporter::note(std::string_view what) {
    if (!quiet_) write_line("", "", what);
}

void Reporter::redraw(uint64_t count, uint64_t total) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? count / secs : 0;
    char buf[160];
    if (total > 0 && rate > 0) {
        double eta = (total > count ? total - count : 0) / rate;
        std::snprintf(buf, sizeof buf, "%s records (%.0f%%), %s/s, ETA %.0fs", group_thousands(count).c_str(),
                      100.0 * count / total, group_thousands(static_cast<uint64_t>(rate)).c_str(), eta);
    } else {
        std::snprintf(buf, sizeof buf, "%s records, %s/s", group_thousands(count).c_str(),
                      group_thousands(static_cast<uint64_t>(rate)).c_str());
    }
    std::lock_guard lock(mu_);
    std::fprintf(stderr, "\r\033[K%s: %s", tool_.c_str(), buf);
    std::fflush(stderr);
    progress_drawn_ = true;
}

void Reporter::finish_progress(uint64_t count, uint64_t total) {
    if (!progress_) return;
    last_draw_ = {};
    redraw(count, total);
    std::lock_guard lock(mu_);
    if (progress_drawn_) {
        std::fputc('\n', stderr);
        progress_drawn_ = false;
    }
}

std::string one_line(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool blank = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            blank = !out.empty();
            continue;
        }
        if (blank) out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

}  // namespace fb
