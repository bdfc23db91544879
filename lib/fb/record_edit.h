#pragma once
// The two edits every enriching tool makes to a record's text (DESIGN §2): set the top-level fields
// it owns (replaced in place where an earlier run already wrote them, added before the closing
// brace otherwise) and set its own members of the `_fb` metadata object, keeping every member
// other tools wrote. Both work on the spans JsonLineParser hands out, so the record is parsed once.
// Thread-safety: one instance per thread.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "fb/json_line.h"
#include "fb/splice.h"
#include "fb/text.h"

namespace fb {

// The top-level fields a tool owns.
class OwnedFields {
public:
    // `names` must outlive this object (string literals).
    explicit OwnedFields(std::vector<std::string_view> names) : names_(std::move(names)), spans_(names_.size()) {
        for (auto n : names_) {
            min_ = std::min(min_, n.size());
            max_ = std::max(max_, n.size());
        }
    }

    void reset() {
        if (present_ == 0) return;
        for (auto& s : spans_) s = {};
        present_ = 0;
    }

    // The index of `key` among the owned names, or -1.
    int index(std::string_view key) const {
        if (key.size() < min_ || key.size() > max_) return -1;
        for (size_t i = 0; i < names_.size(); ++i)
            if (same_text(key, names_[i])) return static_cast<int>(i);
        return -1;
    }

    // Reads an owned field's value (its text is kept to be replaced later).
    simdjson::error_code read(JsonLineParser& parser, int i, simdjson::ondemand::value& v) {
        ++present_;
        return parser.walk_span(v, spans_[static_cast<size_t>(i)]);
    }

    bool any_present() const { return present_ > 0; }
    size_t size() const { return names_.size(); }
    std::string_view name(size_t i) const { return names_[i]; }
    std::string_view current(size_t i) const { return spans_[i]; }  // empty when absent

    // Writes value_of(i) (JSON text) for every owned field: in place where the record has it,
    // added otherwise. `object` is the text the spans point into (the Splice's object).
    template <class ValueOf>
    void apply(Splice& splice, std::string_view object, ValueOf&& value_of) {
        for (size_t i = 0; i < names_.size(); ++i) {
            std::string_view value = value_of(i);
            if (!spans_[i].empty()) {
                splice.replace(static_cast<size_t>(spans_[i].data() - object.data()), spans_[i].size(), value);
            } else {
                key_.clear();
                key_ += '"';
                key_ += names_[i];
                key_ += '"';
                splice.add(key_, value);
            }
        }
    }

private:
    std::vector<std::string_view> names_;
    std::vector<std::string_view> spans_;
    size_t min_ = SIZE_MAX, max_ = 0;
    size_t present_ = 0;
    std::string key_;
};

// The `_fb` object: the members a tool owns are replaced; the others are kept as they were.
class MetaEditor {
public:
    explicit MetaEditor(std::vector<std::string_view> owned) : owned_(std::move(owned)) {}

    void reset() {
        present_ = is_object_ = had_owned_ = false;
        others_.clear();
        text_ = {};
    }

    // Reads the top-level `_fb` value.
    simdjson::error_code read(JsonLineParser& parser, simdjson::ondemand::value& v);

    bool present() const { return present_; }
    // An `_fb` that is not an object cannot take our members (the record is the caller's to reject).
    bool writable() const { return !present_ || is_object_; }

    // Sets the owned members to `members` (`"k":v,"k":v` JSON text). Empty `members` removes the
    // owned members an earlier run left, and leaves a record without `_fb` untouched.
    void write(Splice& splice, std::string_view object, std::string_view members);

private:
    bool owns(std::string_view key) const {
        for (auto k : owned_)
            if (same_text(k, key)) return true;
        return false;
    }

    std::vector<std::string_view> owned_;
    bool present_ = false, is_object_ = false, had_owned_ = false;
    std::string_view text_;  // the whole `_fb` value
    std::string others_;     // members owned by others, as JSON text
    std::string out_;
};

}  // namespace fb
