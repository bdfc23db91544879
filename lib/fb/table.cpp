#include "fb/table.h"

#include "fb/report.h"

#include <pqxx/pqxx>

#include <sys/stat.h>

#include <cctype>
#include <chrono>
#include <thread>

#include "fb/csv.h"
#include "fb/env.h"
#include "fb/json_line.h"
#include "fb/line_reader.h"
#include "fb/text.h"

namespace fb {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

Result<Table> from_csv(LineReader& lines, size_t text_hint) {
    Table t;
    t.reserve_text(text_hint);
    t.source = lines.name();
    CsvReader csv(lines);
    std::vector<std::string_view> fields;
    std::vector<Table::Cell> cells;
    std::string error;
    std::string_view raw;
    uint64_t line = 0;
    if (!csv.next(fields, line, error, raw)) {
        if (!lines.status().ok()) return lines.status();
        return Status::Data(lines.name() + ": empty table file (no header row)");
    }
    if (!error.empty()) return Status::Data(lines.name() + ":" + std::to_string(line) + ": bad CSV header: " + error);
    for (std::string_view name : fields) t.columns.emplace_back(trim_blanks(name));  // " agencia_id " is agencia_id
    while (csv.next(fields, line, error, raw)) {
        if (error.empty() && fields.size() != t.columns.size())
            error = "expected " + std::to_string(t.columns.size()) + " fields, got " + std::to_string(fields.size());
        if (!error.empty()) return Status::Data(lines.name() + ":" + std::to_string(line) + ": bad CSV row: " + error);
        cells.clear();
        for (std::string_view v : fields) {
            if (v.empty()) cells.emplace_back(std::nullopt);  // an empty cell is NULL, as COPY CSV reads it
            else cells.emplace_back(v);
        }
        if (Status s = t.add_row(cells.data(), cells.size()); !s.ok()) return s.context(lines.name() + ":" + std::to_string(line) + ": ");
        t.row_lines.push_back(line);
    }
    if (!lines.status().ok()) return lines.status();
    return t;
}

Result<Table> from_ndjson(LineReader& lines, size_t text_hint) {
    namespace od = simdjson::ondemand;
    Table t;
    t.reserve_text(text_hint);
    t.source = lines.name();
    JsonLineParser parser;
    Line line;
    std::string error;
    std::vector<Table::Cell> cells;  // views into the line or the parser's string buffer, until add_row
    while (lines.next(line)) {
        if (line.blank() && !line.too_long) continue;
        cells.assign(t.columns.size(), std::nullopt);
        auto visit = [&](std::string_view key, od::value& v) -> simdjson::error_code {
            int c = t.column(key);
            if (c < 0) {
                c = static_cast<int>(t.add_column(std::string(key)));
                cells.emplace_back(std::nullopt);
            }
            od::json_type type;
            if (auto e = v.type().get(type)) return e;
            auto& cell = cells[static_cast<size_t>(c)];
            if (type == od::json_type::string) {
                std::string_view s;
                if (auto e = fb::JsonLineParser::read_string(v, s)) return e;
                cell = s;
            } else if (type == od::json_type::null) {
                bool n;
                return v.is_null().get(n);
            } else if (type == od::json_type::number || type == od::json_type::boolean) {
                std::string_view tok = v.raw_json_token();
                while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\t')) tok.remove_suffix(1);
                cell = tok;
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
                cell = raw;
            }
            return simdjson::SUCCESS;
        };
        std::string where = lines.name() + ":" + std::to_string(line.number) + ": ";
        if (line.too_long) return Status::Data(where + "line too long");
        if (!parser.parse(line.text, visit, error)) return Status::Data(where + error);
        if (Status s = t.add_row(cells.data(), cells.size()); !s.ok()) return s.context(where);
        t.row_lines.push_back(line.number);
    }
    if (!lines.status().ok()) return lines.status();
    return t;
}

}  // namespace

Status Table::add_row(const Cell* cells, size_t n) {
    if (n > columns.size())
        return Status::Data("a row of " + std::to_string(n) + " cells in a table of " + std::to_string(columns.size()) +
                            " columns");
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i >= n || !cells[i]) {
            slots_.push_back({0, kNull});
            continue;
        }
        std::string_view v = *cells[i];
        if (text_.size() + v.size() >= kNull) {
            slots_.resize(rows_ * columns.size());  // the row is not added
            return Status::Data("table text over 4 GiB (too large to join in memory)");
        }
        slots_.push_back({static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(v.size())});
        text_.append(v);
    }
    ++rows_;
    return Status::Ok();
}

size_t Table::add_column(std::string name) {
    columns.push_back(std::move(name));
    size_t width = columns.size();
    if (rows_ > 0) {  // re-lay the rows with a NULL at the end of each; rare (a new NDJSON key)
        std::vector<Slot> wider(rows_ * width, Slot{0, kNull});
        for (size_t r = 0; r < rows_; ++r)
            for (size_t c = 0; c + 1 < width; ++c) wider[r * width + c] = slots_[r * (width - 1) + c];
        slots_ = std::move(wider);
    }
    return width - 1;
}

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
    size_t hint = 0;  // the cells' text is at most the file's size: one allocation, not a doubling series
    if (struct stat st {}; ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) hint = static_cast<size_t>(st.st_size);
    return csv ? from_csv(lines, hint) : from_ndjson(lines, hint);
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
            std::vector<Table::Cell> cells;
            for (const auto& row : r) {
                cells.clear();
                for (const auto& f : row) {
                    if (f.is_null()) cells.emplace_back(std::nullopt);
                    else cells.emplace_back(std::string_view(f.c_str(), f.size()));
                }
                if (Status s = t.add_row(cells.data(), cells.size()); !s.ok()) return s.context(where + ": ");
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
