#include "tally.h"

#include <cmath>

#include "fb/dates.h"

namespace analyze {

namespace od = simdjson::ondemand;
using simdjson::error_code;

double RatingSums::stddev() const {
    if (n < 2) return -1;
    // n·Σx² − (Σx)² is exact in 128-bit integers; one rounding at the end.
    __extension__ typedef __int128 wide;  // GCC and Clang; __extension__ keeps -Wpedantic quiet
    wide num = static_cast<wide>(n) * sum_sq - static_cast<wide>(sum) * sum;
    double var = static_cast<double>(num) / (static_cast<double>(n) * static_cast<double>(n - 1));
    return std::sqrt(var);
}

void Comoments::add(double x, double y) {
    ++n;
    double dx = x - mean_x;
    mean_x += dx / static_cast<double>(n);
    double dy = y - mean_y;
    mean_y += dy / static_cast<double>(n);
    m2x += dx * (x - mean_x);
    m2y += dy * (y - mean_y);
    cxy += dx * (y - mean_y);
}

double Comoments::pearson() const {
    if (n < 2 || m2x <= 0 || m2y <= 0) return std::nan("");
    return cxy / std::sqrt(m2x * m2y);
}

namespace {

// One record's fields, as read.
struct Fields {
    int sentiment = -1;  // Sentiment, -1 none
    bool sentiment_seen = false, sentiment_bad = false;
    int rating = 0;
    bool rating_seen = false, rating_bad = false;
    std::string_view category;
    bool has_category = false;
    int64_t date = 0;
    bool date_seen = false, date_bad = false, has_date = false;
    std::string_view description;
    uint64_t description_hash = 0;
    bool has_description = false;
    double lat = 0, lon = 0;
    bool has_lat = false, has_lon = false;
    int64_t customer = 0;
    bool has_customer = false;
    std::string_view channel, country, state, cidade, city;
};

// Reads a string value into `out`; other types are walked and left empty. Returns the JSON error.
error_code read_string(fb::JsonLineParser& parser, od::value& v, std::string_view& out, bool& present, bool& other) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    present = t != od::json_type::null;
    if (t == od::json_type::string) return fb::JsonLineParser::read_string(v, out);
    other = present;
    return parser.walk(v);
}

error_code read_number(fb::JsonLineParser& parser, od::value& v, double& out, bool& ok) {
    od::json_type t;
    if (auto e = v.type().get(t)) return e;
    if (t != od::json_type::number) return parser.walk(v);
    if (auto e = fb::JsonLineParser::read_double(v, out)) return e;
    ok = std::isfinite(out);
    return error_code::SUCCESS;
}

// RFC 3339 only (as fb-ingest writes dates): YYYY-MM-DDTHH:MM:SS[.f](Z|+hh:mm).
bool looks_rfc3339(std::string_view s) {
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't')) return false;
    char z = s.back();
    if (z == 'Z' || z == 'z') return true;
    return s.size() >= 25 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-') && s[s.size() - 3] == ':';
}

bool parse_instant(std::string_view text, int64_t& seconds) {
    if (!looks_rfc3339(text)) return false;
    fb::Timestamp ts;
    std::string error;
    if (!fb::parse_date(text, fb::TimeZone::utc(), ts, error)) return false;
    seconds = ts.seconds;
    return true;
}

// The fields a tally reads, found by the key's length first: every record has some twenty keys,
// and comparing each with a dozen names one after the other was a tenth of the tool's time.
enum class Field { kOther, kSentiment, kRating, kCategory, kDate, kDescription, kLat, kLon, kCustomer, kChannel, kCountry, kState, kCidade, kCity };

