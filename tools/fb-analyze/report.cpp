#include "report.h"

#include <simdjson.h>

#include <algorithm>
#include <cmath>

#include "embedded_data.h"
#include "fb/json_text.h"
#include "fb/text.h"

namespace analyze {

namespace {

constexpr const char* kSentiments[] = {"Negativo", "Positivo"};
constexpr const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// The n largest (count descending, then key ascending by code points = UTF-8 bytes).
std::vector<std::pair<std::string_view, int64_t>> top(const Counter& m, size_t n) {
    std::vector<std::pair<std::string_view, int64_t>> v = m.items();
    auto before = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
    if (v.size() > n) {
        std::partial_sort(v.begin(), v.begin() + static_cast<long>(n), v.end(), before);
        v.resize(n);
    } else {
        std::sort(v.begin(), v.end(), before);
    }
    return v;
}

// A crosstab row: every sentiment that occurs anywhere in the table is a column (0 where absent).
void sentiment_row(JsonWriter& w, const std::array<int64_t, 2>& counts, const std::array<bool, 2>& columns) {
    int64_t total = counts[0] + counts[1];
    w.key("counts").begin_object();
    for (size_t s = 0; s < 2; ++s)
        if (columns[s]) w.field(kSentiments[s], counts[s]);
    w.end_object().key("percent").begin_object();
    for (size_t s = 0; s < 2; ++s)
        if (columns[s]) w.field(kSentiments[s], static_cast<double>(counts[s]) / static_cast<double>(total) * 100.0);
    w.end_object();
}

template <class Rows>
std::array<bool, 2> columns_of(const Rows& rows) {
    std::array<bool, 2> c{};
    for (const auto& r : rows)
        for (size_t s = 0; s < 2; ++s) c[s] = c[s] || r[s] > 0;
    return c;
}

std::string month_text(int64_t month) {
    char b[16];
    snprintf(b, sizeof b, "%04d-%02d", static_cast<int>(month / 12), static_cast<int>(month % 12) + 1);
    return b;
}

void write_analyses(const Tally& t, const ReportOptions& o, JsonWriter& w) {
    // (1)
    w.key("sentiment_share").begin_array();
    int64_t total = t.sentiment[0] + t.sentiment[1];
    std::vector<size_t> order = {0, 1};
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return t.sentiment[a] != t.sentiment[b] ? t.sentiment[a] > t.sentiment[b] : a < b;
    });
    for (size_t s : order)
        if (t.sentiment[s])
            w.begin_object()
                .field("Sentimento", kSentiments[s])
                .field("count", t.sentiment[s])
                .field("percent", static_cast<double>(t.sentiment[s]) / static_cast<double>(total) * 100.0)
                .end_object();
    w.end_array();
    // (2)
    w.key("top_descriptions").begin_array();
    for (const auto& [d, c] : top(t.descriptions, o.top_descriptions))
        w.begin_object().field("Description", d).field("count", c).end_object();
    w.end_array();
    // (3)
    w.key("mean_rating_by_category").begin_array();
    for (const auto& [cat, r] : t.ratings_by_category.sorted())
        w.begin_object().field("Agrupador", cat).field("mean", r.mean()).field("count", r.n).end_object();
    w.end_array();
    // (4)
    w.key("sentiment_by_weekday").begin_array();
    auto weekday_columns = columns_of(t.weekday_sentiment);
    for (size_t d = 0; d < 7; ++d) {
        if (t.weekday_sentiment[d][0] + t.weekday_sentiment[d][1] == 0) continue;
        w.begin_object().field("weekday", kWeekdays[d]);
        sentiment_row(w, t.weekday_sentiment[d], weekday_columns);
        w.end_object();
    }
    w.end_array();
    // (5)
    w.key("top_words").begin_array();
    for (const auto& [word, c] : top(t.words(), o.top_words)) w.begin_object().field("word", word).field("count", c).end_object();
    w.end_array();
    // (6)
    w.key("rating_correlation")
        .begin_object()
        .field("latitude", t.lat.pearson())
        .field("longitude", t.lon.pearson())
        .field("pairs", t.lat.n)
        .end_object();
    // (7)
    w.key("sentiment_by_month").begin_array();
    std::array<bool, 2> month_columns{};
    const auto month_sentiment = t.month_sentiment.sorted();
    for (const auto& [m, counts] : month_sentiment)
        for (size_t s = 0; s < 2; ++s) month_columns[s] = month_columns[s] || counts[s] > 0;
    for (const auto& [m, counts] : month_sentiment) {
        w.begin_object().field("month", month_text(m));
        sentiment_row(w, counts, month_columns);
        w.end_object();
    }
    w.end_array();
    // (8)
    struct Spread {
        std::string category;
        double mean, sd;
        int64_t n;
    };
    std::vector<Spread> spread;
    for (const auto& [cat, r] : t.ratings_by_category.sorted()) spread.push_back({cat, r.mean(), r.stddev(), r.n});
    std::stable_sort(spread.begin(), spread.end(), [](const Spread& a, const Spread& b) {
        if ((a.sd < 0) != (b.sd < 0)) return b.sd < 0;  // undefined last
        return a.sd < b.sd;
    });
    w.key("rating_spread_by_category").begin_array();
    for (const auto& s : spread) {
        w.begin_object().field("Agrupador", s.category).field("mean", s.mean);
        if (s.sd >= 0) w.field("std", s.sd);
        else w.key("std").null();
        w.field("count", s.n).end_object();
    }
    w.end_array();
}

}  // namespace

