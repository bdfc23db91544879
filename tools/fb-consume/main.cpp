// fb-consume: a Kafka consumer-group member that runs an fbkit pipeline batch by batch and commits
// the group's offsets only after every stage of the pipeline finished the batch. N copies with the
// same --group share the topic's partitions, and the group rebalances when one stops or dies.

#include <signal.h>

#include "fb/cli.h"
#include "group.h"

namespace {

const char* kDescription = R"(Consume Kafka topics as a member of a consumer group and feed them, batch by batch, to an fbkit pipeline.

Each batch (up to --batch messages, or what arrived within --linger seconds) is written, one
message per line, to the standard input of PIPELINE, run by `bash -c`. When every stage of the
pipeline exits 0 or 65 (65: some records rejected, into the rejects files the pipeline names),
the batch's offsets are committed to the group. Any other status of any stage (a stage killed, a
server down: 69) stops fb-consume with that status, without committing: the batch is read again
by whichever member owns its partitions next. End the pipeline in idempotent sinks (fb-sink-mongo
upsert, fb-sink-es with _id) and a batch that runs twice stores each record once.

Start N copies with the same --group, on one machine or many: Kafka gives each a share of the
partitions, and gives a stopped or crashed member's share to the others (after the broker's
session timeout for a crash, at once for a clean stop).)";

const char* kExamples = R"(
Examples:
  fb-consume -b kafka:9092 -t feedback -g fbkit -- \
    'fb-enrich --pg | fb-classify | fb-sink-mongo --passthrough | fb-sink-es > /dev/null'
  fb-consume -t feedback -g fbkit --until-empty --stats - -- 'fb-ingest | fb-sink-mongo'
  fb-consume -t feedback -g fbkit -X security.protocol=SASL_SSL -X sasl.mechanisms=PLAIN \
    -X sasl.username="$USER" -X sasl.password="$PASS" -- 'fb-classify | fb-sink-es'

The pipeline sees:
  FBKIT_KAFKA_GROUP     the group id
  FBKIT_KAFKA_OFFSETS   the batch's offsets, "topic/partition:first-last ..."
  FBKIT_KAFKA_BATCH     "topic-partition-firstoffset" of its first partition, to name per-batch
                        files: --rejects "rejects/$FBKIT_KAFKA_BATCH.ndjson"

Environment:
  KAFKA_BROKERS         bootstrap brokers (same as --brokers; default localhost:9092)

PIPELINE is one pipeline (stages joined by |): only the statuses of the last pipeline of a
script are seen, so keep `;` and `&&` out of it. Its first stage must read the whole batch: a
pipeline that ends without reading all of it is a failure (70), never committed.

Exit status: 0 read to the end (--until-empty); the failed stage's status (69 a server down,
74 I/O, 137 a stage killed...); 64 usage; 66 a topic does not exist; 69 no broker answers
within --connect-timeout, or a fatal Kafka error; 70 the pipeline did not read its batch;
71 the pipeline cannot be started; 78 a bad -X property; 130/143 stopped by SIGINT/SIGTERM
(the batch in progress finished and committed first, or stopped after --stop-timeout and not
committed). See fb-consume(1).
)";

}  // namespace

int main(int argc, char** argv) {
    consume::Options opt;
    fb::CommonOptions common;
    std::vector<std::string> properties, pipeline;
    CLI::App app(kDescription, "fb-consume");
    fb::CommonFlags flags;
    flags.inputs = flags.output = flags.rejects = flags.max_line = false;
    fb::add_common_options(app, common, flags);
    app.add_option("-b,--brokers", opt.brokers, "Bootstrap brokers, host:port[,host:port...]")
        ->envname("KAFKA_BROKERS")
        ->capture_default_str();
    app.add_option("-t,--topic", opt.topics, "Topic to consume (repeat for several)")->required()->type_name("NAME")->allow_extra_args(false);
    app.add_option("-g,--group", opt.group, "Consumer group id shared by the members")->required()->type_name("ID");
    app.add_option("-n,--batch", opt.batch, "Most messages in one batch")->check(CLI::Range(1, 10000000))->capture_default_str();
    app.add_option("--linger", opt.linger, "Seconds to let a batch fill before running it")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--from", opt.from, "Where a group with no committed offset starts")
        ->check(CLI::IsMember({"earliest", "latest"}))
        ->capture_default_str();
    app.add_flag("-e,--until-empty", opt.until_empty,
                 "Exit 0 once this member's partitions are read to their end and the group has committed the rest (cron, Airflow)");
    app.add_option("--connect-timeout", opt.connect_timeout, "Seconds with no broker answering before exit 69")
        ->check(CLI::Range(1.0, 86400.0))
        ->capture_default_str();
    app.add_option("--stop-timeout", opt.stop_timeout,
                   "Seconds the batch in progress gets to finish after SIGINT/SIGTERM before its pipeline is stopped")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    app.add_option("-X", properties, "librdkafka property KEY=VALUE (security.protocol, sasl.*, session.timeout.ms...)")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
    app.add_option("pipeline", pipeline, "The shell pipeline each batch is fed to (after --)")->required()->type_name("PIPELINE");
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    fb::Reporter reporter("fb-consume", common.quiet, common.progress);
    for (const auto& p : properties) {
        auto eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            reporter.error("", "-X wants KEY=VALUE, got '" + p + "'");
            return 64;
        }
        opt.properties.emplace_back(p.substr(0, eq), p.substr(eq + 1));
    }
    for (const auto& word : pipeline) opt.pipeline += (opt.pipeline.empty() ? "" : " ") + word;

    fb::install_signal_flag();
    signal(SIGPIPE, SIG_IGN);  // a pipeline that stops reading its batch is seen by its status
    fb::Stats stats("fb-consume");
    int code = consume::run(opt, reporter, stats);
    if (fb::Status s = stats.write(common.stats); !s.ok()) {
        reporter.error("", s.message());
        if (code == 0) code = s.exit_code();
    }
    if (code == 0 && !stats.reconciles()) {
        reporter.error("", "counters do not reconcile (read != written + filtered)");
        code = 70;
    }
    return code;
}
