#pragma once
// One NDJSON record to one `_bulk` item: the action line (`index`, `create` or `update`, with the
// target index and `_id`) and the source line. The source is the record's own members in order,
// without `_fb` unless kept, plus `location: {lat, lon}` from latitude/longitude for the template's
// geo_point. The index is a fixed name, Elasticsearch date math (`<feedback-{now/d}>`), or a
// pattern with a record's field: `feedback-{InvoiceDate:yyyy.MM}`, `feedback-{estado}`.
// Thread-safety: one builder per thread.

#include <string>
#include <string_view>
#include <vector>

#include "fb/json_line.h"
#include "fb/status.h"

namespace sinkes {

enum class Op { index, create, update };

// The parsed --index: literal text and {Field[:format]} placeholders.
struct IndexPattern {
    struct Part {
        std::string text;    // literal text, or the field name of a placeholder
        std::string format;  // date format of a placeholder (yyyy, MM, dd, HH), empty for the raw value
        bool field = false;
    };
    std::vector<Part> parts;
    bool fixed() const { return parts.size() == 1 && !parts[0].field; }

    static fb::Result<IndexPattern> parse(const std::string& spec);
};

// Elasticsearch's rules for index names; empty when `name` is valid, else why not.
std::string index_name_problem(std::string_view name);

struct ItemRules {
    IndexPattern index;
    std::string id_field = "InvoiceNo";
    Op op = Op::index;
    bool keep_meta = false;
};

class ItemBuilder {
public:
    explicit ItemBuilder(ItemRules rules) : rules_(std::move(rules)) {}

    // Appends "action\nsource\n" for one line (followed by simdjson padding) to `out`. False with
    // error() set when the record cannot be indexed (nothing appended then).
    bool build(std::string_view line, std::string& out);
    const std::string& error() const { return error_; }

private:
    bool index_name(std::string& name);

    ItemRules rules_;
    fb::JsonLineParser parser_;
    std::string error_, source_, id_, name_;
    struct Captured {
        std::string_view name;
        std::string value;  // string value, or number text
        bool present = false;
    };
    std::vector<Captured> captured_;  // fields the index pattern uses
};

}  // namespace sinkes