std::string build_report(const Tally& t, int64_t read, const ReportOptions& o) {
    JsonWriter w;
    std::vector<std::string> notes;
    w.begin_object().field("tool", "fb-analyze");
    w.key("records").begin_object().field("read", read).field("used", t.used);
    w.key("missing")
        .begin_object()
        .field("Sentimento", t.missing.sentiment)
        .field("SentimentRating", t.missing.rating)
        .field("Agrupador", t.missing.category)
        .field("InvoiceDate", t.missing.date)
        .field("Description", t.missing.description)
        .field("latitude", t.missing.latitude)
        .field("longitude", t.missing.longitude)
        .field("CustomerID", t.missing.customer)
        .end_object();
    w.key("invalid")
        .begin_object()
        .field("SentimentRating", t.invalid.rating)
        .field("InvoiceDate", t.invalid.date)
        .field("Sentimento", t.invalid.sentiment)
        .end_object();
    w.end_object();
    w.key("analyses").begin_object();
    write_analyses(t, o, w);
    w.end_object();
    if (t.used == 0) notes.push_back("no records: every analysis is empty");
    if (!t.counting.descriptions) notes.push_back("top_descriptions: not counted (--top-descriptions 0)");
    if (!t.counting.words) notes.push_back("top_words: not counted (--top-words 0)");
    if (t.lat.n < 2) notes.push_back("rating_correlation: fewer than 2 records with a rating and coordinates");
    else if (std::isnan(t.lat.pearson()) || std::isnan(t.lon.pearson()))
        notes.push_back("rating_correlation: no variance in ratings or coordinates");
    w.key("notebook").begin_object();
    write_notebook(t, o.notebook, w, notes);
    w.end_object();
    w.key("notes").begin_array();
    for (const auto& n : notes) w.value(n);
    w.end_array().end_object();
    return w.str();
}

// --- derived formats ----------------------------------------------------------------------------

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

