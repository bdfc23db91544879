#pragma once
// The feedback record (DESIGN §2): validation and normalisation of the fields fb-gen and fb-ingest
// own. InvoiceNo and CustomerID become positive integers (digit strings are accepted, as old data
// has them), strings are trimmed, Description is 1..4096 characters, InvoiceDate becomes RFC 3339
// UTC. Every other field passes through byte for byte. Errors are collected per field, in the
// shape FastAPI/Pydantic reports them (type, field, message), so HTTP 422 replies and rejects lines
// say the same thing.
// Thread-safety: one normaliser per thread (it owns a JSON parser and scratch buffers).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fb/dates.h"
#include "fb/json_line.h"
#include "fb/splice.h"

namespace fb {

// Largest id accepted: 2^53 - 1, so ids survive JavaScript, Elasticsearch and pandas doubles.
inline constexpr int64_t kMaxId = 9007199254740991;
inline constexpr size_t kMaxDescriptionChars = 4096;

struct FieldError {
    std::string field;  // e.g. "InvoiceNo"; empty for whole-record problems
    std::string type;   // Pydantic-style error type: missing, int_parsing, string_type, ...
    std::string msg;    // human text
};

struct RecordRules {
    TimeZone tz;                         // for zone-less InvoiceDate values
    size_t max_description = kMaxDescriptionChars;
};

class FeedbackNormalizer {
public:
    enum class Outcome { ok, invalid_json, invalid_record };

    explicit FeedbackNormalizer(RecordRules rules) : rules_(std::move(rules)) {}

    // Validates one NDJSON line (followed by simdjson padding) and, when valid, appends the
    // normalised object text to `out` (no newline).
    Outcome normalize(std::string_view line, std::string& out);

    int64_t invoice_no() const { return invoice_no_; }  // after ok
    const std::vector<FieldError>& errors() const { return errors_; }  // after invalid_record
    const std::string& json_error() const { return json_error_; }      // after invalid_json
    // One line for rejects and messages: "InvoiceNo: ...; InvoiceDate: ...".
    std::string error_summary() const;

private:
    using ec = simdjson::error_code;
    ec read_id(std::string_view field, simdjson::ondemand::value& v, int64_t& id);
    ec read_text(std::string_view field, simdjson::ondemand::value& v, bool required, size_t max_chars);
    ec read_date(simdjson::ondemand::value& v);
    void fail(std::string_view field, std::string_view type, std::string msg);
    bool token(simdjson::ondemand::value& v, std::string_view& tok);  // raw text, trailing blanks cut

    RecordRules rules_;
    JsonLineParser parser_;
    Splice splice_;
    std::string scratch_;
    std::string_view object_;
    std::vector<FieldError> errors_;
    std::string json_error_;
    int64_t invoice_no_ = 0;
};

}  // namespace fb
