#include "bulk_item.h"

#include <cstdio>

#include "fb/dates.h"
#include "fb/json_text.h"

namespace sinkes {

namespace od = simdjson::ondemand;
using simdjson::error_code;

fb::Result<IndexPattern> IndexPattern::parse(const std::string& spec) {
    IndexPattern p;
    if (spec.empty()) return fb::Status::Usage("--index must not be empty");
    if (spec.front() == '<') {  // date math: the server resolves it
        p.parts.push_back({spec, "", false});
        return p;
    }
    size_t i = 0;
    while (i < spec.size()) {
        size_t open = spec.find('{', i);
        if (open == std::string::npos) {
            p.parts.push_back({spec.substr(i), "", false});
            break;
        }
        if (open > i) p.parts.push_back({spec.substr(i, open - i), "", false});
        size_t close = spec.find('}', open);
        if (close == std::string::npos) return fb::Status::Usage("--index: '{' without '}' in '" + spec + "'");
        std::string inside = spec.substr(open + 1, close - open - 1);
        size_t colon = inside.find(':');
        Part part{inside.substr(0, colon), colon == std::string::npos ? "" : inside.substr(colon + 1), true};
        if (part.text.empty()) return fb::Status::Usage("--index: empty field name in '" + spec + "'");
        p.parts.push_back(part);
        i = close + 1;
    }
    if (p.fixed()) {
        if (std::string why = index_name_problem(p.parts[0].text); !why.empty())
            return fb::Status::Usage("--index '" + spec + "': " + why);
    }
    return p;
}

std::string index_name_problem(std::string_view name) {
    if (name.empty()) return "an index name must not be empty";
    if (name.size() > 255) return "an index name is at most 255 bytes";
    if (name == "." || name == "..") return "an index name cannot be '.' or '..'";
    if (name.front() == '-' || name.front() == '_' || name.front() == '+') return "an index name cannot start with -, _ or +";
    for (char c : name) {
        if (c >= 'A' && c <= 'Z') return "an index name must be lower case";
        if (std::string_view("\\/*?\"<>| ,#:").find(c) != std::string_view::npos)
            return std::string("an index name cannot contain '") + c + "'";
    }
    return "";
}

bool ItemBuilder::index_name(std::string& name) {
    name.clear();
    for (const auto& part : rules_.index.parts) {
        if (!part.field) {
            name += part.text;
            continue;
        }
        const Captured* c = nullptr;
        for (const auto& cap : captured_)
            if (cap.name == part.text) c = &cap;
        if (!c || !c->present) {
            error_ = "index pattern needs field " + part.text + ", which the record lacks";
            return false;
        }
        if (part.format.empty()) {
            for (char ch : c->value) name += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
            continue;
        }
        fb::Timestamp ts;
        std::string why;
        if (!fb::parse_date(c->value, fb::TimeZone::utc(), ts, why)) {
            error_ = "index pattern: " + part.text + " '" + c->value + "' is not a date: " + why;
            return false;
        }
        fb::CivilTime t;
        int64_t days = ts.seconds >= 0 ? ts.seconds / 86400 : (ts.seconds - 86399) / 86400;
        fb::civil_from_days(days, t.year, t.month, t.day);
        t.hour = static_cast<int>((ts.seconds - days * 86400) / 3600);
        std::string f = part.format;
        auto put = [&](std::string_view token, int value, int width) {
            for (size_t at = f.find(token); at != std::string::npos; at = f.find(token)) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "%0*d", width, value);
                f.replace(at, token.size(), buf);
            }
        };
        put("yyyy", t.year, 4);
        put("MM", t.month, 2);
        put("dd", t.day, 2);
        put("HH", t.hour, 2);
        name += f;
    }
    if (rules_.index.parts.empty() || rules_.index.parts[0].text.front() != '<') {
        if (std::string why = index_name_problem(name); !why.empty()) {
            error_ = "index '" + name + "': " + why;
            return false;
        }
    }
    return true;
}

bool ItemBuilder::build(std::string_view line, std::string& out) {
    error_.clear();
    source_.assign(1, '{');
    id_.clear();
    captured_.clear();
    for (const auto& part : rules_.index.parts)
        if (part.field) captured_.push_back({part.text, "", false});
    bool has_id = false, has_lat = false, has_lon = false;
    double lat = 0, lon = 0;
    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        if (key == "_fb" && !rules_.keep_meta) return parser_.walk(v);
        od::json_type t;
        if (auto e = v.type().get(t)) return e;
        bool is_string = t == od::json_type::string;
        std::string_view text, str;  // the value's JSON text; a string's unescaped value
        if (is_string) {
            text = v.raw_json_token();  // taken before the string is read: a value is read once
            while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
            if (auto e = v.get_string().get(str)) return e;
        } else if (auto e = parser_.walk_span(v, text)) {
            return e;
        }
        if (source_.size() > 1) source_ += ',';
        fb::json::append_string(source_, key);
        source_ += ':';
        source_ += text;
        auto plain = [&]() { return std::string(is_string ? str : text); };  // a string's value or a number's text
        if (key == rules_.id_field && (is_string || t == od::json_type::number)) {
            has_id = true;
            id_ = plain();
        }
        for (auto& cap : captured_)
            if (cap.name == key && (is_string || t == od::json_type::number)) {
                cap.present = true;
                cap.value = plain();
            }
        if (t == od::json_type::number && (key == "latitude" || key == "longitude")) {
            double d = std::strtod(std::string(text).c_str(), nullptr);
            (key == "latitude" ? lat : lon) = d;
            (key == "latitude" ? has_lat : has_lon) = true;
        }
        return error_code::SUCCESS;
    };
    if (!parser_.parse(line, visit, error_)) return false;
    if (!has_id) {
        error_ = rules_.id_field + ": id field missing (or not a string or number)";
        return false;
    }
    if (id_.empty() || id_.size() > 512) {
        error_ = rules_.id_field + ": an _id must be 1 to 512 bytes";
        return false;
    }
    if (!index_name(name_)) return false;
    if (has_lat && has_lon && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180) {
        source_ += ",\"location\":{\"lat\":";
        fb::json::append_double(source_, lat);
        source_ += ",\"lon\":";
        fb::json::append_double(source_, lon);
        source_ += '}';
    }
    source_ += '}';

    out += rules_.op == Op::index ? "{\"index\":{\"_index\":" : rules_.op == Op::create ? "{\"create\":{\"_index\":" : "{\"update\":{\"_index\":";
    fb::json::append_string(out, name_);
    out += ",\"_id\":";
    fb::json::append_string(out, id_);
    out += "}}\n";
    if (rules_.op == Op::update) {
        out += "{\"doc\":";
        out += source_;
        out += ",\"doc_as_upsert\":true}\n";
    } else {
        out += source_;
        out += '\n';
    }
    return true;
}

}  // namespace sinkes