std::string scalar_text(element e) {
    switch (e.type()) {
    case element_type::STRING: return std::string(std::string_view(e));
    case element_type::INT64: return std::to_string(int64_t(e));
    case element_type::UINT64: return std::to_string(uint64_t(e));
    case element_type::DOUBLE: {
        double d = double(e);
        char b[32];
        if (std::fabs(d) >= 1e6 || d == std::floor(d)) snprintf(b, sizeof b, "%.6g", d);
        else snprintf(b, sizeof b, "%.3f", d);
        return b;
    }
    case element_type::BOOL: return bool(e) ? "true" : "false";
    case element_type::NULL_VALUE: return "-";
    default: return std::string(simdjson::minify(e));
    }
}

// Flattens a row object: nested objects become "parent.child" columns.
void flatten(element e, const std::string& prefix, std::vector<std::pair<std::string, std::string>>& out) {
    for (auto [k, v] : simdjson::dom::object(e)) {
        std::string name = prefix.empty() ? std::string(k) : prefix + "." + std::string(k);
        if (v.type() == element_type::OBJECT) flatten(v, name, out);
        else if (v.type() != element_type::ARRAY) out.emplace_back(name, scalar_text(v));
    }
}

size_t display_width(std::string_view s) { return fb::json::count_code_points(s); }

void table(const std::string& title, simdjson::dom::array rows, std::string& out) {
    out += title;
    out += '\n';
    std::vector<std::string> columns;
    std::vector<std::vector<std::pair<std::string, std::string>>> cells;
    for (element row : rows) {
        if (row.type() != element_type::OBJECT) continue;
        cells.emplace_back();
        flatten(row, "", cells.back());
        for (const auto& [k, v] : cells.back())
            if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
    }
    if (cells.empty()) {
        out += "  (no data)\n\n";
        return;
    }
    std::vector<size_t> width(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) width[c] = display_width(columns[c]);
    auto cell = [&](const auto& row, const std::string& col) -> std::string {
        for (const auto& [k, v] : row)
            if (k == col) return fb::json::count_code_points(v) > 60 ? std::string(fb::utf8_prefix(v, 57)) + "..." : v;
        return "";
    };
    for (const auto& row : cells)
        for (size_t c = 0; c < columns.size(); ++c) width[c] = std::max(width[c], display_width(cell(row, columns[c])));
    auto line = [&](auto&& text_of) {
        out += ' ';
        for (size_t c = 0; c < columns.size(); ++c) {
            std::string t = text_of(c);
            out += ' ';
            out += t;
            if (c + 1 < columns.size()) out.append(width[c] - display_width(t), ' ');
        }
        out += '\n';
    };
    line([&](size_t c) { return columns[c]; });
    line([&](size_t c) { return std::string(width[c], '-'); });
    for (const auto& row : cells) line([&](size_t c) { return cell(row, columns[c]); });
    out += '\n';
}

bool holds_array(element e) {
    if (e.type() == element_type::ARRAY) return true;
    if (e.type() != element_type::OBJECT) return false;
    for (auto [k, v] : simdjson::dom::object(e))
        if (holds_array(v)) return true;
    return false;
}

void section(const std::string& path, element e, std::string& out) {
    if (e.type() == element_type::ARRAY) {
        table(path, simdjson::dom::array(e), out);
    } else if (e.type() == element_type::OBJECT) {
        if (!holds_array(e)) {
            out += path + '\n';
            std::vector<std::pair<std::string, std::string>> cells;
            flatten(e, "", cells);
            for (const auto& [k, v] : cells) out += "  " + k + ": " + v + '\n';
            out += '\n';
            return;
        }
        // Scalars first, as one block; then a table or sub-block for each nested member.
        std::string block;
        for (auto [k, v] : simdjson::dom::object(e))
            if (v.type() != element_type::ARRAY && v.type() != element_type::OBJECT)
                block += "  " + std::string(k) + ": " + scalar_text(v) + '\n';
        if (!block.empty()) out += path + '\n' + block + '\n';
        for (auto [k, v] : simdjson::dom::object(e))
            if ((v.type() == element_type::ARRAY || v.type() == element_type::OBJECT) && k != "series")
                section(path + "." + std::string(k), v, out);  // series: the trends' data points, for charts
    } else {
        out += path + ": " + scalar_text(e) + "\n\n";
    }
}

}  // namespace

