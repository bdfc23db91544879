#pragma once
// Lookup tables as plain text cells: the customers and branches that fb-gen and fb-enrich read
// from a CSV file (header row), an NDJSON file (one object per row) or a PostgreSQL query. Cells
// are text or NULL; typing is the reader's job. Column names compare case-insensitively, as
// PostgreSQL folds unquoted names (CustomerID -> customerid).
// Thread-safety: a loaded Table is immutable and may be shared.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fb/status.h"

namespace fb {

struct Table {
    std::string source;                     // for messages: file name or masked connection
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::vector<uint64_t> row_lines;        // file tables: the line each row starts on

    // Index of a column (case-insensitive), or -1.
    int column(std::string_view name) const;
    // Where a row came from, for messages: "FILE:LINE", or "SOURCE: row N" for query results.
    std::string where(size_t row) const;
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
