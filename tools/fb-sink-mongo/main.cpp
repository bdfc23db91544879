// fb-sink-mongo: store classified feedback in MongoDB with idempotent bulk upserts keyed by
// InvoiceNo (the old Spark writer's replaceDocument + upsert), several batches in flight.

#include <mongoc/mongoc.h>

#include <optional>

#include "fb/batches.h"
#include "fb/cli.h"
#include "fb/mongo_log.h"
#include "fb/sink.h"
#include "fb/tool_run.h"
#include "document.h"
#include "writer.h"

namespace {

const char* kDescription = R"(Store feedback records in MongoDB (replaces the Spark MongoDB writer).

Each record becomes one document, written in unordered bulk batches, several in flight. The default
mode replaces the whole document whose key (InvoiceNo) matches, inserting it when there is none, so
running the same input twice leaves the same documents. Types are the old data's: InvoiceDate a BSON
date, integers int32 (int64 when larger), latitude/longitude doubles; _fb is dropped unless
--keep-meta. Only what the server acknowledged is counted as written (and copied to stdout with
--passthrough); documents the server refuses go to the rejects stream with its message.)";

const char* kExamples = R"(
Examples:
  fb-sink-mongo < classified.ndjson                                     # MONGODB_URI, db fbkit, criticidade
  fb-sink-mongo --uri mongodb://user:pw@db:27017/ --db feedback --ensure-index --stats - < in.ndjson
  fb-classify ... | fb-sink-mongo --passthrough | fb-sink-es --passthrough | fb-analyze
  fb-sink-mongo --mode insert --collection invoices --key InvoiceNo < raw.ndjson
  fb-sink-mongo --mode merge --geo --write-concern majority < enriched.ndjson
  kcat -C -b "$KAFKA_BROKERS" -t classified -e -q | fb-sink-mongo --batch-size 5000 --in-flight 8

Modes (--mode):
  upsert   replace the whole document with the key, insert when missing (default; idempotent)
  replace  replace existing documents only (no insert)
  insert   insert; a key already present is a per-document error (with --ensure-index)
  merge    $set the record's fields on the document with the key, insert when missing

Delivery: a batch that fails as a whole with a transient error (network, server restarting,
primary stepping down, timeouts) is retried with backoff for up to --retry-for seconds, then the
server counts as unavailable: its records go to the rejects stream and the exit status is 69.

Environment:
  MONGODB_URI         connection string (default mongodb://127.0.0.1:27017/); --uri wins

Exit status: 0 ok, 64 usage, 65 records rejected (beyond --max-rejects), 66 input missing,
69 server unreachable or authentication refused, 74 I/O error, 78 bad URI or index creation
refused. See fb-sink-mongo(1).
)";

struct Options {
    fb::CommonOptions common;
    sinkmongo::WriterOptions writer;
    std::string mode = "upsert";
    bool keep_meta = false;
    bool passthrough = false;
    size_t batch_size = 1000;
    size_t batch_bytes = 8 << 20;
    double retry_for = 60;
};

using Pipeline = fb::BatchPipeline<sinkmongo::BsonBatch>;

}  // namespace

int main(int argc, char** argv) {
    Options o;
    o.common.max_line_bytes = 32 << 20;  // past MongoDB's 16 MiB, so a large document is refused with its size
    o.writer.uri = "mongodb://127.0.0.1:27017/";
    CLI::App app(kDescription, "fb-sink-mongo");
    fb::add_common_options(app, o.common);
    app.add_option("--uri", o.writer.uri, "MongoDB connection string")->envname("MONGODB_URI")->capture_default_str();
    app.add_option("--db", o.writer.db, "Database")->capture_default_str();
    app.add_option("--collection", o.writer.collection, "Collection")->capture_default_str();
    app.add_option("--key", o.writer.key, "Field that identifies a document (upsert filter)")->capture_default_str();
    app.add_option("--mode", o.mode, "upsert, replace, insert or merge")
        ->check(CLI::IsMember({"upsert", "replace", "insert", "merge"}))
        ->capture_default_str();
    app.add_option("--batch-size", o.batch_size, "Documents per bulk write")->check(CLI::Range(1, 100000))->capture_default_str();
    app.add_option("--batch-bytes", o.batch_bytes, "Largest bulk write in BSON bytes")->capture_default_str();
    app.add_option("--in-flight", o.writer.workers, "Bulk writes in flight at once")->check(CLI::Range(1, 64))->capture_default_str();
    app.add_flag("--ordered", o.writer.ordered, "Ordered bulk writes (stop a batch at its first failing document)");
    app.add_option("--write-concern", o.writer.write_concern, "w: 'majority' or a number of nodes >= 1 (default: the server's)")
        ->check([](const std::string& v) -> std::string {
            if (v == "majority") return "";
            if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 4 && std::stoi(v) >= 1) return "";
            return "must be 'majority' or a number >= 1 (w=0 would leave nothing acknowledged)";
        });
    app.add_flag("--ensure-index", o.writer.ensure_index, "Create a unique index on --key first");
    app.add_flag("--geo", o.writer.geo, "Add a GeoJSON location point from latitude/longitude, with a 2dsphere index");
    app.add_flag("--keep-meta", o.keep_meta, "Store the _fb metadata too");
    app.add_flag("--passthrough", o.passthrough, "Copy each acknowledged input line to stdout (to chain sinks)");
    app.add_option("--retry-for", o.retry_for, "Seconds to keep retrying a server that is down before giving up (69)")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    o.writer.mode = o.mode == "insert"    ? sinkmongo::Mode::insert
                  : o.mode == "replace" ? sinkmongo::Mode::replace
                  : o.mode == "merge"   ? sinkmongo::Mode::merge
                                        : sinkmongo::Mode::upsert;
    o.writer.retry.give_up_seconds = o.retry_for;
    fb::ToolRun run("fb-sink-mongo", o.common);
    mongoc_init();
    fb::route_mongoc_log(run.reporter);
    int code = 0;
    {
        sinkmongo::Writer writer(o.writer);
        if (fb::Status s = writer.open(); !s.ok()) {
            code = run.finish(s);
        } else if (fb::Status s = run.open(); !s.ok()) {
            code = run.finish(s);
        } else {
            fb::SinkAccounting sink(run, o.passthrough, "MongoDB refused the document: ");
            Pipeline pipeline(
                o.writer.workers, [&](Pipeline::Batch& b, int) { writer.deliver(b.records, b.payload); },
                [&](Pipeline::Batch& b) { sink.done(b.records); });
            sinkmongo::DocumentBuilder builder({o.writer.key, o.keep_meta, o.writer.geo});
            fb::Status work = fb::run_sink(
                run, sink, pipeline, o.batch_size, o.batch_bytes,
                [&](std::string_view line, sinkmongo::BsonBatch& payload, size_t& bytes, std::string& error) {
                    bson_t* doc = bson_new();
                    bson_t* filter = bson_new();
                    if (!builder.build(line, doc, filter)) {
                        bson_destroy(doc);
                        bson_destroy(filter);
                        error = builder.error();
                        return false;
                    }
                    payload.entries.push_back({doc, filter});
                    bytes += doc->len;
                    return true;
                });
            const auto& c = writer.counts();
            for (const auto& [key, value] :
                 {std::pair<const char*, int64_t>{"batches", c.batches}, {"retries", c.retries}, {"inserted", c.inserted},
                  {"upserted", c.upserted}, {"matched", c.matched}, {"modified", c.modified}})
                run.stats.add(key, value);
            code = run.finish(work);
        }
    }
    mongoc_cleanup();
    return code;
}
