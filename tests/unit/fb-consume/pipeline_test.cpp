// fb-consume's batch runner: the statuses of every stage, and the decision they lead to.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "group.h"

using consume::batch_status;
using consume::run_pipeline;

TEST_CASE("batch_status: 0 and 65 finish a batch, anything else fails it", "[consume]") {
    CHECK(batch_status("0") == 0);
    CHECK(batch_status("0 0 0") == 0);
    CHECK(batch_status("0 65 0") == 65);
    CHECK(batch_status("65 65") == 65);
    // A killed middle stage makes the next one see a cut line (65): the kill decides.
    CHECK(batch_status("0 137 65") == 137);
    CHECK(batch_status("65 69 0") == 69);
    CHECK(batch_status("0 1") == 1);
    CHECK(batch_status("") == 70);
}

namespace {
std::string temp_path(const char* name) {
    return std::string(P_tmpdir) + "/fbkit-consume-" + std::to_string(getpid()) + "-" + name;
}
std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST_CASE("run_pipeline feeds the batch and reports each stage", "[consume]") {
    signal(SIGPIPE, SIG_IGN);  // as fb-consume does
    std::string statuses, error;
    std::string out = temp_path("out");
    REQUIRE(run_pipeline("wc -l | tr -d ' ' > " + out, "a\nb\nc\n", {}, statuses, error));
    CHECK(statuses == "0 0");
    CHECK(slurp(out) == "3\n");

    REQUIRE(run_pipeline("cat > /dev/null | (exit 65) | cat", "x\n", {}, statuses, error));
    CHECK(statuses == "0 65 0");
    CHECK(batch_status(statuses) == 65);

    REQUIRE(run_pipeline("echo \"$FBKIT_KAFKA_BATCH\" > " + out, "", {"FBKIT_KAFKA_BATCH=t-3-120"}, statuses, error));
    CHECK(slurp(out) == "t-3-120\n");
    std::remove(out.c_str());
}

TEST_CASE("run_pipeline: a shell that dies early reports its own status", "[consume]") {
    signal(SIGPIPE, SIG_IGN);
    std::string statuses, error;
    REQUIRE(run_pipeline("exit 69", "ignored\n", {}, statuses, error));
    CHECK(statuses == "69");
    REQUIRE(run_pipeline("kill -9 $$", std::string(1 << 20, 'x'), {}, statuses, error));
    CHECK(statuses == "137");
    CHECK(batch_status(statuses) == 137);
    // A pipeline that reads nothing: the batch it did not take is no error of the runner.
    REQUIRE(run_pipeline("true", std::string(1 << 20, 'x'), {}, statuses, error));
    CHECK(statuses == "0");
}
