#include <catch2/catch.hpp>

#include "fb/dates.h"

using fb::Timestamp;

static std::string norm(std::string_view in, const fb::TimeZone& tz = fb::TimeZone::utc()) {
    Timestamp t;
    std::string err;
    if (!fb::parse_date(in, tz, t, err)) return "ERR: " + err;
    std::string out;
    fb::format_rfc3339(out, t);
    return out;
}

TEST_CASE("accepted date forms normalise to RFC 3339 UTC") {
    CHECK(norm("04-03-2024 12:19:00") == "2024-03-04T12:19:00Z");
    CHECK(norm("04-03-2024 12:19") == "2024-03-04T12:19:00Z");
    CHECK(norm("2024-03-04 12:19:00") == "2024-03-04T12:19:00Z");
    CHECK(norm("2024-03-04T12:19:00Z") == "2024-03-04T12:19:00Z");
    CHECK(norm("2024-03-04T12:19:00.250Z") == "2024-03-04T12:19:00.250Z");
    CHECK(norm("2024-03-04T12:19:00.1Z") == "2024-03-04T12:19:00.1Z");
    CHECK(norm("2024-03-04T12:19:00.000456789Z") == "2024-03-04T12:19:00.000456789Z");
    CHECK(norm("0001-01-01 00:00:00") == "0001-01-01T00:00:00Z");
    CHECK(norm("9999-12-31T23:59:59.5Z") == "9999-12-31T23:59:59.5Z");
    CHECK(norm("2024-03-04T09:19:00-03:00") == "2024-03-04T12:19:00Z");
    CHECK(norm("2024-03-04 23:30:00+0130") == "2024-03-04T22:00:00Z");
    CHECK(norm("  2024-03-04T12:19:00z ") == "2024-03-04T12:19:00Z");
    CHECK(norm("29-02-2024 00:00:00") == "2024-02-29T00:00:00Z");
    CHECK(norm("1969-12-31 23:59:59") == "1969-12-31T23:59:59Z");
}

TEST_CASE("impossible and unknown dates are errors") {
    CHECK(norm("31-02-2024 10:00").rfind("ERR: day 31 does not exist", 0) == 0);
    CHECK(norm("29-02-2023 10:00").rfind("ERR: day 29", 0) == 0);
    CHECK(norm("2024-13-01 10:00").rfind("ERR: month 13", 0) == 0);
    CHECK(norm("2024-03-04 24:00:00") == "ERR: time of day out of range");
    CHECK(norm("2024/03/04").rfind("ERR: unknown date format", 0) == 0);
    CHECK(norm("04-03-2024T12:19:00").rfind("ERR: unknown", 0) == 0);
    CHECK(norm("").rfind("ERR: unknown", 0) == 0);
    CHECK(norm("2024-03-04T12:19:00+25:00").rfind("ERR: unknown", 0) == 0);
    CHECK(norm("2024-03-04T12:19:00.Z").rfind("ERR: unknown", 0) == 0);
}

TEST_CASE("zone-less dates are read in the given time zone") {
    auto fixed = fb::TimeZone::load("-03:00");
    REQUIRE(fixed.ok());
    CHECK(norm("04-03-2024 12:19:00", *fixed) == "2024-03-04T15:19:00Z");
    CHECK(norm("2024-03-04T12:19:00Z", *fixed) == "2024-03-04T12:19:00Z");  // an explicit zone wins
    auto sp = fb::TimeZone::load("America/Sao_Paulo");
    if (sp.ok()) CHECK(norm("04-03-2024 12:19:00", *sp) == "2024-03-04T15:19:00Z");
    auto bad = fb::TimeZone::load("Mars/Olympus");
    CHECK_FALSE(bad.ok());
    CHECK(bad.status().code() == fb::Exit::config);
}

TEST_CASE("calendar arithmetic round-trips") {
    for (int64_t d = -800000; d < 800000; d += 997) {
        int y, m, dd;
        fb::civil_from_days(d, y, m, dd);
        REQUIRE(fb::days_from_civil(y, m, dd) == d);
    }
    CHECK(fb::weekday_from_days(0) == 4);  // 1970-01-01 was a Thursday
    CHECK(fb::weekday_from_days(fb::days_from_civil(2024, 3, 4)) == 1);
    std::string s;
    fb::format_seed(s, 1709554740);
    CHECK(s == "04-03-2024 12:19:00");
    int64_t day;
    CHECK(fb::parse_day("2024-02-29", day));
    CHECK_FALSE(fb::parse_day("2023-02-29", day));
}

TEST_CASE("edge forms found by the jq comparison are refused, not guessed") {
    CHECK(norm("2024-03-04 12:19.5").rfind("ERR: unknown", 0) == 0);       // fraction without seconds
    CHECK(norm("2024-03-04T12:19:00+03:").rfind("ERR: unknown", 0) == 0);  // offset without minutes
    CHECK(norm("9999-12-31 23:59:00-01:00").rfind("ERR: out of range", 0) == 0);
    CHECK(norm("0001-01-01 00:00:00+01:00").rfind("ERR: out of range", 0) == 0);
    CHECK(norm("0000-01-01 00:00:00") == "ERR: year 0 out of range");
    CHECK(norm("9999-12-31 23:59:59Z") == "9999-12-31T23:59:59Z");
}
