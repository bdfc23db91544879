#include "fb/record.h"

#include <cmath>

#include "fb/json_text.h"

namespace fb {

namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

// 'text' for messages: cut at max bytes, control characters escaped so a message is one line.
std::string quoted(std::string_view s, size_t max = 80) {
    bool cut = s.size() > max;
    if (cut) {
        size_t n = max;
        while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
        s = s.substr(0, n);
    }
    std::string out = "'";
    for (char c : s) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (static_cast<unsigned char>(c) < 0x20) out += '?';
        else out += c;
    }
    if (cut) out += "...";
    out += "'";
    return out;
}

bool is_blank_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    // ASCII blanks and U+00A0 (no-break space, as pasted from web forms), in any mix.
    for (;;) {
        if (!s.empty() && is_blank_byte(s.front())) s.remove_prefix(1);
        else if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') s.remove_prefix(2);
        else break;
    }
    for (;;) {
        if (!s.empty() && is_blank_byte(s.back())) s.remove_suffix(1);
        else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') s.remove_suffix(2);
        else break;
    }
    return s;
}

const char* type_name(od::json_type t) {
    switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
    }
    return "a value";
}

}  // namespace

void FeedbackNormalizer::fail(std::string_view field, std::string_view type, std::string msg) {
    errors_.push_back(FieldError{std::string(field), std::string(type), std::move(msg)});
}

bool FeedbackNormalizer::token(od::value& v, std::string_view& tok) {
    tok = v.raw_json_token();
    while (!tok.empty() && is_blank_byte(tok.back())) tok.remove_suffix(1);
    return true;
}

error_code FeedbackNormalizer::read_id(std::string_view field, od::value& v, int64_t& id) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    std::string_view tok;
    if (!token(v, tok)) return error_code::TAPE_ERROR;
    size_t offset = static_cast<size_t>(tok.data() - object_.data());
    if (t == od::json_type::number) {
        od::number n;
        if (v.get_number().get(n)) {
            if (!json::is_json_number(tok)) return error_code::NUMBER_ERROR;
            fail(field, "less_than_equal", "must be at most " + std::to_string(kMaxId) + ", got " + quoted(tok));
            return error_code::SUCCESS;
        }
        if (n.is_int64()) {
            id = n.get_int64();
        } else if (n.is_uint64()) {
            fail(field, "less_than_equal", "must be at most " + std::to_string(kMaxId) + ", got " + quoted(tok));
            return error_code::SUCCESS;
        } else {
            double d = n.get_double();
            if (json::long_number(tok)) json::exact_double(tok, d);  // see json::long_number
            if (d != std::floor(d)) {
                fail(field, "int_from_float", "must be a whole number, got " + quoted(tok));
                return error_code::SUCCESS;
            }
            if (std::fabs(d) > static_cast<double>(kMaxId)) {
                fail(field, d > 0 ? "less_than_equal" : "greater_than",
                     d > 0 ? "must be at most " + std::to_string(kMaxId) + ", got " + quoted(tok)
                           : "must be greater than 0, got " + quoted(tok));
                return error_code::SUCCESS;
            }
            id = static_cast<int64_t>(d);
            scratch_.clear();
            json::append_int(scratch_, id);
            if (id > 0) splice_.replace(offset, tok.size(), scratch_);
        }
    } else if (t == od::json_type::string) {
        std::string_view s;
        if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
        std::string_view d = trim(s);
        while (d.size() > 1 && d.front() == '0') d.remove_prefix(1);  // zero-padded ids
        bool digits = !d.empty() && d.size() <= 16;
        for (char c : d) digits = digits && c >= '0' && c <= '9';
        if (!digits) {
            fail(field, "int_parsing", d.empty() ? "must not be empty" : "must be a positive integer, got " + quoted(tok));
            return error_code::SUCCESS;
        }
        id = 0;
        for (char c : d) id = id * 10 + (c - '0');
        scratch_.clear();
        json::append_int(scratch_, id);
        if (id > 0) splice_.replace(offset, tok.size(), scratch_);
    } else {
        fail(field, "int_type", std::string("must be an integer, got ") + type_name(t));
        return t == od::json_type::null ? error_code::SUCCESS : parser_.walk(v);
    }
    if (id <= 0) {
        fail(field, "greater_than", "must be greater than 0, got " + quoted(tok));
    } else if (id > kMaxId) {
        fail(field, "less_than_equal", "must be at most " + std::to_string(kMaxId) + ", got " + quoted(tok));
    }
    return error_code::SUCCESS;
}

