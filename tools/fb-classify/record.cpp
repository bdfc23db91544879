#include "record.h"

#include "fb/json_text.h"

namespace classify {

namespace od = simdjson::ondemand;
using simdjson::error_code;

RecordEditor::RecordEditor(std::string text_field, const Categories& categories)
    : field_(std::move(text_field)),
      categories_(categories),
      owned_({"SentimentRating", "Agrupador", "Sentimento"}),
      meta_({"classifier", "confidence", "error", "truncated", "explain"}) {
    for (const auto& name : categories_.names()) {
        std::string j;
        fb::json::append_string(j, name);
        category_json_.push_back(std::move(j));
    }
}

bool RecordEditor::read(std::string_view line) {
    error_.clear();
    problem_.clear();
    text_ = {};
    owned_.reset();
    meta_.reset();
    bool seen = false;
    object_ = fb::json::trim_json_space(line);

    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        if (fb::same_text(key, field_)) {
            seen = true;
            od::json_type t;
            if (auto err = v.type().get(t)) return err;
            if (t != od::json_type::string) {
                problem_ = field_ + ": not a string";
                return parser_.walk(v);
            }
            error_code e = fb::JsonLineParser::read_string(v, text_);
            if (!e && on_text_) on_text_(text_);
            return e;
        }
        if (key.size() == 3 && key == "_fb") return meta_.read(parser_, v);
        if (int i = owned_.index(key); i >= 0) return owned_.read(parser_, i, v);
        return parser_.walk(v);
    };
    if (!parser_.parse(line, visit, error_)) return false;
    if (!meta_.writable()) {
        error_ = "_fb: must be an object to take the classifier's metadata";
        return false;
    }
    if (!seen) {
        problem_ = field_ + ": missing";
    } else if (problem_.empty()) {
        size_t i = 0;
        while (i < text_.size() && (fb::json::is_json_space(text_[i]) || text_[i] == '\f' || text_[i] == '\v')) ++i;
        if (i == text_.size()) {
            problem_ = field_ + ": empty";
            text_ = {};
        }
    }
    return true;
}

void RecordEditor::render(const Verdict& v, std::string& out) {
    splice_.reset(object_);
    rating_.clear();
    if (v.rating > 0) fb::json::append_int(rating_, v.rating);
    else rating_ = "null";
    auto value = [&](size_t i) -> std::string_view {
        switch (i) {
        case 0: return rating_;
        case 1: return v.category >= 0 ? std::string_view(category_json_[static_cast<size_t>(v.category)]) : "null";
        default: return v.sentiment > 0 ? "\"Positivo\"" : v.sentiment < 0 ? "\"Negativo\"" : "null";
        }
    };
    owned_.apply(splice_, object_, value);

    meta_members_.clear();
    auto member = [&](const char* key) {
        if (!meta_members_.empty()) meta_members_ += ',';
        meta_members_ += '"';
        meta_members_ += key;
        meta_members_ += "\":";
    };
    if (!v.classifier.empty()) {
        member("classifier");
        fb::json::append_string(meta_members_, v.classifier);
    }
    if (v.confidence >= 0) {
        member("confidence");
        fb::json::append_thousandths(meta_members_, static_cast<int64_t>(v.confidence * 1000 + 0.5));
    }
    if (!v.error.empty()) {
        member("error");
        fb::json::append_string(meta_members_, v.error);
    }
    if (v.truncated) {
        member("truncated");
        meta_members_ += "true";
    }
    if (!v.explain.empty()) {
        member("explain");
        meta_members_ += v.explain;
    }
    meta_.write(splice_, object_, meta_members_);
    splice_.render(out);
}

}  // namespace classify
