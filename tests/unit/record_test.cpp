#include <catch2/catch.hpp>

#include "fb/record.h"

static std::string run(fb::FeedbackNormalizer& n, const std::string& line, fb::FeedbackNormalizer::Outcome* outcome = nullptr) {
    std::string buf = line + std::string(simdjson::SIMDJSON_PADDING, ' ');
    std::string out;
    auto o = n.normalize(std::string_view(buf.data(), line.size()), out);
    if (outcome) *outcome = o;
    return o == fb::FeedbackNormalizer::Outcome::ok ? out : "ERR " + n.error_summary();
}

static const std::string kOk =
    R"({"InvoiceNo":1,"CustomerID":2,"MeioEnvio":"Web","Description":"texto","InvoiceDate":"2024-03-04T12:19:00Z"})";

TEST_CASE("a canonical record passes unchanged") {
    fb::FeedbackNormalizer n(fb::RecordRules{});
    CHECK(run(n, kOk) == kOk);
    CHECK(n.invoice_no() == 1);
}

TEST_CASE("normalisation splices only what changes") {
    fb::FeedbackNormalizer n(fb::RecordRules{});
    std::string in =
        R"({"x":{"keep":[1, 2]},"InvoiceNo":"00017","CustomerID":" 17850 ","MeioEnvio":" iOS 17 ","Description":"  Pix não caiu\n","InvoiceDate":"04-03-2024 12:19:00","City":null,"Country":"Brasil","InvoiceNo2":"7"})";
    CHECK(run(n, in) ==
          R"({"x":{"keep":[1, 2]},"InvoiceNo":17,"CustomerID":17850,"MeioEnvio":"iOS 17","Description":"Pix não caiu","InvoiceDate":"2024-03-04T12:19:00Z","City":null,"Country":"Brasil","InvoiceNo2":"7"})");
    CHECK(run(n, R"({"InvoiceNo":5.0,"CustomerID":2,"MeioEnvio":"W","Description":"d","InvoiceDate":"2024-03-04 12:19"})") ==
          R"({"InvoiceNo":5,"CustomerID":2,"MeioEnvio":"W","Description":"d","InvoiceDate":"2024-03-04T12:19:00Z"})");
}

TEST_CASE("each schema problem is named with its field") {
    fb::FeedbackNormalizer n(fb::RecordRules{});
    auto with = [](const std::string& field, const std::string& value) {
        std::string s = kOk;
        size_t k = s.find("\"" + field + "\":");
        size_t v = k + field.size() + 3;
        size_t end = s.find_first_of(",}", s[v] == '"' ? s.find('"', v + 1) : v);
        return s.substr(0, v) + value + s.substr(end);
    };
    CHECK(run(n, with("InvoiceNo", "-5")) == "ERR InvoiceNo: must be greater than 0, got '-5'");
    CHECK(run(n, with("InvoiceNo", "0")) == "ERR InvoiceNo: must be greater than 0, got '0'");
    CHECK(run(n, with("InvoiceNo", "1.5")) == "ERR InvoiceNo: must be a whole number, got '1.5'");
    CHECK(run(n, with("InvoiceNo", "\"12a\"")) == "ERR InvoiceNo: must be a positive integer, got '\"12a\"'");
    CHECK(run(n, with("InvoiceNo", "\"-3\"")) == "ERR InvoiceNo: must be a positive integer, got '\"-3\"'");
    CHECK(run(n, with("InvoiceNo", "\"\"")) == "ERR InvoiceNo: must not be empty");
    CHECK(run(n, with("InvoiceNo", "99999999999999999999")).find("must be at most 9007199254740991") != std::string::npos);
    CHECK(run(n, with("InvoiceNo", "9007199254740992")).find("must be at most") != std::string::npos);
    CHECK(run(n, with("InvoiceNo", "true")) == "ERR InvoiceNo: must be an integer, got a boolean");
    CHECK(run(n, with("CustomerID", "null")) == "ERR CustomerID: must be an integer, got null");
    CHECK(run(n, with("MeioEnvio", "7")) == "ERR MeioEnvio: must be a string, got a number");
    CHECK(run(n, with("MeioEnvio", "\"  \"")) == "ERR MeioEnvio: must not be blank");
    CHECK(run(n, with("Description", "\"\"")) == "ERR Description: must not be empty");
    CHECK(run(n, with("Description", "[\"a\"]")) == "ERR Description: must be a string, got an array");
    CHECK(run(n, with("Description", "\"" + std::string(4097, 'a') + "\"")) ==
          "ERR Description: must have at most 4096 characters, got 4097");
    std::string accents;
    for (int i = 0; i < 4096; ++i) accents += "é";
    CHECK(run(n, with("Description", "\"" + accents + "\"")).rfind("ERR", 0) != 0);
    CHECK(run(n, with("InvoiceDate", "\"31-02-2024 10:00\"")) ==
          "ERR InvoiceDate: unparseable '31-02-2024 10:00': day 31 does not exist in 2024-02");
    CHECK(run(n, with("InvoiceDate", "1709554740")) == "ERR InvoiceDate: must be a date string, got a number");
    CHECK(run(n, R"({"InvoiceNo":1})") ==
          "ERR CustomerID: required field missing; MeioEnvio: required field missing; Description: required field "
          "missing; InvoiceDate: required field missing");
    CHECK(run(n, with("City", "5").empty() ? "" : kOk.substr(0, kOk.size() - 1) + R"(,"City":5})") ==
          "ERR City: must be a string, got a number");
}

