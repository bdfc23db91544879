// fb-consume's batch runner: the statuses of every stage, and the decision they lead to.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "group.h"

using consume::batch_status;
using consume::PipelineRun;

namespace {
// run_pipeline without a stop condition; the statuses, or "unread N" when input was left.
std::string run(const std::string& pipeline, const std::string& input, const std::vector<std::string>& env = {}) {
    PipelineRun ran;
    std::string error;
    REQUIRE(consume::run_pipeline(pipeline, input, env, nullptr, ran, error));
    return ran.unread ? "unread " + std::to_string(ran.unread) : ran.statuses;
}
}  // namespace

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
    std::string out = temp_path("out");
    CHECK(run("wc -l | tr -d ' ' > " + out, "a\nb\nc\n") == "0 0");
    CHECK(slurp(out) == "3\n");
    CHECK(run("cat > /dev/null | (exit 65) | cat", "x\n") == "0 65 0");
    CHECK(run("cat > /dev/null; echo \"$FBKIT_KAFKA_BATCH\" > " + out, "", {"FBKIT_KAFKA_BATCH=t-3-120"}) == "0");
    CHECK(slurp(out) == "t-3-120\n");
    std::remove(out.c_str());
}

TEST_CASE("run_pipeline: a shell that dies early reports its own status", "[consume]") {
    signal(SIGPIPE, SIG_IGN);
    CHECK(run("exit 69", "ignored\n").substr(0, 7) == "unread ");  // 69 and input left: both count
    PipelineRun ran;
    std::string error;
    REQUIRE(consume::run_pipeline("kill -9 $$", std::string(1 << 20, 'x'), {}, nullptr, ran, error));
    CHECK(ran.statuses == "137");
    CHECK(batch_status(ran.statuses) == 137);
}

TEST_CASE("run_pipeline: input the pipeline did not read is counted", "[consume]") {
    signal(SIGPIPE, SIG_IGN);
    // Nothing read at all, a little (in the pipe buffer), a lot (more than the buffer holds).
    CHECK(run("true", "abc\n") == "unread 4");
    CHECK(run("head -c 2 >/dev/null", "abcdef\n") == "unread 5");
    CHECK(run("true", std::string(1 << 20, 'x')) == "unread " + std::to_string(1 << 20));
    CHECK(run("cat >/dev/null", std::string(1 << 20, 'x')) == "0");
}

TEST_CASE("run_pipeline: a stage left in the background does not hold the batch", "[consume]") {
    signal(SIGPIPE, SIG_IGN);
    auto t0 = std::chrono::steady_clock::now();
    CHECK(run("(sleep 3 >/dev/null 2>&1 &); cat >/dev/null", "x\n") == "0");
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2));
}

TEST_CASE("run_pipeline: stop ends the pipeline's process group", "[consume]") {
    signal(SIGPIPE, SIG_IGN);
    PipelineRun ran;
    std::string error;
    auto t0 = std::chrono::steady_clock::now();
    auto stop = [&] { return std::chrono::steady_clock::now() - t0 > std::chrono::milliseconds(300); };
    REQUIRE(consume::run_pipeline("cat >/dev/null; sleep 30 | cat", "x\n", {}, stop, ran, error));
    CHECK(ran.stopped);
    CHECK(batch_status(ran.statuses) == 143);
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
}
