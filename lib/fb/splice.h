#pragma once
// Editing a JSON object's text without rebuilding it (DESIGN §2 fast path): replace the text of
// some values in place and add fields before the closing brace; every other byte is copied, so
// fields a tool does not know pass through unchanged and in order.
// Thread-safety: one splice per thread.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace fb {

class Splice {
public:
    // `object` is the text of one JSON object ("{...}", no surrounding blanks).
    void reset(std::string_view object) {
        object_ = object;
        edits_.clear();
        added_.clear();
        pool_.clear();
    }
    // Replace object[offset, offset+length) with `text` (a JSON value). Offsets must not overlap.
    void replace(size_t offset, size_t length, std::string_view text) {
        edits_.push_back({offset, length, pool_.size(), text.size()});
        pool_ += text;
    }
    // Adds `"key":value` before the closing brace. `key_json` and `value_json` are JSON text.
    void add(std::string_view key_json, std::string_view value_json) {
        added_ += key_json;
        added_ += ':';
        added_ += value_json;
        added_ += ',';
    }
    // Adds already formed `"key":value,"key":value` text before the closing brace.
    void add_fields(std::string_view fields_json) {
        added_ += fields_json;
        added_ += ',';
    }
    bool unchanged() const { return edits_.empty() && added_.empty(); }

    void render(std::string& out) {
        if (edits_.size() > 1)
            std::sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) { return a.offset < b.offset; });
        size_t pos = 0;
        for (const auto& e : edits_) {
            out.append(object_.data() + pos, e.offset - pos);
            out.append(pool_, e.text_at, e.text_len);
            pos = e.offset + e.length;
        }
        if (added_.empty()) {
            out.append(object_.data() + pos, object_.size() - pos);
            return;
        }
        // Insert before the final '}', with a comma unless the object is empty.
        size_t close = object_.size() - 1;
        size_t last = close;
        while (last > 0 && (object_[last - 1] == ' ' || object_[last - 1] == '\t' || object_[last - 1] == '\n' ||
                            object_[last - 1] == '\r'))
            --last;
        out.append(object_.data() + pos, last - pos);
        if (object_[last - 1] != '{') out += ',';
        out.append(added_.data(), added_.size() - 1);
        out.append(object_.data() + last, object_.size() - last);
    }

private:
    struct Edit {
        size_t offset, length;
        size_t text_at, text_len;  // in pool_
    };
    std::string_view object_;
    std::vector<Edit> edits_;
    std::string added_;
    std::string pool_;  // replacement texts, back to back: no allocation per record once warm
};

}  // namespace fb
