#pragma once
// One NDJSON record to the BSON document fb-sink-mongo stores, with the types the old data had:
// InvoiceDate a BSON date, integers int32 when they fit (int64 otherwise, as pymongo writes them),
// latitude/longitude doubles even when written as whole numbers, an optional GeoJSON `location`
// point, `_fb` dropped unless kept. Everything is read in one validating pass (duplicate keys,
// nesting, syntax), and what MongoDB would refuse is caught here with a clear reason: field names
// starting with '$' or '.', NUL in names, documents over 16 MiB, a missing key field.
// Thread-safety: one converter per thread.

#include <bson/bson.h>

#include <string>
#include <string_view>

#include "fb/json_line.h"

namespace sinkmongo {

struct DocumentRules {
    std::string key = "InvoiceNo";  // the upsert key; must be present
    bool keep_meta = false;         // keep _fb
    bool geo = false;               // add location: {type: "Point", coordinates: [lon, lat]}
};

inline constexpr size_t kMaxBsonBytes = 16 * 1024 * 1024;

class DocumentBuilder {
public:
    explicit DocumentBuilder(DocumentRules rules) : rules_(std::move(rules)) {}

    // Converts one line (followed by simdjson padding) into `doc` (initialised by the caller with
    // bson_init) and the key's value into `filter` ({key: value}). False with error() set when
    // the record cannot be stored.
    bool build(std::string_view line, bson_t* doc, bson_t* filter);
    const std::string& error() const { return error_; }

private:
    using ec = simdjson::error_code;
    ec append(bson_t* parent, std::string_view key, simdjson::ondemand::value& v, int depth);
    bool check_key(std::string_view key);

    DocumentRules rules_;
    fb::JsonLineParser parser_;
    std::string error_;
    char index_[24];
};

}  // namespace sinkmongo
