#include "customers.h"

#include <charconv>

#include "fb/table.h"
#include "fb/text.h"

namespace fbgen {

namespace {

bool parse_id(std::string_view s, int64_t& id) {
    s = fb::trim_blanks(s);
    auto r = std::from_chars(s.data(), s.data() + s.size(), id);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && id > 0;
}

fb::Result<std::vector<Customer>> customers_of(const fb::Table& t, bool strict) {
    int id = t.column("CustomerID");
    if (id < 0) return fb::Status::Config(t.source + ": no CustomerID column (columns: " + [&] {
        std::string s;
        for (const auto& c : t.columns) s += (s.empty() ? "" : ", ") + c;
        return s;
    }() + ")");
    int city = t.column("cidade") >= 0 ? t.column("cidade") : t.column("City");
    int state = t.column("estado");
    std::vector<Customer> out;
    out.reserve(t.rows());
    for (size_t r = 0; r < t.rows(); ++r) {
        Customer c;
        auto key = t.cell(r, static_cast<size_t>(id));
        if (!key || !parse_id(*key, c.id)) {
            if (strict) return fb::Status::Data(t.source + ": row " + std::to_string(r + 1) + " has no positive CustomerID");
            continue;
        }
        if (city >= 0)
            if (auto v = t.cell(r, static_cast<size_t>(city))) c.cidade = *v;
        if (state >= 0)
            if (auto v = t.cell(r, static_cast<size_t>(state))) c.estado = *v;
        out.push_back(std::move(c));
    }
    if (out.empty()) return fb::Status::Data(t.source + ": no customers");
    return out;
}

}  // namespace

fb::Result<std::vector<Customer>> load_customers_file(const std::string& path) {
    auto t = fb::load_table_file(path);
    if (!t.ok()) return t.status();
    return customers_of(*t, true);
}

fb::Result<std::vector<Customer>> load_customers_pg(const std::string& conninfo, const std::string& query) {
    auto t = fb::load_table_pg(conninfo, query.empty() ? fb::select_all_from("clientes") : query);
    if (!t.ok()) return t.status();
    return customers_of(*t, false);
}

}  // namespace fbgen
