#pragma once
// Writing one JSON document with nesting and commas handled: fb-analyze's report is built with
// this, and every other format (text tables, HTML, Kibana documents) is derived from that JSON.
// Thread-safety: one writer per document.

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fb/json_text.h"

namespace analyze {

class JsonWriter {
public:
    JsonWriter& key(std::string_view k) {
        comma();
        fb::json::append_string(out_, k);
        out_ += ':';
        after_key_ = true;
        return *this;
    }
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    JsonWriter& value(std::string_view s) {
        comma();
        fb::json::append_string(out_, s);
        return *this;
    }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(int64_t v) {
        comma();
        fb::json::append_int(out_, v);
        return *this;
    }
    JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
    JsonWriter& value(size_t v) { return value(static_cast<int64_t>(v)); }
    // NaN and infinities are written as null.
    JsonWriter& value(double v) {
        comma();
        if (std::isfinite(v)) fb::json::append_double(out_, v);
        else out_ += "null";
        return *this;
    }
    JsonWriter& null() {
        comma();
        out_ += "null";
        return *this;
    }
    template <class T>
    JsonWriter& field(std::string_view k, T v) {
        key(k);
        return value(v);
    }
    const std::string& str() const { return out_; }

private:
    JsonWriter& open(char c) {
        comma();
        out_ += c;
        first_.push_back(true);
        return *this;
    }
    JsonWriter& close(char c) {
        out_ += c;
        first_.pop_back();
        return *this;
    }
    void comma() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_.empty()) {
            if (!first_.back()) out_ += ',';
            first_.back() = false;
        }
    }
    std::string out_;
    std::vector<bool> first_;
    bool after_key_ = false;
};

}  // namespace analyze
