#include <catch2/catch.hpp>

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fb/line_workers.h"
#include "fb/options.h"
#include "fb/tool_run.h"

namespace {

std::string temp_path(const std::string& name) {
    return "/tmp/fb-line-workers-" + std::to_string(getpid()) + "-" + name;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Outcome {
    std::string out, rejects;
    uint64_t read, written, rejected, filtered, blank;
    std::vector<int> lines_per_thread;
};

// Each line "N kind": "keep" is written upper-cased, "skip" filtered, "bad" rejected.
Outcome run_with(int threads, const std::vector<std::string>& inputs, size_t max_line = 1 << 20) {
    fb::CommonOptions options;
    options.inputs = inputs;
    options.output = temp_path("out");
    options.rejects = temp_path("rejects");
    options.max_line_bytes = max_line;
    options.quiet = true;
    options.progress = 0;
    Outcome o;
    {
        fb::ToolRun run("fb-test", options);
        REQUIRE(run.open().ok());
        o.lines_per_thread.assign(static_cast<size_t>(threads), 0);
        std::vector<fb::LineWork> works;
        for (int t = 0; t < threads; ++t)
            works.emplace_back([&o, t](const fb::Line& line, fb::LineSink& sink) {
                ++o.lines_per_thread[static_cast<size_t>(t)];
                if (line.text.find("bad") != std::string_view::npos) {
                    sink.reject("bad at " + std::to_string(line.number));
                } else if (line.text.find("skip") != std::string_view::npos) {
                    sink.filter();
                } else {
                    for (char c : line.text) sink.buffer() += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                    sink.write();
                }
            });
        REQUIRE(fb::LineWorkers::run(run, works).ok());
        o.read = run.stats.read;
        o.written = run.stats.written;
        o.rejected = run.stats.rejected;
        o.filtered = run.stats.filtered;
        o.blank = run.stats.blank;
        CHECK(run.finish(fb::Status::Ok()) == 65);  // there are rejects and --max-rejects is 0
    }
    o.out = slurp(options.output);
    o.rejects = slurp(options.rejects);
    std::remove(options.output.c_str());
    std::remove(options.rejects.c_str());
    return o;
}

}  // namespace

TEST_CASE("line workers: the output and the rejects keep the input order with any number of threads") {
    // Several batches' worth over two files, with blank lines, over-long lines and every outcome.
    // With `pad` the first file passes 1 MiB, so LineReader maps it and the workers read the
    // lines where they are in the mapping instead of in copied batches.
    std::string pad = GENERATE(std::string(), std::string(100, '.'));
    INFO("line padding " << pad.size());
    std::string a = temp_path("a.ndjson"), b = temp_path("b.ndjson");
    {
        std::ofstream fa(a), fb_(b);
        for (int i = 1; i <= 3 * static_cast<int>(fb::LineWorkers::kBatchLines) + 17; ++i) {
            const char* kind = i % 97 == 0 ? "bad" : i % 13 == 0 ? "skip" : "keep";
            fa << i << ' ' << kind << pad << '\n';
            if (i % 1000 == 0) fa << "   \n";
            if (i % 5000 == 0) fa << std::string(300, 'x') << '\n';
        }
        fb_ << "first bad\nlast keep";  // no final newline
    }
    Outcome one = run_with(1, {a, b}, 200);
    CHECK(one.read == 3 * fb::LineWorkers::kBatchLines + 17 + 2 + 2);
    CHECK(one.blank == 12);
    CHECK(one.read == one.written + one.rejected + one.filtered);
    CHECK(one.rejected == 126 + 2 + 1);  // every 97th, the two over-long lines, "first bad"
    CHECK(one.out.rfind("1 KEEP" + pad + "\n2 KEEP" + pad + "\n", 0) == 0);  // '.' has no upper case
    CHECK(one.out.size() > 10);
    CHECK(one.out.substr(one.out.size() - 11) == "\nLAST KEEP\n");
    CHECK(one.rejects.find("\"line\":5006,\"error\":\"line of 300 bytes is longer than --max-line-bytes 200\"") !=
          std::string::npos);
    CHECK(one.rejects.find("\"file\":\"" + b + "\",\"line\":1,\"error\":\"bad at 1\"") != std::string::npos);
    for (int threads : {2, 3, 8}) {
        Outcome many = run_with(threads, {a, b}, 200);
        INFO("threads " << threads);
        CHECK(many.out == one.out);
        CHECK(many.rejects == one.rejects);
        CHECK(many.read == one.read);
        CHECK(many.written == one.written);
        CHECK(many.rejected == one.rejected);
        CHECK(many.filtered == one.filtered);
        CHECK(many.blank == one.blank);
        int busy = 0;
        for (int n : many.lines_per_thread) busy += n > 0;
        CHECK(busy >= 1);
    }
    std::remove(a.c_str());
    std::remove(b.c_str());
}

TEST_CASE("line workers: a missing input file is 'no input' after the inputs before it are written") {
    std::string a = temp_path("present.ndjson");
    {
        std::ofstream fa(a);
        fa << "one keep\n";
    }
    fb::CommonOptions options;
    options.inputs = {a, temp_path("absent.ndjson")};
    options.output = temp_path("out2");
    options.quiet = true;
    options.progress = 0;
    {
        fb::ToolRun run("fb-test", options);
        REQUIRE(run.open().ok());
        std::vector<fb::LineWork> works(2, [](const fb::Line& line, fb::LineSink& sink) {
            sink.buffer() += line.text;
            sink.write();
        });
        fb::Status s = fb::LineWorkers::run(run, works);
        CHECK(s.code() == fb::Exit::noinput);
        CHECK(run.stats.written == 1);
        run.finish(s);
    }
    CHECK(slurp(options.output) == "one keep\n");
    std::remove(a.c_str());
    std::remove(options.output.c_str());
}
