#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lookup.h"

namespace {

fb::Table branches() {
    fb::Table t;
    t.source = "agencias";
    t.columns = {"agencia_id", "nome_da_agencia", "latitude", "longitude"};
    REQUIRE(t.add_row({"1", "Sede", "-23.5", "-46.6"}).ok());
    REQUIRE(t.add_row({"2", "Norte", "-3.1", "-60.0"}).ok());
    return t;
}

// Customers 100..(100 + n - 1) except every 7th, customer 104 twice, 103 with a branch not in the
// table; `name_length` makes customer 101's city that long.
fb::Table customers(int n, size_t name_length = 6) {
    fb::Table t;
    t.source = "clientes";
    t.columns = {"CustomerID", "segmento", "cidade", "estado", "agencia_id"};
    for (int i = 0; i < n; ++i) {
        int id = 100 + i;
        if (i % 7 == 6) continue;
        std::string city = id == 101 ? std::string(name_length, 'c') : "City" + std::to_string(id);
        std::string branch = id == 103 ? "9" : std::to_string(1 + id % 2);
        std::string key = std::to_string(id);
        REQUIRE(t.add_row({key, "Varejo", city, "SP", branch}).ok());
        if (id == 104) REQUIRE(t.add_row({"104", "Private", "Again", "RJ", "1"}).ok());
    }
    t.row_lines.assign(t.rows(), 0);
    return t;
}

std::string describe(const enrich::Lookup& l, int64_t id) {
    const enrich::Match* m = l.find(id);
    if (!m) return "none";
    return std::string(m->kind == enrich::Match::full ? "full " : "no_branch ") + std::string(enrich::Lookup::fields(*m));
}

}  // namespace

TEST_CASE("lookup: fixed slots and the indexed arena find the same customers") {
    std::vector<std::string> w1, w2;
    auto compact = enrich::Lookup::build(customers(50), branches(), w1);
    auto wide = enrich::Lookup::build(customers(50, 400), branches(), w2);  // one slot would be over 256 bytes
    REQUIRE(compact.ok());
    REQUIRE(wide.ok());
    CHECK((*compact)->fixed_slots());
    CHECK_FALSE((*wide)->fixed_slots());
    CHECK(w1.size() == 1);  // 104 twice; the first row is kept
    CHECK(w1[0].find("CustomerID 104 appears again") != std::string::npos);
    CHECK((*compact)->customers() == (*wide)->customers());

    for (int64_t id : {int64_t{-5}, int64_t{0}, int64_t{99}, int64_t{100}, int64_t{102}, int64_t{103}, int64_t{104},
                       int64_t{106}, int64_t{113}, int64_t{148}, int64_t{149}, int64_t{150}, int64_t{1000000}}) {
        INFO("CustomerID " << id);
        if (id != 101) CHECK(describe(**compact, id) == describe(**wide, id));
        (*compact)->prefetch(id);  // never faults, in range or not
    }
    CHECK(describe(**compact, 99) == "none");
    CHECK(describe(**compact, 106) == "none");  // a gap inside the range
    CHECK(describe(**compact, 150) == "none");  // past the end
    CHECK(describe(**compact, 104).find("\"cidade\":\"City104\"") != std::string::npos);
    CHECK(describe(**compact, 103).rfind("no_branch \"agencia_id\":9,\"nome_da_agencia\":null", 0) == 0);
    CHECK(describe(**compact, 102) ==
          "full \"agencia_id\":1,\"nome_da_agencia\":\"Sede\",\"cidade\":\"City102\",\"estado\":\"SP\","
          "\"latitude\":-23.5,\"longitude\":-46.6,\"segmento\":\"Varejo\"");
    CHECK(enrich::Lookup::value(*(*compact)->find(102), 4) == "-23.5");
    CHECK(describe(**wide, 101).find(std::string(400, 'c')) != std::string::npos);
}

TEST_CASE("lookup: sparse ids use the hash table") {
    fb::Table c;
    c.source = "clientes";
    c.columns = {"customerid", "segmento", "cidade", "estado", "agencia_id"};
    REQUIRE(c.add_row({"5", "Varejo", "A", "SP", "1"}).ok());
    REQUIRE(c.add_row({"5000000000", "Varejo", "B", "SP", "2"}).ok());
    c.row_lines = {2, 3};
    std::vector<std::string> warnings;
    auto l = enrich::Lookup::build(c, branches(), warnings);
    REQUIRE(l.ok());
    CHECK_FALSE((*l)->fixed_slots());
    CHECK(describe(**l, 5000000000).find("\"cidade\":\"B\"") != std::string::npos);
    CHECK(describe(**l, 6) == "none");
}
