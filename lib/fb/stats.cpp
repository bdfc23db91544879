#include "fb/stats.h"

#include <cstdio>

#include "fb/json_text.h"

namespace fb {

Stats::Stats(std::string tool) : tool_(std::move(tool)), start_(std::chrono::steady_clock::now()) {}

Stats::Extra& Stats::slot(std::string_view key, Extra::Kind kind) {
    for (auto& e : extra_)
        if (e.key == key) return e;
    extra_.push_back(Extra{std::string(key), kind, 0, 0, {}});
    return extra_.back();
}

void Stats::add(std::string_view key, int64_t n) { slot(key, Extra::integer).i += n; }
void Stats::set(std::string_view key, double value) { slot(key, Extra::real).d = value; }
void Stats::set_text(std::string_view key, std::string value) { slot(key, Extra::text).s = std::move(value); }

int64_t Stats::get(std::string_view key) const {
    for (const auto& e : extra_)
        if (e.key == key) return e.i;
    return 0;
}

double Stats::seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string Stats::to_json() const {
    double secs = seconds();
    std::string out = "{\"tool\":";
    json::append_string(out, tool_);
    auto field = [&](std::string_view k, uint64_t v) {
        out += ",\"";
        out += k;
        out += "\":";
        json::append_uint(out, v);
    };
    field("read", read);
    field("written", written);
    field("rejected", rejected);
    field("filtered", filtered);
    field("blank", blank);
    out += ",\"seconds\":";
    json::append_double(out, static_cast<double>(static_cast<int64_t>(secs * 1e6)) / 1e6);
    out += ",\"records_per_s\":";
    json::append_double(out, secs > 0 ? static_cast<double>(static_cast<int64_t>(read / secs)) : 0.0);
    for (const auto& e : extra_) {
        out += ',';
        json::append_string(out, e.key);
        out += ':';
        if (e.kind == Extra::integer) json::append_int(out, e.i);
        else if (e.kind == Extra::real) json::append_double(out, e.d);
        else json::append_string(out, e.s);
    }
    out += ",\"reconciled\":";
    out += reconciles() ? "true" : "false";
    out += "}\n";
    return out;
}

Status Stats::write(const std::string& path) const {
    if (path.empty()) return Status::Ok();
    std::string text = to_json();
    if (path == "-") {
        std::fwrite(text.data(), 1, text.size(), stderr);
        return Status::Ok();
    }
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) return Status::IOError("cannot write stats file '" + path + "'");
    bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    ok = (std::fclose(f) == 0) && ok;
    return ok ? Status::Ok() : Status::IOError("writing stats file '" + path + "' failed");
}

}  // namespace fb