error_code FeedbackNormalizer::read_text(std::string_view field, od::value& v, bool required, size_t max_chars) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t == od::json_type::null) {
        if (required) fail(field, "string_type", "must be a string, got null");
        bool is_null;
        return v.is_null().get(is_null);
    }
    if (t != od::json_type::string) {
        fail(field, "string_type", std::string("must be a string, got ") + type_name(t));
        return parser_.walk(v);
    }
    std::string_view tok;
    if (!token(v, tok)) return error_code::TAPE_ERROR;
    std::string_view s;
    if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
    std::string_view d = trim(s);
    if (d.empty() && required) {
        fail(field, "string_too_short", s.empty() ? "must not be empty" : "must not be blank");
        return error_code::SUCCESS;
    }
    if (max_chars > 0 && d.size() > max_chars) {
        size_t chars = json::count_code_points(d);
        if (chars > max_chars) {
            fail(field, "string_too_long",
                 "must have at most " + std::to_string(max_chars) + " characters, got " + std::to_string(chars));
            return error_code::SUCCESS;
        }
    }
    if (d.size() != s.size()) {
        scratch_.clear();
        json::append_string(scratch_, d);
        splice_.replace(static_cast<size_t>(tok.data() - object_.data()), tok.size(), scratch_);
    }
    return error_code::SUCCESS;
}

error_code FeedbackNormalizer::read_date(od::value& v) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != od::json_type::string) {
        fail("InvoiceDate", "datetime_type", std::string("must be a date string, got ") + type_name(t));
        return t == od::json_type::null ? error_code::SUCCESS : parser_.walk(v);
    }
    std::string_view tok;
    if (!token(v, tok)) return error_code::TAPE_ERROR;
    std::string_view s;
    if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
    Timestamp ts;
    std::string why;
    s = trim(s);
    if (!parse_date(s, rules_.tz, ts, why)) {
        fail("InvoiceDate", "datetime_parsing", "unparseable " + quoted(s) + ": " + why);
        return error_code::SUCCESS;
    }
    scratch_.clear();
    scratch_ += '"';
    format_rfc3339(scratch_, ts);
    scratch_ += '"';
    if (scratch_ != tok) splice_.replace(static_cast<size_t>(tok.data() - object_.data()), tok.size(), scratch_);
    return error_code::SUCCESS;
}

FeedbackNormalizer::Outcome FeedbackNormalizer::normalize(std::string_view line, std::string& out) {
    errors_.clear();
    json_error_.clear();
    invoice_no_ = 0;
    // The object text without surrounding blanks, for splicing.
    size_t b = 0, e = line.size();
    while (b < e && is_blank_byte(line[b])) ++b;
    while (e > b && is_blank_byte(line[e - 1])) --e;
    object_ = line.substr(b, e - b);
    splice_.reset(object_);

    enum : unsigned { kInvoice = 1, kCustomer = 2, kChannel = 4, kDescription = 8, kDate = 16 };
    unsigned seen = 0;
    int64_t customer = 0;
    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        switch (key.size()) {
        case 4:
            if (key == "City") return read_text(key, v, false, 0);
            break;
        case 7:
            if (key == "Country") return read_text(key, v, false, 0);
            break;
        case 9:
            if (key == "InvoiceNo") {
                seen |= kInvoice;
                return read_id(key, v, invoice_no_);
            }
            if (key == "MeioEnvio") {
                seen |= kChannel;
                return read_text(key, v, true, 0);
            }
            break;
        case 10:
            if (key == "CustomerID") {
                seen |= kCustomer;
                return read_id(key, v, customer);
            }
            break;
        case 11:
            if (key == "Description") {
                seen |= kDescription;
                return read_text(key, v, true, rules_.max_description);
            }
            if (key == "InvoiceDate") {
                seen |= kDate;
                return read_date(v);
            }
            break;
        }
        return parser_.walk(v);
    };
    if (!parser_.parse(line, visit, json_error_)) return Outcome::invalid_json;
    if (!(seen & kInvoice)) fail("InvoiceNo", "missing", "required field missing");
    if (!(seen & kCustomer)) fail("CustomerID", "missing", "required field missing");
    if (!(seen & kChannel)) fail("MeioEnvio", "missing", "required field missing");
    if (!(seen & kDescription)) fail("Description", "missing", "required field missing");
    if (!(seen & kDate)) fail("InvoiceDate", "missing", "required field missing");
    if (!errors_.empty()) return Outcome::invalid_record;
    splice_.render(out);
    return Outcome::ok;
}

std::string FeedbackNormalizer::error_summary() const {
    if (!json_error_.empty()) return json_error_;
    std::string s;
    for (const auto& e : errors_) {
        if (!s.empty()) s += "; ";
        if (!e.field.empty()) {
            s += e.field;
            s += ": ";
        }
        s += e.msg;
    }
    return s;
}

}  // namespace fb
