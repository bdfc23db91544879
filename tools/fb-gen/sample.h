#pragma once
// fb-gen's built-in sample bank: branches in Brazilian cities and customers attached to them,
// derived from a fixed seed so the same tables come out on every machine. `fb-gen --write-tables`
// writes them as the clientes/agencias CSV files fb-enrich joins (examples/data/).

#include <cstdint>
#include <string>
#include <vector>

#include "fb/status.h"

namespace fbgen {

struct Customer {
    int64_t id = 0;
    std::string nome, segmento, cidade, estado;
    int64_t agencia_id = 0;
};

struct Branch {
    int64_t id = 0;
    std::string nome, cidade, estado;
    double latitude = 0, longitude = 0;
};

struct SampleBank {
    std::vector<Branch> branches;
    std::vector<Customer> customers;
};

// `customers` customers (ids from 10001) over branches in 34 cities (branch 1 is "Sede").
SampleBank make_sample_bank(size_t customers);

// Writes DIR/clientes.csv and DIR/agencias.csv (header row = column names of the tables).
fb::Status write_tables(const SampleBank& bank, const std::string& dir);

}  // namespace fbgen
