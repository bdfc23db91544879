#include "document.h"

#include <charconv>
#include <cstring>

#include "fb/dates.h"
#include "fb/json_text.h"

namespace sinkmongo {

namespace od = simdjson::ondemand;
using simdjson::error_code;

namespace {

int key_length(std::string_view key) { return static_cast<int>(key.size()); }

}  // namespace

bool DocumentBuilder::check_key(std::string_view key) {
    if (!error_.empty()) return false;
    if (!key.empty() && (key.front() == '$' || key.front() == '.')) {
        error_ = "field name '" + std::string(key) + "' starts with '" + key.front() + "' (MongoDB refuses it)";
        return false;
    }
    if (key.find('\0') != std::string_view::npos) {
        error_ = "field name contains a NUL character";
        return false;
    }
    return true;
}

error_code DocumentBuilder::append(bson_t* parent, std::string_view key, od::value& v, int depth) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    switch (t) {
    case od::json_type::object: {
        bson_t child;
        bson_append_document_begin(parent, key.data(), key_length(key), &child);
        auto member = [&](std::string_view k, od::value& value, const char*) -> error_code {
            check_key(k);
            return append(&child, k, value, depth + 1);
        };
        auto e = parser_.walk_members(v, member, depth);
        bson_append_document_end(parent, &child);
        return e;
    }
    case od::json_type::array: {
        if (depth >= 512) return fb::JsonLineParser::kTooDeep;
        od::array arr;
        if (auto e = v.get_array().get(arr)) return e;
        bson_t child;
        bson_append_array_begin(parent, key.data(), key_length(key), &child);
        uint32_t i = 0;
        for (auto element : arr) {
            od::value item;
            if (auto e = element.get(item)) return e;
            const char* index_key;
            size_t n = bson_uint32_to_string(i++, &index_key, index_, sizeof index_);
            if (auto e = append(&child, std::string_view(index_key, n), item, depth + 1)) return e;
        }
        bson_append_array_end(parent, &child);
        return error_code::SUCCESS;
    }
    case od::json_type::string: {
        std::string_view s;
        if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
        bson_append_utf8(parent, key.data(), key_length(key), s.data(), static_cast<int>(s.size()));
        return error_code::SUCCESS;
    }
    case od::json_type::number: {
        std::string_view raw = v.raw_json_token();
        while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t')) raw.remove_suffix(1);
        od::number n;
        if (v.get_number().get(n)) {
            if (!fb::json::is_json_number(raw)) return error_code::NUMBER_ERROR;
            if (error_.empty()) error_ = "number " + std::string(raw) + " in '" + std::string(key) + "' is out of BSON's range";
            return error_code::SUCCESS;
        }
        if (n.is_int64()) {
            int64_t i = n.get_int64();
            if (i >= INT32_MIN && i <= INT32_MAX) bson_append_int32(parent, key.data(), key_length(key), static_cast<int32_t>(i));
            else bson_append_int64(parent, key.data(), key_length(key), i);
        } else if (n.is_uint64()) {
            if (error_.empty()) error_ = "integer in '" + std::string(key) + "' is larger than a BSON int64";
        } else {
            double d = n.get_double();
            if (fb::json::long_number(raw)) fb::json::exact_double(raw, d);  // see json::long_number
            bson_append_double(parent, key.data(), key_length(key), d);
        }
        return error_code::SUCCESS;
    }
    case od::json_type::boolean: {
        bool b;
        if (auto e = v.get_bool().get(b)) return e;
        bson_append_bool(parent, key.data(), key_length(key), b);
        return error_code::SUCCESS;
    }
    case od::json_type::null: {
        bool is_null;
        if (auto e = v.is_null().get(is_null)) return e;
        if (!is_null) return error_code::N_ATOM_ERROR;
        bson_append_null(parent, key.data(), key_length(key));
        return error_code::SUCCESS;
    }
    }
    return error_code::TAPE_ERROR;
}

bool DocumentBuilder::build(std::string_view line, bson_t* doc, bson_t* filter) {
    error_.clear();
    bool has_key = false;
    double lat = 0, lon = 0;
    bool has_lat = false, has_lon = false;
    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        if (key == "_fb" && !rules_.keep_meta) return parser_.walk(v);
        check_key(key);
        if (key == rules_.key) has_key = true;
        od::json_type t;
        if (auto e = v.type().get(t)) return e;
        if (t == od::json_type::string && key == "InvoiceDate") {
            std::string_view s;
            if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
            fb::Timestamp ts;
            std::string why;
            if (!fb::parse_date(s, fb::TimeZone::utc(), ts, why)) {
                if (error_.empty()) error_ = "InvoiceDate: unparseable '" + std::string(s) + "': " + why;
                return error_code::SUCCESS;
            }
            bson_append_date_time(doc, key.data(), key_length(key), ts.seconds * 1000 + ts.nanos / 1000000);
            return error_code::SUCCESS;
        }
        if (t == od::json_type::number && (key == "latitude" || key == "longitude")) {
            double d;
            if (auto e = fb::JsonLineParser::read_double(v, d)) return e;
            bson_append_double(doc, key.data(), key_length(key), d);
            (key == "latitude" ? lat : lon) = d;
            (key == "latitude" ? has_lat : has_lon) = true;
            return error_code::SUCCESS;
        }
        return append(doc, key, v, 1);
    };
    if (!parser_.parse(line, visit, error_)) return false;
    if (!error_.empty()) return false;
    if (!has_key) {
        error_ = rules_.key + ": key field missing";
        return false;
    }
    if (rules_.geo && has_lat && has_lon) {
        bson_t loc, coords;
        bson_append_document_begin(doc, "location", 8, &loc);
        bson_append_utf8(&loc, "type", 4, "Point", 5);
        bson_append_array_begin(&loc, "coordinates", 11, &coords);
        bson_append_double(&coords, "0", 1, lon);
        bson_append_double(&coords, "1", 1, lat);
        bson_append_array_end(&loc, &coords);
        bson_append_document_end(doc, &loc);
    }
    if (doc->len > kMaxBsonBytes) {
        error_ = "document of " + std::to_string(doc->len) + " bytes exceeds MongoDB's 16 MiB limit";
        return false;
    }
    bson_iter_t it;
    if (!bson_iter_init_find(&it, doc, rules_.key.c_str())) {
        error_ = rules_.key + ": key field missing";
        return false;
    }
    if (BSON_ITER_HOLDS_NULL(&it)) {
        error_ = rules_.key + ": key field is null";
        return false;
    }
    bson_append_iter(filter, rules_.key.c_str(), -1, &it);
    return true;
}

}  // namespace sinkmongo
