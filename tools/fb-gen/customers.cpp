#include "customers.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "fb/env.h"
#include "fb/csv.h"
#include "fb/json_line.h"
#include "fb/line_reader.h"

namespace fbgen {

namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool parse_id(std::string_view s, int64_t& id) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    auto r = std::from_chars(s.data(), s.data() + s.size(), id);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && id > 0;
}

fb::Result<std::vector<Customer>> from_csv(fb::LineReader& lines) {
    fb::CsvReader csv(lines);
    std::vector<std::string> header, row;
    std::string error, raw;
    uint64_t line = 0;
    std::vector<Customer> out;
    if (!csv.next(header, line, error, raw)) return fb::Status::Data(lines.name() + ": empty customers file");
    int id_col = -1, city_col = -1, state_col = -1;
    for (size_t i = 0; i < header.size(); ++i) {
        std::string h = lower(header[i]);
        if (h == "customerid") id_col = static_cast<int>(i);
        if (h == "cidade" || h == "city") city_col = static_cast<int>(i);
        if (h == "estado") state_col = static_cast<int>(i);
    }
    if (id_col < 0) return fb::Status::Data(lines.name() + ":1: no CustomerID column in the header");
    while (csv.next(row, line, error, raw)) {
        Customer c;
        if (!error.empty() || static_cast<int>(row.size()) <= id_col || !parse_id(row[static_cast<size_t>(id_col)], c.id))
            return fb::Status::Data(lines.name() + ":" + std::to_string(line) + ": bad customer row" +
                                    (error.empty() ? "" : ": " + error));
        if (city_col >= 0 && static_cast<int>(row.size()) > city_col) c.cidade = row[static_cast<size_t>(city_col)];
        if (state_col >= 0 && static_cast<int>(row.size()) > state_col) c.estado = row[static_cast<size_t>(state_col)];
        out.push_back(std::move(c));
    }
    if (!lines.status().ok()) return lines.status();
    return out;
}

fb::Result<std::vector<Customer>> from_ndjson(fb::LineReader& lines) {
    namespace od = simdjson::ondemand;
    fb::JsonLineParser parser;
    std::vector<Customer> out;
    fb::Line line;
    std::string error;
    while (lines.next(line)) {
        if (line.blank()) continue;
        Customer c;
        bool id_ok = false;
        auto visit = [&](std::string_view key, od::value& v) -> simdjson::error_code {
            std::string k = lower(std::string(key));
            if (k == "customerid") {
                int64_t n;
                std::string_view s;
                if (!v.get_int64().get(n)) id_ok = n > 0, c.id = n;
                else if (!v.get_string().get(s)) id_ok = parse_id(s, c.id);
                return simdjson::SUCCESS;
            }
            if (k == "cidade" || k == "city" || k == "estado") {
                std::string_view s;
                if (!v.get_string().get(s)) (k == "estado" ? c.estado : c.cidade) = std::string(s);
                return simdjson::SUCCESS;
            }
            return parser.walk(v);
        };
        if (line.too_long || !parser.parse(line.text, visit, error) || !id_ok)
            return fb::Status::Data(lines.name() + ":" + std::to_string(line.number) + ": bad customer record" +
                                    (error.empty() ? ": no positive CustomerID" : ": " + error));
        out.push_back(std::move(c));
    }
    if (!lines.status().ok()) return lines.status();
    return out;
}

}  // namespace

fb::Result<std::vector<Customer>> load_customers_file(const std::string& path) {
    fb::LineReader lines;
    if (fb::Status s = lines.open(path); !s.ok()) return s;
    bool csv = path.size() > 4 && lower(path.substr(path.size() - 4)) == ".csv";
    auto r = csv ? from_csv(lines) : from_ndjson(lines);
    if (r.ok() && r->empty()) return fb::Status::Data(path + ": no customers");
    return r;
}

fb::Result<std::vector<Customer>> load_customers_pg(const std::string& conninfo, const std::string& query) {
    std::string conn = conninfo;
    if (conn.empty()) conn = fb::env("DATABASE_URL").value_or("");
    std::string where = conn.empty() ? "PostgreSQL (PG* environment)" : "PostgreSQL " + fb::mask_uri(conn);
    try {
        pqxx::connection c(conn);
        pqxx::read_transaction tx(c);
        pqxx::result r = tx.exec(query.empty() ? "SELECT * FROM clientes" : query);
        int id_col = -1, city_col = -1, state_col = -1;
        for (pqxx::row::size_type i = 0; i < r.columns(); ++i) {
            std::string h = lower(r.column_name(i));
            if (h == "customerid") id_col = static_cast<int>(i);
            if (h == "cidade" || h == "city") city_col = static_cast<int>(i);
            if (h == "estado") state_col = static_cast<int>(i);
        }
        if (id_col < 0) return fb::Status::Config(where + ": the query returns no CustomerID column");
        std::vector<Customer> out;
        out.reserve(r.size());
        for (const auto& row : r) {
            Customer cu;
            if (row[id_col].is_null() || !parse_id(row[id_col].c_str(), cu.id)) continue;
            if (city_col >= 0 && !row[city_col].is_null()) cu.cidade = row[city_col].c_str();
            if (state_col >= 0 && !row[state_col].is_null()) cu.estado = row[state_col].c_str();
            out.push_back(std::move(cu));
        }
        if (out.empty()) return fb::Status::Data(where + ": the query returned no customers");
        return out;
    } catch (const pqxx::broken_connection& e) {
        return fb::Status::Unavailable(where + ": " + fb::mask_uri(e.what()));
    } catch (const std::exception& e) {
        return fb::Status::Config(where + ": " + fb::mask_uri(e.what()));
    }
}

}  // namespace fbgen
