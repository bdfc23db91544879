// fb-sink-es: index feedback records into Elasticsearch or OpenSearch with the _bulk API, _id from
// InvoiceNo so a rerun overwrites instead of duplicating; several requests in flight.

#include <filesystem>

#include "fb/batches.h"
#include "fb/cli.h"
#include "fb/sink.h"
#include "fb/tool_run.h"
#include "bulk_item.h"
#include "bulk_writer.h"

namespace {

const char* kDescription = R"(Index feedback records into Elasticsearch or OpenSearch (replaces the Spark Elasticsearch writer).

Records go to the _bulk API in batches (by count and bytes), several requests in flight. The _id is
the record's InvoiceNo, so running the same input twice leaves the same documents. Each source is
the record without _fb (unless --keep-meta), plus "location": {"lat", "lon"} from latitude and
longitude for a geo_point. Every item of every response is checked: only what the server accepted
is counted as written (and copied to stdout with --passthrough); items refused for good (mapping
conflicts, parse errors) go to the rejects stream with the server's reason; 429 and 5xx items are
retried with backoff.)";

const char* kExamples = R"(
Examples:
  fb-sink-es < classified.ndjson                                      # ELASTICSEARCH_URL, index feedback
  fb-sink-es --template examples/elasticsearch/feedback-template.json --stats - < classified.ndjson
  fb-sink-es --index 'feedback-{InvoiceDate:yyyy.MM}' --refresh wait_for < classified.ndjson
  fb-sink-es --index '<feedback-{now/d}>' --op create --gzip < classified.ndjson
  ES_API_KEY=... fb-sink-es --url https://es.example:9200 --cacert ca.pem < classified.ndjson
  fb-classify ... | fb-sink-mongo --passthrough | fb-sink-es --passthrough | fb-analyze

Operations (--op):
  index    create or replace the document with the _id (default; idempotent)
  create   only new _ids; an existing one is a per-record error (409 version conflict)
  update   merge the record's fields into the document, creating it when missing (doc_as_upsert)

Index names (--index): a name, Elasticsearch date math in <...>, or a pattern with a record's
field: {Field} (its value, lower-cased) or {Field:format} for a date field, format letters
yyyy, MM, dd, HH (e.g. feedback-{InvoiceDate:yyyy.MM} -> feedback-2024.03).

Environment:
  ELASTICSEARCH_URL   cluster URL (default http://127.0.0.1:9200); --url wins
  ES_USERNAME, ES_PASSWORD   HTTP basic authentication
  ES_API_KEY          API key (sent as 'Authorization: ApiKey ...')

Exit status: 0 ok, 64 usage, 65 records rejected (beyond --max-rejects), 66 input or template
missing, 69 cluster unreachable, red past --retry-for, or refusing authentication, 74 I/O error,
78 template or request refused. See fb-sink-es(1).
)";

struct Options {
    fb::CommonOptions common;
    sinkes::WriterOptions writer;
    std::string index = "feedback";
    std::string id_field = "InvoiceNo";
    std::string op = "index";
    std::string template_file, template_name;
    bool keep_meta = false;
    bool passthrough = false;
    size_t batch_size = 1000;
    size_t batch_bytes = 5 << 20;
    double retry_for = 60;
    double timeout = 60;
};

using Pipeline = fb::BatchPipeline<sinkes::BulkBatch>;

}  // namespace

