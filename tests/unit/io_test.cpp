#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "fb/csv.h"
#include "fb/env.h"
#include "fb/line_reader.h"
#include "fb/rng.h"
#include "fb/table.h"

static std::vector<std::string> read_all(fb::LineReader& r) {
    std::vector<std::string> out;
    fb::Line l;
    while (r.next(l)) {
        std::string s = std::to_string(l.number);
        if (l.too_long) s.append("!").append(std::to_string(l.length));
        else s.append(":");
        out.push_back(s.append(l.text));
    }
    return out;
}

static std::vector<std::string> lines_of(std::string_view text, size_t max = 1 << 20) {
    fb::LineReader r;
    r.open_memory(text, "mem", max);
    return read_all(r);
}

static std::string temp_file(const std::string& name, const std::string& text) {
    std::string path = "/tmp/fb-io-test-" + std::to_string(getpid()) + "-" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

TEST_CASE("lines: CRLF, BOM, blank lines, last line without newline") {
    auto v = lines_of("\xEF\xBB\xBF{\"a\":1}\r\n\n  \r\n{\"b\":2}");
    REQUIRE(v.size() == 4);
    CHECK(v[0] == "1:{\"a\":1}");
    CHECK(v[1] == "2:");
    CHECK(v[2] == "3:  ");
    CHECK(v[3] == "4:{\"b\":2}");
}

TEST_CASE("lines: an over-long line is cut and flagged, the next is intact") {
    std::string text = std::string(100, 'x') + "\nshort\n";
    auto v = lines_of(text, 10);
    REQUIRE(v.size() == 2);
    CHECK(v[0].rfind("1!", 0) == 0);
    CHECK(v[1] == "2:short");
}

TEST_CASE("lines: a mapped file (1 MiB or more) gives the same lines as reading it") {
    // BOM, CRLF, blank lines, over-long lines in the middle and at the end without a newline;
    // sizes that end exactly on a page, so the last line's padding is the zero page after it.
    std::string body = "\xEF\xBB\xBF{\"first\":1}\r\n\n";
    for (int i = 0; body.size() < (1 << 20) + 5000; ++i) {
        body += "{\"i\":" + std::to_string(i) + ",\"pad\":\"" + std::string(static_cast<size_t>(i % 300), 'p') + "\"}";
        body += i % 7 == 0 ? "\r\n" : "\n";
        if (i == 1000) body += std::string(5000, 'L') + "\n";
    }
    for (std::string tail : {std::string("{\"last\":true}"), std::string(3000, 'T')}) {
        for (size_t size : {body.size() + tail.size(), size_t{2} << 20, (size_t{2} << 20) - 1}) {
            std::string text = body + tail;
            text.resize(size, 'z');  // the last line runs to the very end of the file
            INFO("size " << size << ", tail " << tail.size());
            std::string path = temp_file("mapped", text);
            fb::LineReader r;
            REQUIRE(r.open(path, 2000).ok());
            CHECK(r.mapped());
            auto mapped = read_all(r);
            CHECK(r.status().ok());
            CHECK(mapped == lines_of(text, 2000));
            CHECK(mapped.front() == "1:{\"first\":1}");
            std::remove(path.c_str());
        }
    }
}

TEST_CASE("lines: a redirected stdin is mapped only from its start, and left consumed") {
    std::string text;
    for (int i = 0; text.size() < (3 << 20) / 2; ++i) text += "line " + std::to_string(i) + "\n";
    std::string path = temp_file("stdin", text);
    int saved = ::dup(STDIN_FILENO);
    for (off_t start : {off_t{0}, off_t{7}}) {  // "line 0\n" is 7 bytes: a shell read it already
        int fd = ::open(path.c_str(), O_RDONLY);
        REQUIRE(fd >= 0);
        ::lseek(fd, start, SEEK_SET);
        ::dup2(fd, STDIN_FILENO);
        ::close(fd);
        {
            fb::LineReader r;
            REQUIRE(r.open("-").ok());
            CHECK(r.mapped() == (start == 0));
            auto lines = read_all(r);
            CHECK(lines.front() == (start == 0 ? "1:line 0" : "1:line 1"));
            CHECK(lines.size() == lines_of(text).size() - (start == 0 ? 0 : 1));
        }
        CHECK(::lseek(STDIN_FILENO, 0, SEEK_CUR) == static_cast<off_t>(text.size()));
    }
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    std::remove(path.c_str());
}

TEST_CASE("table: cells, NULLs, a column added after rows, and loading CSV and NDJSON files") {
    fb::Table t;
    t.columns = {"id", "name"};
    REQUIRE(t.add_row({"1", "Ana"}).ok());
    REQUIRE(t.add_row({"2", std::nullopt}).ok());
    REQUIRE(t.add_row({"3"}).ok());  // short rows are padded with NULL
    CHECK_FALSE(t.add_row({"4", "x", "too many"}).ok());
    CHECK(t.rows() == 3);
    CHECK(t.add_column("Cidade") == 2);
    REQUIRE(t.add_row({"5", "Bia", "Recife"}).ok());
    CHECK(t.rows() == 4);
    CHECK(t.cell(0, 1) == "Ana");
    CHECK_FALSE(t.cell(1, 1));
    CHECK_FALSE(t.cell(2, 1));
    CHECK_FALSE(t.cell(0, 2));
    CHECK(t.cell(3, 2) == "Recife");
    CHECK(t.column("cidade") == 2);
    CHECK(t.column("missing") == -1);

    std::string csv = temp_file("t.csv", " CustomerID ;nome;cidade\n10;\"Silva; Ana\";\n11;\"Duas\nLinhas\";Natal\n");
    auto c = fb::load_table_file(csv);
    REQUIRE(c.ok());
    CHECK(c->columns == std::vector<std::string>{"CustomerID", "nome", "cidade"});
    REQUIRE(c->rows() == 2);
    CHECK(c->cell(0, 1) == "Silva; Ana");
    CHECK_FALSE(c->cell(0, 2));  // an empty cell is NULL
    CHECK(c->cell(1, 1) == "Duas\nLinhas");
    CHECK(c->where(1) == csv + ":3");

    std::string nd = temp_file("t.ndjson", "{\"id\":1,\"lat\":-23.5}\n\n{\"id\":2,\"name\":\"B\\u00e1\",\"tags\":[1, 2],\"lat\":null}\n");
    auto n = fb::load_table_file(nd);
    REQUIRE(n.ok());
    CHECK(n->columns == std::vector<std::string>{"id", "lat", "name", "tags"});
    REQUIRE(n->rows() == 2);
    CHECK(n->cell(0, 1) == "-23.5");
    CHECK_FALSE(n->cell(0, 2));  // the key came later: NULL in the rows before
    CHECK(n->cell(1, 2) == "Bá");
    CHECK(n->cell(1, 3) == "[1, 2]");
    CHECK_FALSE(n->cell(1, 1));
    CHECK(n->where(1) == nd + ":3");

    std::string bad = temp_file("bad.csv", "a,b\n1,2\n3\n");
    auto b = fb::load_table_file(bad);
    REQUIRE_FALSE(b.ok());
    CHECK(b.status().message().find(bad + ":3: bad CSV row: expected 2 fields, got 1") != std::string::npos);
    for (const auto& p : {csv, nd, bad}) std::remove(p.c_str());
}

TEST_CASE("lines: a missing file is 'no input'") {
    fb::LineReader r;
    auto s = r.open("/nonexistent/file.ndjson");
    CHECK(s.code() == fb::Exit::noinput);
}

TEST_CASE("CSV: quotes, doubled quotes, separators and line breaks inside quotes") {
    std::string text = "a;b;c\n1;\"x;y\";\"he said \"\"hi\"\"\"\n2;\"multi\nline\";\n";
    fb::LineReader r;
    r.open_memory(text, "mem");
    fb::CsvReader csv(r);
    std::vector<std::string_view> f;
    using V = std::vector<std::string_view>;
    uint64_t line;
    std::string err;
    std::string_view raw;
    REQUIRE(csv.next(f, line, err, raw));
    CHECK(csv.separator() == ';');
    CHECK(f == V{"a", "b", "c"});
    REQUIRE(csv.next(f, line, err, raw));
    CHECK(err.empty());
    CHECK(f == V{"1", "x;y", "he said \"hi\""});
    CHECK(raw == "1;\"x;y\";\"he said \"\"hi\"\"\"");
    REQUIRE(csv.next(f, line, err, raw));
    CHECK(line == 3);
    CHECK(f == V{"2", "multi\nline", ""});
    CHECK(raw == "2;\"multi\nline\";");
    CHECK_FALSE(csv.next(f, line, err, raw));
    std::string bad_err, unquoted;
    CHECK_FALSE(fb::split_csv_record("\"a\"b,c", ',', f, unquoted, bad_err));
    CHECK(fb::split_csv_record("\"\"\"\",\"x\"\"\",,\"\",y", ',', f, unquoted, bad_err));
    CHECK(f == V{"\"", "x\"", "", "", "y"});
    std::string out;
    fb::append_csv_field(out, "São \"Paulo\", SP");
    CHECK(out == "\"São \"\"Paulo\"\", SP\"");
}

TEST_CASE("secrets are masked in URIs") {
    CHECK(fb::mask_uri("postgresql://app:s3cret@db:5432/fb") == "postgresql://app:****@db:5432/fb");
    CHECK(fb::mask_uri("mongodb://u:p@h/") == "mongodb://u:****@h/");
    CHECK(fb::mask_uri("http://host:9200/x@y") == "http://host:9200/x@y");
    CHECK(fb::mask_uri("host=db password=hunter2 user=x") == "host=db password=**** user=x");
}

TEST_CASE("the generator is reproducible and uniform enough") {
    fb::Rng a(42), b(42), c(43);
    for (int i = 0; i < 100; ++i) REQUIRE(a.next() == b.next());
    CHECK(a.next() != c.next());
    fb::Rng r(1);
    int counts[4] = {};
    for (int i = 0; i < 40000; ++i) counts[r.below(4)]++;
    for (int k : counts) CHECK(std::abs(k - 10000) < 500);
}