fb::Status render_text(const std::string& report, std::string& out) {
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(report).get(doc)) return fb::Status::Internal(std::string("report: ") + simdjson::error_message(e));
    for (const char* part : {"records", "analyses", "notebook"}) {
        element e;
        if (doc[part].get(e)) continue;
        if (std::string_view(part) == "notebook") {
            for (auto [k, v] : simdjson::dom::object(e)) {
                if (k == "places") continue;  // for the map, not for a terminal
                section("notebook." + std::string(k), v, out);
            }
            continue;
        }
        section(part, e, out);
    }
    simdjson::dom::array notes;
    if (!doc["notes"].get(notes) && notes.size()) {
        out += "notes\n";
        for (element n : notes) out += "  - " + scalar_text(n) + '\n';
    }
    return fb::Status::Ok();
}

std::string render_html(const std::string& report) {
    // Every '<' (only ever inside JSON strings) as \u003c: no "</script>" or "<!--" in user text
    // can end or derail the script element; JSON.parse reads it back unchanged.
    std::string safe;
    safe.reserve(report.size());
    for (char c : report) {
        if (c == '<') safe += "\\u003c";
        else safe += c;
    }
    std::string page(embedded::report_html);
    const std::string token = "__FBKIT_REPORT_JSON__";
    size_t at = page.find(token);
    if (at != std::string::npos) page.replace(at, token.size(), safe);
    return page;
}

namespace {

// One document: {"analysis":PATH,"doc_id":PATH[:ROW],"report_time":T, <members>}. doc_id is stable
// across runs, so indexing a new report replaces the rows of the last one.
void es_doc(const std::string& path, long row, element members, bool scalars_only, const std::string& time,
            std::string& out) {
    out += "{\"analysis\":";
    fb::json::append_string(out, path);
    out += ",\"doc_id\":";
    fb::json::append_string(out, row < 0 ? path : path + ":" + std::to_string(row));
    out += ",\"report_time\":";
    fb::json::append_string(out, time);
    for (auto [k, v] : simdjson::dom::object(members)) {
        if (scalars_only && (v.type() == element_type::ARRAY || v.type() == element_type::OBJECT)) continue;
        out += ',';
        fb::json::append_string(out, k);
        out += ':';
        out += simdjson::minify(v);
    }
    out += "}\n";
}

void es_rows(const std::string& path, element e, const std::string& time, std::string& out) {
    if (e.type() == element_type::ARRAY) {
        long row = 0;
        for (element r : simdjson::dom::array(e))
            if (r.type() == element_type::OBJECT) es_doc(path, row++, r, false, time, out);
        return;
    }
    if (e.type() != element_type::OBJECT) return;
    if (!holds_array(e)) {  // one document for the object (e.g. rating_correlation, frequency_model)
        es_doc(path, -1, e, false, time, out);
        return;
    }
    bool scalars = false;
    for (auto [k, v] : simdjson::dom::object(e))
        scalars = scalars || (v.type() != element_type::ARRAY && v.type() != element_type::OBJECT);
    if (scalars) es_doc(path, -1, e, true, time, out);  // e.g. segments' k and silhouette
    for (auto [k, v] : simdjson::dom::object(e))
        if (v.type() == element_type::ARRAY || v.type() == element_type::OBJECT) es_rows(path + "." + std::string(k), v, time, out);
}

}  // namespace

fb::Status render_es_docs(const std::string& report, const std::string& report_time, std::string& out) {
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(report).get(doc)) return fb::Status::Internal(std::string("report: ") + simdjson::error_message(e));
    for (const char* part : {"analyses", "notebook"}) {
        element e;
        if (!doc[part].get(e)) es_rows(part, e, report_time, out);
    }
    return fb::Status::Ok();
}

}  // namespace analyze