int main(int argc, char** argv) {
    Options o;
    o.common.max_line_bytes = 100 << 20;  // a huge document is refused by the server, with its reason
    o.writer.url = "http://127.0.0.1:9200";
    CLI::App app(kDescription, "fb-sink-es");
    fb::add_common_options(app, o.common);
    app.add_option("--url", o.writer.url, "Cluster URL")->envname("ELASTICSEARCH_URL")->capture_default_str();
    app.add_option("--index", o.index, "Index name, <date math>, or pattern with {Field} / {Field:yyyy.MM}")
        ->capture_default_str();
    app.add_option("--id-field", o.id_field, "Field whose value is the document _id")->capture_default_str();
    app.add_option("--op", o.op, "index, create or update (doc_as_upsert)")
        ->check(CLI::IsMember({"index", "create", "update"}))
        ->capture_default_str();
    app.add_option("--batch-size", o.batch_size, "Documents per _bulk request")->check(CLI::Range(1, 100000))->capture_default_str();
    app.add_option("--batch-bytes", o.batch_bytes, "Largest _bulk request body in bytes")->capture_default_str();
    app.add_option("--in-flight", o.writer.workers, "_bulk requests in flight at once")->check(CLI::Range(1, 64))->capture_default_str();
    app.add_flag("--gzip", o.writer.gzip, "Compress request bodies (Content-Encoding: gzip)");
    app.add_option("--refresh", o.writer.refresh, "Refresh after each request: true, false or wait_for")
        ->check(CLI::IsMember({"true", "false", "wait_for"}));
    app.add_option("--template", o.template_file, "Install this index template (JSON) first")->type_name("FILE");
    app.add_option("--template-name", o.template_name, "Name of the template (default: the file name without .json)");
    app.add_flag("--keep-meta", o.keep_meta, "Index the _fb metadata too");
    app.add_flag("--passthrough", o.passthrough, "Copy each accepted input line to stdout (to chain sinks)");
    app.add_option("--retry-for", o.retry_for, "Seconds to keep retrying an unavailable cluster before giving up (69)")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    app.add_option("--timeout", o.timeout, "Seconds one request may take")->check(CLI::Range(0.1, 3600.0))->capture_default_str();
    app.add_option("--user", o.writer.security.username, "Basic authentication user")->envname("ES_USERNAME");
    app.add_option("--password", o.writer.security.password, "Basic authentication password (prefer ES_PASSWORD)")
        ->envname("ES_PASSWORD");
    app.add_option("--api-key", o.writer.api_key, "API key (prefer ES_API_KEY)")->envname("ES_API_KEY");
    app.add_option("--cacert", o.writer.security.ca_file, "CA certificates (PEM) to verify the cluster with")->type_name("FILE");
    app.add_option("--cert", o.writer.security.cert_file, "Client certificate (PEM)")->type_name("FILE");
    app.add_option("--key", o.writer.security.key_file, "Client certificate's key (PEM)")->type_name("FILE");
    app.add_flag("--insecure", o.writer.security.insecure, "Do not verify the cluster's TLS certificate");
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    fb::ToolRun run("fb-sink-es", o.common);
    auto pattern = sinkes::IndexPattern::parse(o.index);
    if (!pattern.ok()) return run.finish(pattern.status());
    if (!o.template_file.empty() && o.template_name.empty())
        o.template_name = std::filesystem::path(o.template_file).stem().string();
    o.writer.retry.give_up_seconds = o.retry_for;
    o.writer.timeout_ms = static_cast<long>(o.timeout * 1000);
    sinkes::BulkWriter writer(o.writer);
    if (fb::Status s = writer.open(o.template_file, o.template_name); !s.ok()) return run.finish(s);
    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);

    fb::SinkAccounting sink(run, o.passthrough, "Elasticsearch refused the document: ");
    Pipeline pipeline(
        o.writer.workers, [&](Pipeline::Batch& b, int worker) { writer.deliver(b.records, b.payload, worker); },
        [&](Pipeline::Batch& b) { sink.done(b.records); });
    sinkes::Op op = o.op == "create" ? sinkes::Op::create : o.op == "update" ? sinkes::Op::update : sinkes::Op::index;
    sinkes::ItemBuilder builder({*pattern, o.id_field, op, o.keep_meta});
    fb::Status work = fb::run_sink(run, sink, pipeline, o.batch_size, o.batch_bytes,
                                   [&](std::string_view line, sinkes::BulkBatch& payload, size_t& bytes, std::string& error) {
                                       size_t before = payload.text.size();
                                       if (!builder.build(line, payload.text)) {
                                           payload.text.resize(before);
                                           error = builder.error();
                                           return false;
                                       }
                                       payload.ends.push_back(payload.text.size());
                                       bytes = payload.text.size();
                                       return true;
                                   });
    const auto& c = writer.counts();
    for (const auto& [key, value] : {std::pair<const char*, int64_t>{"requests", c.requests},
                                     {"retried_requests", c.retried_requests},
                                     {"retried_items", c.retried_items},
                                     {"created", c.created},
                                     {"updated", c.updated}})
        run.stats.add(key, value);
    return run.finish(work);
}
