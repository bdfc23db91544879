#include "lookup.h"

#include <charconv>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "fb/json_text.h"
#include "fb/text.h"

namespace enrich {

namespace {

// A positive integer key written as text ("17850", " 17850 ", "+17850"). False otherwise.
bool parse_key(std::string_view text, int64_t& out) {
    text = fb::trim_blanks(text);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return false;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out > 0;
}

fb::Table::Cell cell(const fb::Table& t, size_t row, int column) { return t.cell(row, static_cast<size_t>(column)); }

struct Branch {
    std::string name;      // JSON text
    std::string latitude;  // JSON text (a number or null)
    std::string longitude;
};

void append_text_or_null(std::string& out, fb::Table::Cell v) {
    if (!v) {
        out += "null";
        return;
    }
    fb::json::append_string(out, fb::trim_blanks(*v));
}

// The row's key, or false with a warning that the row is skipped.
bool row_key(const fb::Table& t, size_t row, int column, std::string_view name, std::string_view what, int64_t& id,
             std::vector<std::string>& warnings) {
    auto key = cell(t, row, column);
    if (key && parse_key(*key, id)) return true;
    std::string w = t.where(row);
    w.append(": ").append(name).append(" ");
    if (key) w.append("'").append(*key).append("'");
    else w.append("NULL");
    w.append(" is not a positive integer; ").append(what).append(" skipped");
    warnings.push_back(std::move(w));
    return false;
}

std::string coordinate_json(const fb::Table& t, size_t row, int column, double limit, std::string_view name,
                            std::vector<std::string>& warnings) {
    auto v = cell(t, row, column);
    if (!v) return "null";
    double d = 0;
    if (!parse_coordinate(*v, limit, d)) {
        warnings.push_back(t.where(row) + ": " + std::string(name) + " '" + std::string(*v) +
                           "' is not a coordinate; written as null");
        return "null";
    }
    std::string out;
    fb::json::append_double(out, d);
    return out;
}

}  // namespace

bool parse_coordinate(std::string_view text, double limit, double& out) {
    text = fb::trim_blanks(text);
    if (text.empty() || text.size() > 40) return false;
    char buf[48];
    size_t n = 0;
    for (char c : text) buf[n++] = c == ',' ? '.' : c;  // "-23,55" as some old exports wrote it
    const char* b = buf;
    if (*b == '+') ++b;
    auto [end, ec] = std::from_chars(b, buf + n, out);
    return ec == std::errc() && end == buf + n && std::isfinite(out) && std::fabs(out) <= limit;
}

fb::Status require_columns(const fb::Table& table, std::string_view what, const std::string_view* required, size_t n) {
    std::string missing;
    for (size_t i = 0; i < n; ++i) {
        if (table.column(required[i]) >= 0) continue;
        if (!missing.empty()) missing += ", ";
        missing += required[i];
    }
    if (missing.empty()) return fb::Status::Ok();
    std::string got;
    for (const auto& c : table.columns) {
        if (!got.empty()) got += ", ";
        got += c;
    }
    return fb::Status::Config(table.source + ": " + std::string(what) + " lack column(s) " + missing +
                              " (got: " + (got.empty() ? "no columns" : got) + ")");
}

std::string_view Lookup::value(const Match& m, size_t i) {
    // Fields are written `"name":value` separated by commas, in kFields order.
    size_t begin = (i == 0 ? 0 : m.value_end[i - 1] + 1) + kFields[i].size() + 3;
    return fields(m).substr(begin, m.value_end[i] - begin);
}

bool Lookup::use_fixed_slots() {
    constexpr size_t kLine = 64 / sizeof(uint64_t);  // words per cache line
    auto words_of = [this](uint32_t at) {
        const Match* m = reinterpret_cast<const Match*>(arena_.data() + at);
        return (sizeof(Match) + m->length + 7) / 8;
    };
    size_t widest = 0;
    for (uint32_t at : direct_)
        if (at != kNone) widest = std::max(widest, words_of(at));
    size_t stride = (widest + kLine - 1) / kLine * kLine;
    // At most the four cache lines prefetch() loads, and not much more memory than the index saves.
    if (stride == 0 || stride > 4 * kLine || direct_.size() * stride > 4 * arena_.size() + (1 << 17)) return false;

    Match absent;
    absent.kind = Match::none;
    // The usual table lists customers by ascending id, so each match sits in the arena at or below
    // its slot: then the arena is widened in place, moving matches from the last id down (no
    // second 20 MB block to fault in and fill). Otherwise the slots are a new block.
    bool in_place = true;
    uint64_t prev = 0;
    for (size_t i = 0; i < direct_.size() && in_place; ++i) {
        if (direct_[i] == kNone) continue;
        in_place = direct_[i] >= prev && direct_[i] <= i * stride;
        prev = direct_[i];
    }
    if (in_place) {
        arena_.resize(std::max(arena_.size(), direct_.size() * stride));
        for (size_t i = direct_.size(); i-- > 0;) {
            uint64_t* to = arena_.data() + i * stride;
            if (direct_[i] == kNone) std::memcpy(to, &absent, sizeof absent);
            else std::memmove(to, arena_.data() + direct_[i], words_of(direct_[i]) * 8);
        }
        arena_.resize(direct_.size() * stride);
    } else {
        std::vector<uint64_t, fb::HugePageAllocator<uint64_t>> slots(direct_.size() * stride);
        for (size_t i = 0; i < direct_.size(); ++i) {
            uint64_t* to = slots.data() + i * stride;
            if (direct_[i] == kNone) std::memcpy(to, &absent, sizeof absent);
            else std::memcpy(to, arena_.data() + direct_[i], words_of(direct_[i]) * 8);
        }
        arena_ = std::move(slots);
    }
    stride_ = stride;
    slots_ = direct_.size();
    direct_ = {};
    return true;
}

fb::Result<std::shared_ptr<const Lookup>> Lookup::build(const fb::Table& customers, const fb::Table& branches,
                                                        std::vector<std::string>& warnings) {
    if (auto s = require_columns(customers, "customers", kCustomerColumns, std::size(kCustomerColumns)); !s.ok())
        return s;
    if (auto s = require_columns(branches, "branches", kBranchColumns, std::size(kBranchColumns)); !s.ok()) return s;

    // Branches first: agencia_id -> the three branch values as JSON text.
    std::unordered_map<int64_t, Branch> by_id;
    by_id.reserve(branches.rows());
    int b_id = branches.column("agencia_id"), b_name = branches.column("nome_da_agencia");
    int b_lat = branches.column("latitude"), b_lon = branches.column("longitude");
    for (size_t r = 0; r < branches.rows(); ++r) {
        int64_t id = 0;
        if (!row_key(branches, r, b_id, "agencia_id", "branch", id, warnings)) continue;
        Branch b;
        append_text_or_null(b.name, cell(branches, r, b_name));
        b.latitude = coordinate_json(branches, r, b_lat, 90, "latitude", warnings);
        b.longitude = coordinate_json(branches, r, b_lon, 180, "longitude", warnings);
        if (!by_id.emplace(id, std::move(b)).second)
            warnings.push_back(branches.where(r) + ": agencia_id " + std::to_string(id) +
                               " appears again; the first row is kept");
    }

    auto lookup = std::make_shared<Lookup>();
    lookup->branches_ = by_id.size();
    int c_id = customers.column("customerid"), c_branch = customers.column("agencia_id");
    int c_city = customers.column("cidade"), c_state = customers.column("estado");
    int c_segment = customers.column("segmento");
    struct Placed {
        int64_t id;
        uint32_t at;
        size_t row;
    };
    std::vector<Placed> placed;
    placed.reserve(customers.rows());
    auto& arena = lookup->arena_;
    arena.reserve(customers.rows() * ((sizeof(Match) + 192) / 8));  // ~ one match; grows if needed
    std::string text;
    for (size_t r = 0; r < customers.rows(); ++r) {
        int64_t id = 0;
        if (!row_key(customers, r, c_id, "CustomerID", "customer", id, warnings)) continue;
        Match m;
        auto branch_key = cell(customers, r, c_branch);
        if (branch_key && !parse_key(*branch_key, m.agencia_id)) {
            warnings.push_back(customers.where(r) + ": agencia_id '" + std::string(*branch_key) +
                               "' is not a positive integer; read as NULL");
            m.agencia_id = 0;
        }
        auto branch = m.agencia_id ? by_id.find(m.agencia_id) : by_id.end();
        m.kind = branch == by_id.end() ? Match::no_branch : Match::full;

        text.clear();
        auto field = [&](size_t i, auto&& write_value) {
            if (i) text += ',';
            text += '"';
            text += kFields[i];
            text += "\":";
            write_value();
            m.value_end[i] = static_cast<uint16_t>(std::min<size_t>(text.size(), UINT16_MAX));
        };
        field(0, [&] {
            if (m.agencia_id) fb::json::append_int(text, m.agencia_id);
            else text += "null";
        });
        field(1, [&] { text += branch == by_id.end() ? "null" : branch->second.name; });
        field(2, [&] { append_text_or_null(text, cell(customers, r, c_city)); });
        field(3, [&] { append_text_or_null(text, cell(customers, r, c_state)); });  // char(2) pads with blanks
        field(4, [&] { text += branch == by_id.end() ? "null" : branch->second.latitude; });
        field(5, [&] { text += branch == by_id.end() ? "null" : branch->second.longitude; });
        field(6, [&] { append_text_or_null(text, cell(customers, r, c_segment)); });
        if (text.size() > UINT16_MAX) {
            warnings.push_back(customers.where(r) + ": CustomerID " + std::to_string(id) +
                               ": values longer than 64 KiB; customer skipped");
            continue;
        }
        m.length = static_cast<uint16_t>(text.size());
        size_t words = (sizeof(Match) + text.size() + 7) / 8;
        if (arena.size() + words >= kNone) return fb::Status::Config("customers table too large (over 32 GiB joined)");
        uint32_t at = static_cast<uint32_t>(arena.size());
        arena.resize(arena.size() + words);
        std::memcpy(arena.data() + at, &m, sizeof m);
        std::memcpy(reinterpret_cast<char*>(arena.data() + at) + sizeof m, text.data(), text.size());
        placed.push_back({id, at, r});
    }

    // The index: an array over [min id, max id] when the ids are dense enough, else a hash map.
    int64_t lo = INT64_MAX, hi = 0;
    for (const auto& p : placed) lo = std::min(lo, p.id), hi = std::max(hi, p.id);
    bool dense = !placed.empty() && static_cast<uint64_t>(hi - lo) < 4 * placed.size() + 4096;
    lookup->base_ = dense ? lo : 0;
    if (dense) lookup->direct_.assign(static_cast<size_t>(hi - lo) + 1, kNone);
    for (const auto& p : placed) {
        bool first = true;
        if (dense) {
            uint32_t& slot = lookup->direct_[static_cast<size_t>(p.id - lo)];
            first = slot == kNone;
            if (first) slot = p.at;
        } else {
            lookup->sparse_.intern(p.id, first);  // ids 0, 1, 2... in the order of sparse_at_
            if (first) lookup->sparse_at_.push_back(p.at);
        }
        if (first) ++lookup->customers_;
        else
            warnings.push_back(customers.where(p.row) + ": CustomerID " + std::to_string(p.id) +
                               " appears again; the first row is kept");
    }
    if (dense) lookup->use_fixed_slots();
    for (size_t i = 0; i < kFieldCount; ++i) {
        if (i) lookup->null_fields_ += ',';
        lookup->null_fields_ += '"';
        lookup->null_fields_ += kFields[i];
        lookup->null_fields_ += "\":null";
    }
    return std::shared_ptr<const Lookup>(std::move(lookup));
}

}  // namespace enrich