TEST_CASE("JSON errors win over schema errors and are reported as such") {
    fb::FeedbackNormalizer n(fb::RecordRules{});
    fb::FeedbackNormalizer::Outcome o;
    CHECK(run(n, R"({"InvoiceNo":1,"InvoiceNo":2})", &o) == "ERR duplicate key 'InvoiceNo'");
    CHECK(o == fb::FeedbackNormalizer::Outcome::invalid_json);
    CHECK(run(n, kOk.substr(0, 40), &o).find("invalid JSON") != std::string::npos);
    CHECK(run(n, R"({"InvoiceNo":{"a":tru}})", &o).rfind("ERR invalid JSON", 0) == 0);
}

TEST_CASE("surrounding JSON whitespace (an HTTP body's newline) is not copied into the record") {
    fb::FeedbackNormalizer n(fb::RecordRules{});
    CHECK(run(n, " \r\n" + kOk + "\r\n\t ") == kOk);
}

TEST_CASE("trimming, zero-padded ids, huge whole numbers, dates with blanks") {
    fb::FeedbackNormalizer n(fb::RecordRules{});
    CHECK(run(n, R"({"InvoiceNo":"00000000000000001","CustomerID":1e300,"MeioEnvio":"W","Description":"d","InvoiceDate":"2024-03-04 12:19"})") ==
          "ERR CustomerID: must be at most 9007199254740991, got '1e300'");
    CHECK(run(n, "{\"InvoiceNo\":\"00000000000000001\",\"CustomerID\":1,\"MeioEnvio\":\"\\u00a0 Web \\u00a0\",\"Description\":\"d\",\"InvoiceDate\":\"2024-03-04 12:19:00\\n\"}") ==
          R"({"InvoiceNo":1,"CustomerID":1,"MeioEnvio":"Web","Description":"d","InvoiceDate":"2024-03-04T12:19:00Z"})");
    CHECK(run(n, R"({"InvoiceNo":1,"CustomerID":1,"MeioEnvio":"W","Description":"d","InvoiceDate":"ontem\nà noite"})") ==
          "ERR InvoiceDate: unparseable 'ontem\\nà noite': unknown date format (expected dd-mm-yyyy HH:MM:SS, yyyy-mm-dd HH:MM:SS or RFC 3339)");
}
