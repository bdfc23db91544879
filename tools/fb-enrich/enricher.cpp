#include "enricher.h"

#include "fb/json_text.h"

namespace enrich {

namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

bool is_blank_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int owned_index(std::string_view key) {
    for (size_t i = 0; i < kFieldCount; ++i)
        if (key == kFields[i]) return static_cast<int>(i);
    return -1;
}

}  // namespace

error_code Enricher::read_customer(od::value& v) {
    has_customer_ = true;
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    std::string_view tok = v.raw_json_token();
    while (!tok.empty() && is_blank_byte(tok.back())) tok.remove_suffix(1);
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

error_code Enricher::read_meta(od::value& v) {
    meta_present_ = true;
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != od::json_type::object) {
        meta_is_object_ = false;
        return parser_.walk_span(v, meta_text_);
    }
    meta_is_object_ = true;
    const char* begin = v.raw_json_token().data();
    auto member = [&](std::string_view key, od::value& value, const char* member_begin) -> error_code {
        std::string_view text;
        if (auto e = parser_.walk_span(value, text, 2)) return e;
        if (key == "enrich") {
            meta_has_enrich_ = true;
            return error_code::SUCCESS;
        }
        if (!meta_members_.empty()) meta_members_ += ',';
        meta_members_.append(member_begin, static_cast<size_t>(text.data() + text.size() - member_begin));
        return error_code::SUCCESS;
    };
    if (auto e = parser_.walk_members(v, member)) return e;
    const char* end = nullptr;
    if (auto e = v.current_location().get(end)) return e;
    while (end > begin && is_blank_byte(end[-1])) --end;
    meta_text_ = std::string_view(begin, static_cast<size_t>(end - begin));
    return error_code::SUCCESS;
}

// Sets _fb.enrich to `note` (or removes a stale one when `note` is empty), keeping every other
// member of _fb as it was.
void Enricher::write_meta(std::string_view note) {
    if (!meta_present_) {
        if (note.empty()) return;
        meta_.clear();
        meta_ += "{\"enrich\":";
        meta_ += note;
        meta_ += '}';
        splice_.add("\"_fb\"", meta_);
        return;
    }
    if (note.empty() && !meta_has_enrich_) return;
    meta_.clear();
    meta_ += "{";
    meta_ += meta_members_;
    if (!note.empty()) {
        if (!meta_members_.empty()) meta_ += ',';
        meta_ += "\"enrich\":";
        meta_ += note;
    }
    meta_ += '}';
    splice_.replace(static_cast<size_t>(meta_text_.data() - object_.data()), meta_text_.size(), meta_);
}

Enricher::Outcome Enricher::process(std::string_view line, const Lookup& lookup, std::string& out) {
    error_.clear();
    lookup_ = &lookup;
    customer_ = 0;
    has_customer_ = false;
    owned_count_ = 0;
    for (auto& o : owned_) o = {};
    meta_present_ = meta_is_object_ = meta_has_enrich_ = false;
    meta_members_.clear();

    size_t b = 0, e = line.size();
    while (b < e && is_blank_byte(line[b])) ++b;
    while (e > b && is_blank_byte(line[e - 1])) --e;
    object_ = line.substr(b, e - b);
    splice_.reset(object_);

    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        if (key.size() == 10 && key == "CustomerID") return read_customer(v);
        if (key.size() == 3 && key == "_fb") return read_meta(v);
        if (key.size() >= 6 && key.size() <= 15) {
            if (int i = owned_index(key); i >= 0) {
                ++owned_count_;
                return parser_.walk_span(v, owned_[i]);
            }
        }
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
        if (meta_present_ && !meta_is_object_) {
            error_ = "_fb: must be an object to note what enrichment missed";
            return Outcome::invalid_record;
        }
    }

    // The fields: added before the closing brace, or replaced where the record already has them.
    if (owned_count_ == 0) {
        splice_.add_fields(m ? lookup.fields(*m) : std::string_view(lookup.null_fields()));
    } else {
        for (size_t i = 0; i < kFieldCount; ++i) {
            std::string_view value = m ? lookup.value(*m, i) : std::string_view("null");
            if (!owned_[i].empty()) {
                splice_.replace(static_cast<size_t>(owned_[i].data() - object_.data()), owned_[i].size(), value);
            } else {
                note_.clear();
                note_ += "\"";
                note_ += kFields[i];
                note_ += '"';
                splice_.add(note_, value);
            }
        }
    }

    note_.clear();
    if (outcome == Outcome::missing_customer) {
        note_ = "{\"missing\":\"customer\",\"CustomerID\":";
        fb::json::append_int(note_, customer_);
        note_ += '}';
    } else if (outcome == Outcome::missing_branch) {
        note_ = "{\"missing\":\"branch\",\"agencia_id\":";
        if (m->agencia_id) fb::json::append_int(note_, m->agencia_id);
        else note_ += "null";
        note_ += '}';
    }
    if (meta_is_object_ || !meta_present_) write_meta(note_);
    splice_.render(out);
    return outcome;
}

}  // namespace enrich
