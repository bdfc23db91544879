#pragma once
// Lookup tables as plain text cells: the customers and branches that fb-gen and fb-enrich read
// from a CSV file (header row), an NDJSON file (one object per row) or a PostgreSQL query. Cells
// are text or NULL; typing is the reader's job. Column names compare case-insensitively, as
// PostgreSQL folds unquoted names (CustomerID -> customerid).
// Storage is flat: all cell text in one buffer and one (offset, size) pair per
// cell, so loading 100,000 customers costs two growing arrays, not 600,000 small strings.
// Thread-safety: a loaded Table is immutable and may be shared.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fb/status.h"

namespace fb {

class Table {
public:
    using Cell = std::optional<std::string_view>;  // nullopt is NULL

    std::string source;                     // for messages: file name or masked connection
    std::vector<std::string> columns;       // set before the first row; add_column() after
    std::vector<uint64_t> row_lines;        // file tables: the line each row starts on

    size_t rows() const { return rows_; }
    // A cell's text (valid while the table lives), or nullopt for NULL.
    Cell cell(size_t row, size_t column) const {
        const Slot& s = slots_[row * columns.size() + column];
        if (s.size == kNull) return std::nullopt;
        return std::string_view(text_.data() + s.begin, s.size);
    }
    // Appends a row of columns.size() cells (fewer are padded with NULL, more are an error).
    // Status::Data when the table's text would pass 4 GiB.
    Status add_row(const Cell* cells, size_t n);
    Status add_row(std::initializer_list<Cell> cells) { return add_row(cells.begin(), cells.size()); }
    // Room for this many bytes of cell text (a loader's hint: the file's size).
    void reserve_text(size_t bytes) { text_.reserve(std::min<size_t>(bytes, kNull)); }
    // Adds a column, NULL in every row so far; returns its index.
    size_t add_column(std::string name);

    // Index of a column (case-insensitive), or -1.
    int column(std::string_view name) const;
    // Where a row came from, for messages: "FILE:LINE", or "SOURCE: row N" for query results.
    std::string where(size_t row) const;

private:
    static constexpr uint32_t kNull = UINT32_MAX;
    struct Slot {
        uint32_t begin, size;  // into text_; size kNull for NULL
    };
    std::string text_;
    std::vector<Slot> slots_;  // row-major, columns.size() per row
    size_t rows_ = 0;
};

// CSV when the name ends in .csv (separator guessed), NDJSON otherwise. Errors name FILE:LINE.
Result<Table> load_table_file(const std::string& path);

// Runs `query` on PostgreSQL. `conninfo` empty: DATABASE_URL, then libpq's PG* variables.
// Connection failures are retried `attempts` times with backoff, then Status::Unavailable (69);
// a failing query is Status::Config (78). Passwords are masked in every message.
Result<Table> load_table_pg(const std::string& conninfo, const std::string& query, int attempts = 3);

// `SELECT * FROM "name"` with the name quoted as an identifier (schema.table allowed).
std::string select_all_from(std::string_view table);

}  // namespace fb
