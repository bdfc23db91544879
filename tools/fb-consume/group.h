#pragma once
// fb-consume's pieces: a Kafka consumer-group member (librdkafka) that collects batches of
// messages from the partitions the group gives it, and the runner that feeds each batch to a shell
// pipeline and decides from the status of every stage whether the batch is done. Offsets are
// committed to the group only after that, so a crash anywhere means the batch is read again.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fb/report.h"
#include "fb/stats.h"
#include "fb/status.h"

namespace consume {

struct Options {
    std::string brokers = "localhost:9092";
    std::vector<std::string> topics;
    std::string group;
    std::string pipeline;
    std::string from = "earliest";         // where a group with no committed offset starts
    size_t batch = 10000;                  // messages per batch at most
    double linger = 1.0;                   // seconds to wait for a batch to fill
    double connect_timeout = 30;           // seconds without any broker before giving up (69)
    double stop_timeout = 30;              // seconds the batch in progress gets after SIGINT/SIGTERM
    bool until_empty = false;              // exit once every assigned partition is read to its end and
                                           // the group has committed the topic's other partitions
    std::vector<std::pair<std::string, std::string>> properties;  // -X KEY=VALUE
    std::string stats_path;
};

// Runs the consumer until a signal, --until-empty, or a failed batch. Returns the process's exit
// status: 0 drained, the failed stage's status, 69 Kafka unreachable, 130/143 on a signal.
int run(const Options& opt, fb::Reporter& reporter, fb::Stats& stats);

// What became of one pipeline run.
struct PipelineRun {
    std::string statuses;  // every stage's exit status, "0 65 0" (bash's PIPESTATUS)
    size_t unread = 0;     // bytes of the input the pipeline did not read
    bool stopped = false;  // `stop` asked for it: its process group got SIGTERM (SIGKILL 5 s later)
};

// Runs `bash -c PIPELINE` in a process group of its own, with `input` on its stdin and `env`
// ("NAME=value") added to its environment; stdout and stderr are this process's. The statuses are
// written by the shell to an extra descriptor after the pipeline, or are the shell's own status when
// it died before that. `stop`, asked a few times a second while the pipeline runs, ends it by
// returning true. Returns false (with `error`) when the shell could not be started.
// The caller ignores SIGPIPE.
bool run_pipeline(const std::string& pipeline, std::string_view input, const std::vector<std::string>& env,
                  const std::function<bool()>& stop, PipelineRun& result, std::string& error);

// The outcome of one batch from the statuses of its pipeline's stages ("0 65 0"): 0 when all are
// 0, 65 when all are 0 or 65 (some records rejected: the batch is done), otherwise the first other
// status (a stage failed or was killed: the batch must run again). No statuses at all (the shell
// itself died) is 70.
int batch_status(const std::string& pipestatus);

}  // namespace consume
