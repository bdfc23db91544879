#pragma once
// fb-classify's record side: reads one NDJSON line (validating all of it), hands out the text to
// classify, and writes the record back with SentimentRating, Agrupador and Sentimento set (replaced
// in place when an earlier run wrote them) and _fb's classifier, confidence, error and truncated
// members set, every other byte unchanged.
// Thread-safety: one RecordEditor per thread.

#include <functional>
#include <string>
#include <string_view>

#include "categories.h"
#include "fb/json_line.h"
#include "fb/record_edit.h"
#include "fb/splice.h"
#include "verdict.h"

namespace classify {

class RecordEditor {
public:
    RecordEditor(std::string text_field, const Categories& categories);

    // Parses `line` (followed by simdjson padding). False when it is not one valid JSON object,
    // or its _fb is not an object (error() says which).
    bool read(std::string_view line);
    const std::string& error() const { return error_; }

    // The text to classify, unescaped; valid until the next read(). Empty with text_problem() set
    // when the field is missing, not a string, or blank.
    std::string_view text() const { return text_; }
    const std::string& text_problem() const { return problem_; }

    // Appends the record with the verdict to `out` (no newline).
    void render(const Verdict& v, std::string& out);

    // Called with the text as soon as read() finds it, before the rest of the line is parsed, so
    // a caller can start loading what it will look the text up in (the verdict memo).
    void on_text(std::function<void(std::string_view)> hook) { on_text_ = std::move(hook); }

private:
    std::string field_;
    const Categories& categories_;
    std::vector<std::string> category_json_;
    fb::JsonLineParser parser_;
    fb::Splice splice_;
    fb::OwnedFields owned_;
    fb::MetaEditor meta_;
    std::string_view object_;
    std::string_view text_;
    std::string error_, problem_;
    std::string rating_, meta_members_;
    std::function<void(std::string_view)> on_text_;
};

}  // namespace classify
