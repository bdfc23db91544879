#pragma once
// fb-enrich's stream side: one NDJSON record in, the same record with the customer and branch
// fields spliced in (or replaced, when an earlier run added them), or a reason to reject it.
// Thread-safety: one Enricher per thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "fb/json_line.h"
#include "fb/record_edit.h"
#include "fb/splice.h"
#include "lookup.h"

namespace enrich {

enum class OnMissing { keep, reject, drop };

class Enricher {
public:
    enum class Outcome {
        matched,           // customer and branch found; fields added
        missing_customer,  // CustomerID not in the customers table
        missing_branch,    // customer found, its branch not (or its agencia_id is NULL)
        invalid_json,
        invalid_record,    // no usable CustomerID, or an _fb that is not an object
    };

    explicit Enricher(OnMissing on_missing)
        : on_missing_(on_missing), owned_({std::begin(kFields), std::end(kFields)}), meta_({"enrich"}) {}

    // Enriches one line (followed by simdjson padding). Appends the output record to `out`
    // (no newline) when the record is to be written, and only then: always for `matched`, and
    // for the missing outcomes under --on-missing keep. `error()` says why otherwise.
    Outcome process(std::string_view line, const Lookup& lookup, std::string& out);

    const std::string& error() const { return error_; }
    int64_t customer_id() const { return customer_; }

private:
    using ec = simdjson::error_code;
    ec read_customer(simdjson::ondemand::value& v);

    OnMissing on_missing_;
    const Lookup* lookup_ = nullptr;
    fb::JsonLineParser parser_;
    fb::Splice splice_;
    std::string_view object_;
    std::string error_;
    std::string note_;
    int64_t customer_ = 0;
    bool has_customer_ = false;

    fb::OwnedFields owned_;  // where the record already holds our fields (a second pass)
    fb::MetaEditor meta_;    // _fb, whose "enrich" member is ours
};

}  // namespace enrich
