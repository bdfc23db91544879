#pragma once
// Where fb-gen's customers come from: a CSV or NDJSON file (CustomerID plus optional cidade/City),
// a PostgreSQL query (the `clientes` table by default), or the built-in sample bank.

#include <string>
#include <vector>

#include "fb/status.h"
#include "sample.h"

namespace fbgen {

// CSV when the name ends in .csv, NDJSON otherwise. Rows without a usable CustomerID are errors.
fb::Result<std::vector<Customer>> load_customers_file(const std::string& path);

// `conninfo` empty: DATABASE_URL or libpq's PG* variables. `query` empty: the clientes table.
// Needs a CustomerID column (any case); cidade/estado are used if present.
fb::Result<std::vector<Customer>> load_customers_pg(const std::string& conninfo, const std::string& query);

}  // namespace fbgen