Field field_of(std::string_view key) {
    switch (key.size()) {
    case 4: return key == "City" ? Field::kCity : Field::kOther;
    case 6: return key == "estado" ? Field::kState : key == "cidade" ? Field::kCidade : Field::kOther;
    case 7: return key == "Country" ? Field::kCountry : Field::kOther;
    case 8: return key == "latitude" ? Field::kLat : Field::kOther;
    case 9:
        return key == "Agrupador" ? Field::kCategory : key == "longitude" ? Field::kLon : key == "MeioEnvio" ? Field::kChannel : Field::kOther;
    case 10: return key == "Sentimento" ? Field::kSentiment : key == "CustomerID" ? Field::kCustomer : Field::kOther;
    case 11: return key == "InvoiceDate" ? Field::kDate : key == "Description" ? Field::kDescription : Field::kOther;
    case 15: return key == "SentimentRating" ? Field::kRating : Field::kOther;
    default: return Field::kOther;
    }
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

bool Tally::add(std::string_view line, std::string& error) {
    Fields f;
    auto visit = [&](std::string_view key, od::value& v) -> error_code {
        bool present = false, other = false;
        switch (field_of(key)) {
        case Field::kSentiment: {
            std::string_view s;
            if (auto e = read_string(parser_, v, s, present, other)) return e;
            f.sentiment_seen = present;
            if (s == "Positivo") f.sentiment = kPositivo;
            else if (s == "Negativo") f.sentiment = kNegativo;
            else f.sentiment_bad = present;
            return error_code::SUCCESS;
        }
        case Field::kRating: {
            std::string_view raw;
            if (auto e = parser_.walk_span(v, raw)) return e;
            f.rating_seen = raw != "null";
            if (raw.size() == 1 && raw[0] >= '1' && raw[0] <= '5') f.rating = raw[0] - '0';
            else f.rating_bad = f.rating_seen;
            return error_code::SUCCESS;
        }
        case Field::kCategory: {
            auto e = read_string(parser_, v, f.category, present, other);
            f.has_category = !f.category.empty() || (present && !other);
            return e;
        }
        case Field::kDate: {
            od::json_type t;
            if (auto e = v.type().get(t)) return e;
            f.date_seen = t != od::json_type::null;
            std::string_view s;
            if (t == od::json_type::string) {
                if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
            } else if (t == od::json_type::object) {  // MongoDB extended JSON: {"$date": "..."}
                bool extra = false;
                auto member = [&](std::string_view k, od::value& mv, const char*) -> error_code {
                    extra = extra || k != "$date";
                    if (k == "$date") {
                        od::json_type mt;
                        if (auto e = mv.type().get(mt)) return e;
                        if (mt == od::json_type::string) return fb::JsonLineParser::read_string(mv, s);
                    }
                    return parser_.walk(mv, 2);
                };
                if (auto e = parser_.walk_members(v, member)) return e;
                if (extra) s = {};  // only {"$date": "..."} is a date
            } else {
                if (auto e = parser_.walk(v)) return e;
            }
            f.has_date = !s.empty() && parse_instant(s, f.date);
            f.date_bad = f.date_seen && !f.has_date;
            return error_code::SUCCESS;
        }
        case Field::kDescription: {
            auto e = read_string(parser_, v, f.description, present, other);
            f.has_description = present && !other;
            if (f.has_description && counting.descriptions) f.description_hash = descriptions.prefetch(f.description);
            return e;
        }
        case Field::kLat: return read_number(parser_, v, f.lat, f.has_lat);
        case Field::kLon: return read_number(parser_, v, f.lon, f.has_lon);
        case Field::kCustomer: {
            od::json_type t;
            if (auto e = v.type().get(t)) return e;
            if (t == od::json_type::number && v.get_int64().get(f.customer) == error_code::SUCCESS) {
                f.has_customer = true;
                customer_ids.prefetch(f.customer);  // used at the end of the record
                return error_code::SUCCESS;
            }
            return parser_.walk(v);
        }
        case Field::kChannel: return read_string(parser_, v, f.channel, present, other);
        case Field::kCountry: return read_string(parser_, v, f.country, present, other);
        case Field::kState: return read_string(parser_, v, f.state, present, other);
        case Field::kCidade: return read_string(parser_, v, f.cidade, present, other);
        case Field::kCity: return read_string(parser_, v, f.city, present, other);
        case Field::kOther: break;
        }
        return parser_.walk(v);
    };
    if (!parser_.parse(line, visit, error)) return false;  // nothing of a rejected line is counted
    ++used;
    // The customer's slot was loaded while the rest of the line was parsed; its tallies are loaded
    // while the other counters are updated.
    Customer* customer = nullptr;
    if (f.has_customer) {
        bool added;
        uint32_t id = customer_ids.intern(f.customer, added);
        if (added) customers.emplace_back();
        customer = &customers[id];
        __builtin_prefetch(customer);
    }
    if (f.has_description) {
        // The description's slot was loaded while the rest of the line was parsed; its text is
        // loaded while the words are counted.
        if (counting.descriptions) descriptions.prefetch_record(f.description_hash);
        if (counting.words) words_.add(f.description);
        if (counting.descriptions) descriptions.add(f.description, f.description_hash);
    }

    if (f.sentiment >= 0) ++sentiment[static_cast<size_t>(f.sentiment)];
    else if (f.sentiment_bad) ++invalid.sentiment;
    else ++missing.sentiment;
    if (f.rating == 0) (f.rating_bad ? invalid.rating : missing.rating)++;
    if (!f.has_category) ++missing.category;
    if (!f.has_date) (f.date_bad ? invalid.date : missing.date)++;
    if (!f.has_description) ++missing.description;
    if (!f.has_lat) ++missing.latitude;
    if (!f.has_lon) ++missing.longitude;
    if (!f.has_customer) ++missing.customer;

    if (f.has_category && f.rating) ratings_by_category[f.category].add(f.rating);
    if (f.rating && f.has_lat && f.has_lon) {  // pandas' corr over the rows with all three
        lat.add(f.rating, f.lat);
        lon.add(f.rating, f.lon);
    }
    if (f.has_date) {
        int64_t day = floor_div(f.date, 86400);
        int y, m, d;
        fb::civil_from_days(day, y, m, d);
        int64_t month = static_cast<int64_t>(y) * 12 + (m - 1);
        size_t weekday = static_cast<size_t>((fb::weekday_from_days(day) + 6) % 7);  // Monday first
        ++per_day[day];
        ++per_month[month];
        ++per_weekday[weekday];
        if (f.sentiment >= 0) {
            ++weekday_sentiment[weekday][static_cast<size_t>(f.sentiment)];
            ++month_sentiment[month][static_cast<size_t>(f.sentiment)];
        }
        latest = std::max(latest, f.date);
    }
    auto bump = [](Counter& m, std::string_view k) {
        if (!k.empty()) m.add(k);
    };
    bump(channels, f.channel);
    bump(countries, f.country);
    bump(states, f.state);
    if (f.sentiment == kNegativo && f.has_category) bump(problems, f.category);
    std::string_view city = !f.cidade.empty() ? f.cidade : f.city;
    if (!city.empty()) {
        Place& p = places[city];
        if (p.state.empty() && !f.state.empty()) p.state = std::string(f.state);
        ++p.count;
        if (f.sentiment == kNegativo) ++p.negatives;
        if (f.has_lat && f.has_lon) {
            p.lat_sum += f.lat;
            p.lon_sum += f.lon;
            ++p.coords;
        }
    }
    if (customer) {
        Customer& c = *customer;
        ++c.complaints;
        if (f.has_date) c.last = std::max(c.last, f.date);
        if (f.rating) c.ratings.add(f.rating);
        if (f.sentiment >= 0) {
            ++c.sentiments;
            if (f.sentiment == kNegativo) ++c.negatives;
        }
    }
    return true;
}

}  // namespace analyze
