#include "fb/rejects.h"

#include "fb/json_text.h"

namespace fb {

Status Rejects::open(const std::string& path) {
    if (path.empty()) return Status::Ok();
    to_file_ = true;
    return out_.open(path, 64 << 10);
}

void Rejects::reject(std::string_view source, uint64_t line, std::string_view error, std::string_view input,
                     bool truncated) {
    std::lock_guard lock(mu_);
    ++count_;
    if (!to_file_) {
        reporter_.error(std::string(source) + ":" + std::to_string(line), error);
        return;
    }
    buf_.clear();
    buf_ += "{\"tool\":";
    json::append_string(buf_, reporter_.tool());
    buf_ += ",\"file\":";
    json::append_string(buf_, source);
    buf_ += ",\"line\":";
    json::append_uint(buf_, line);
    buf_ += ",\"error\":";
    json::append_string(buf_, error);
    buf_ += ",\"input\":";
    if (!json::append_string(buf_, input)) buf_ += ",\"input_encoding\":\"invalid UTF-8 replaced by U+FFFD\"";
    if (truncated) buf_ += ",\"input_truncated\":true";
    buf_ += '}';
    out_.line(buf_);
}

void Rejects::flush() {
    std::lock_guard lock(mu_);
    if (to_file_) out_.flush();
}

Status Rejects::close() {
    std::lock_guard lock(mu_);
    if (!to_file_) return Status::Ok();
    return out_.close();
}

}  // namespace fb
