#include "fb/record_edit.h"

#include "fb/json_text.h"

namespace fb {

namespace od = simdjson::ondemand;
using simdjson::error_code;

error_code MetaEditor::read(JsonLineParser& parser, od::value& v) {
    present_ = true;
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != od::json_type::object) {
        is_object_ = false;
        return parser.walk_span(v, text_);
    }
    is_object_ = true;
    const char* begin = v.raw_json_token().data();
    auto member = [&](std::string_view key, od::value& value, const char* member_begin) -> error_code {
        std::string_view text;
        if (auto e = parser.walk_span(value, text, 2)) return e;
        if (owns(key)) {
            had_owned_ = true;
            return error_code::SUCCESS;
        }
        if (!others_.empty()) others_ += ',';
        others_.append(member_begin, static_cast<size_t>(text.data() + text.size() - member_begin));
        return error_code::SUCCESS;
    };
    if (auto e = parser.walk_members(v, member)) return e;
    const char* end = nullptr;
    if (auto e = v.current_location().get(end)) return e;
    while (end > begin && json::is_json_space(end[-1])) --end;
    text_ = std::string_view(begin, static_cast<size_t>(end - begin));
    return error_code::SUCCESS;
}

void MetaEditor::write(Splice& splice, std::string_view object, std::string_view members) {
    if (!present_) {
        if (members.empty()) return;
        out_.clear();
        out_ += '{';
        out_ += members;
        out_ += '}';
        splice.add("\"_fb\"", out_);
        return;
    }
    if (!is_object_ || (members.empty() && !had_owned_)) return;
    out_.clear();
    out_ += '{';
    out_ += others_;
    if (!members.empty()) {
        if (!others_.empty()) out_ += ',';
        out_ += members;
    }
    out_ += '}';
    splice.replace(static_cast<size_t>(text_.data() - object.data()), text_.size(), out_);
}

}  // namespace fb
