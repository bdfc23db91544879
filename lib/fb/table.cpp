#include "fb/table.h"

#include "fb/report.h"

#include <pqxx/pqxx>

#include <cctype>
#include <chrono>
#include <thread>

#include "fb/csv.h"
#include "fb/env.h"
#include "fb/json_line.h"
#include "fb/line_reader.h"

namespace fb {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

Result<Table> from_csv(LineReader& lines) {
    Table t;
    t.source = lines.name();
    CsvReader csv(lines);
    std::vector<std::string> row;
    std::string error, raw;
    uint64_t line = 0;
    if (!csv.next(t.columns, line, error, raw)) {
        if (!lines.status().ok()) return lines.status();
        return Status::Data(lines.name() + ": empty table file (no header row)");
    }
    if (!error.empty()) return Status::Data(lines.name() + ":" + std::to_string(line) + ": bad CSV header: " + error);
    for (auto& name : t.columns) {  // " agencia_id " names the column agencia_id
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
        while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.erase(0, 1);
    }
    while (csv.next(row, line, error, raw)) {
        if (error.empty() && row.size() != t.columns.size())
            error = "expected " + std::to_string(t.columns.size()) + " fields, got " + std::to_string(row.size());
        if (!error.empty()) return Status::Data(lines.name() + ":" + std::to_string(line) + ": bad CSV row: " + error);
        t.row_lines.push_back(line);
        auto& cells = t.rows.emplace_back();
        cells.reserve(row.size());
        for (auto& v : row) {
            if (v.empty()) cells.emplace_back(std::nullopt);  // an empty cell is NULL, as COPY CSV reads it
            else cells.emplace_back(std::move(v));
        }
    }
    if (!lines.status().ok()) return lines.status();
    return t;
}

Result<Table> from_ndjson(LineReader& lines) {
    namespace od = simdjson::ondemand;
    Table t;
    t.source = lines.name();
    JsonLineParser parser;
    Line line;
    std::string error;
    std::vector<std::optional<std::string>> cells;
    while (lines.next(line)) {
        if (line.blank() && !line.too_long) continue;
        cells.assign(t.columns.size(), std::nullopt);
        auto visit = [&](std::string_view key, od::value& v) -> simdjson::error_code {
            int c = t.column(key);
            if (c < 0) {
                c = static_cast<int>(t.columns.size());
                t.columns.emplace_back(key);
                cells.emplace_back(std::nullopt);
                for (auto& r : t.rows) r.emplace_back(std::nullopt);
            }
            od::json_type type;
            if (auto e = v.type().get(type)) return e;
            auto& cell = cells[static_cast<size_t>(c)];
            if (type == od::json_type::string) {
                std::string_view s;
                if (auto e = v.get_string().get(s)) return e;
                cell = std::string(s);
            } else if (type == od::json_type::null) {
                bool n;
                return v.is_null().get(n);
            } else if (type == od::json_type::number || type == od::json_type::boolean) {
                std::string_view tok = v.raw_json_token();
                while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\t')) tok.remove_suffix(1);
                cell = std::string(tok);
                return parser.walk(v);
            } else {
                // A nested object or array is kept as its JSON text.
                std::string_view raw;
                if (type == od::json_type::object) {
                    od::object o;
                    if (auto e = v.get_object().get(o)) return e;
                    if (auto e = o.raw_json().get(raw)) return e;
                } else {
                    od::array a;
                    if (auto e = v.get_array().get(a)) return e;
                    if (auto e = a.raw_json().get(raw)) return e;
                }
                cell = std::string(raw);
            }
            return simdjson::SUCCESS;
        };
        if (line.too_long) return Status::Data(lines.name() + ":" + std::to_string(line.number) + ": line too long");
        if (!parser.parse(line.text, visit, error))
            return Status::Data(lines.name() + ":" + std::to_string(line.number) + ": " + error);
        t.rows.push_back(cells);
        t.row_lines.push_back(line.number);
    }
    if (!lines.status().ok()) return lines.status();
    return t;
}

}  // namespace

int Table::column(std::string_view name) const {
    for (size_t i = 0; i < columns.size(); ++i)
        if (iequals(columns[i], name)) return static_cast<int>(i);
    return -1;
}

std::string Table::where(size_t row) const {
    if (row < row_lines.size()) return source + ":" + std::to_string(row_lines[row]);
    return source + ": row " + std::to_string(row + 1);
}

Result<Table> load_table_file(const std::string& path) {
    LineReader lines;
    if (Status s = lines.open(path, 16 << 20); !s.ok()) return s;
    bool csv = path.size() > 4 && iequals(std::string_view(path).substr(path.size() - 4), ".csv");
    return csv ? from_csv(lines) : from_ndjson(lines);
}

std::string select_all_from(std::string_view table) {
    std::string q = "SELECT * FROM ";
    size_t start = 0;
    for (;;) {
        size_t dot = table.find('.', start);
        std::string_view part = table.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        q += '"';
        for (char c : part) {
            if (c == '"') q += '"';
            q += c;
        }
        q += '"';
        if (dot == std::string_view::npos) break;
        q += '.';
        start = dot + 1;
    }
    return q;
}

Result<Table> load_table_pg(const std::string& conninfo, const std::string& query, int attempts) {
    std::string conn = conninfo.empty() ? env("DATABASE_URL").value_or("") : conninfo;
    std::string where = conn.empty() ? "PostgreSQL (PG* environment)" : "PostgreSQL " + mask_uri(conn);
    std::string last_error;
    for (int attempt = 1; attempt <= std::max(1, attempts); ++attempt) {
        try {
            pqxx::connection c(conn);
            pqxx::read_transaction tx(c);
            pqxx::result r = tx.exec(query);
            Table t;
            t.source = where;
            for (pqxx::row::size_type i = 0; i < r.columns(); ++i) t.columns.emplace_back(r.column_name(i));
            t.rows.reserve(r.size());
            for (const auto& row : r) {
                auto& cells = t.rows.emplace_back();
                cells.reserve(t.columns.size());
                for (const auto& f : row) {
                    if (f.is_null()) cells.emplace_back(std::nullopt);
                    else cells.emplace_back(std::string(f.c_str(), f.size()));
                }
            }
            return t;
        } catch (const pqxx::broken_connection& e) {
            last_error = one_line(mask_uri(e.what()));
        } catch (const std::exception& e) {
            return Status::Config(where + ": query failed: " + one_line(mask_uri(e.what())));
        }
        if (attempt < attempts)  // 0.5 s, 1 s, 2 s, then every 4 s
            std::this_thread::sleep_for(std::chrono::milliseconds(250 << std::min(attempt, 4)));
    }
    return Status::Unavailable(where + ": unreachable after " + std::to_string(std::max(1, attempts)) +
                               " attempts: " + last_error);
}

}  // namespace fb
