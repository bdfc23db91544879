#include "enricher.h"

#include "fb/json_text.h"

namespace enrich {

namespace od = simdjson::ondemand;
using simdjson::error_code;

error_code Enricher::read_customer(od::value& v) {
    has_customer_ = true;
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    std::string_view tok = v.raw_json_token();
    while (!tok.empty() && fb::json::is_json_space(tok.back())) tok.remove_suffix(1);
    if (t == od::json_type::number) {
        od::number n;
        if (v.get_number().get(n) == error_code::SUCCESS && n.is_int64() && n.get_int64() > 0) {
            customer_ = n.get_int64();
            lookup_->prefetch(customer_);  // the match arrives while the rest of the line is parsed
            return error_code::SUCCESS;
        }
        error_ = "CustomerID: must be a positive integer, got " + std::string(tok);
        return parser_.walk(v);
    }
    const char* name = t == od::json_type::string  ? "a string"
                     : t == od::json_type::array   ? "an array"
                     : t == od::json_type::object  ? "an object"
                     : t == od::json_type::boolean ? "a boolean"
                                                   : "null";
    error_ = "CustomerID: must be an integer, got ";
    error_ += name;
    if (t == od::json_type::string) {
        error_ += ' ';
        error_ += tok;
        error_ += " (fb-ingest writes ids as numbers)";
    }
    return parser_.walk(v);
}

Enricher::Outcome Enricher::process(std::string_view line, const Lookup& lookup, std::string& out) {
    error_.clear();
    lookup_ = &lookup;
    customer_ = 0;
    has_customer_ = false;
    owned_.reset();
    meta_.reset();

    object_ = fb::json::trim_json_space(line);
    splice_.reset(object_);

    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        if (key.size() == 10 && key == "CustomerID") return read_customer(v);
        if (key.size() == 3 && key == "_fb") return meta_.read(parser_, v);
        if (int i = owned_.index(key); i >= 0) return owned_.read(parser_, i, v);
        return parser_.walk(v);
    };
    if (!parser_.parse(line, visit, error_)) return Outcome::invalid_json;
    if (!has_customer_) error_ = "CustomerID: required field missing";
    if (!error_.empty()) return Outcome::invalid_record;

    const Match* m = lookup.find(customer_);
    Outcome outcome = !m ? Outcome::missing_customer : m->kind == Match::full ? Outcome::matched : Outcome::missing_branch;
    if (outcome != Outcome::matched) {
        if (outcome == Outcome::missing_customer)
            error_ = "CustomerID " + std::to_string(customer_) + " is not in the customers table";
        else if (m->agencia_id == 0)
            error_ = "CustomerID " + std::to_string(customer_) + " has no agencia_id";
        else
            error_ = "CustomerID " + std::to_string(customer_) + ": agencia_id " + std::to_string(m->agencia_id) +
                     " is not in the branches table";
        if (on_missing_ != OnMissing::keep) return outcome;
        if (!meta_.writable()) {
            error_ = "_fb: must be an object to note what enrichment missed";
            return Outcome::invalid_record;
        }
    }

    // The fields: added before the closing brace, or replaced where the record already has them.
    if (!owned_.any_present())
        splice_.add_fields(m ? lookup.fields(*m) : std::string_view(lookup.null_fields()));
    else
        owned_.apply(splice_, object_, [&](size_t i) { return m ? lookup.value(*m, i) : std::string_view("null"); });

    note_.clear();
    if (outcome == Outcome::missing_customer) {
        note_ = "\"enrich\":{\"missing\":\"customer\",\"CustomerID\":";
        fb::json::append_int(note_, customer_);
        note_ += '}';
    } else if (outcome == Outcome::missing_branch) {
        note_ = "\"enrich\":{\"missing\":\"branch\",\"agencia_id\":";
        if (m->agencia_id) fb::json::append_int(note_, m->agencia_id);
        else note_ += "null";
        note_ += '}';
    }
    meta_.write(splice_, object_, note_);
    splice_.render(out);
    return outcome;
}

}  // namespace enrich
