// fb-ingest: validate and normalise customer feedback. Reads NDJSON or CSV (files or stdin), or
// serves the old FastAPI endpoint with --listen; writes canonical NDJSON records to stdout.

#include "fb/cli.h"
#include "fb/dates.h"
#include "ingest.h"

namespace {

const char* kDescription = R"(Validate and normalise customer feedback records (replaces the FastAPI + Pydantic endpoint).

Each input record must have InvoiceNo and CustomerID (positive integers; digit strings such as
"17850" are accepted and written as numbers), MeioEnvio (non-empty string), Description (1..4096
characters after trimming) and InvoiceDate (dd-mm-yyyy HH:MM:SS, yyyy-mm-dd HH:MM:SS or RFC 3339;
written as RFC 3339 UTC). City and Country are optional strings. Any other field passes through
unchanged. Bad records go to the rejects stream with their line number and reason; the run goes
on. The whole line is validated as JSON, unknown fields included.)";

const char* kExamples = R"(
Examples:
  fb-gen --count 1000 | fb-ingest > feedback.ndjson
  fb-ingest --rejects bad.ndjson --stats - old-export.csv > feedback.ndjson
  fb-ingest --tz America/Sao_Paulo --dedupe -i raw.ndjson -o clean.ndjson
  fb-ingest --listen 127.0.0.1:8000 --token "$TOKEN" | kcat -P -b localhost:9092 -t ingestion-topic
  curl -H 'Content-Type: application/json' -d @one.json http://127.0.0.1:8000/invoiceitem

HTTP mode (--listen):
  POST /invoiceitem   one JSON object: 201 + the normalised record, 422 + {"detail":[...]} (FastAPI
                      style), 401 without the bearer token, 413 over --max-body, 409 duplicate
  POST /invoiceitems  NDJSON body: 200 + {"accepted":N,"rejected":N,"results":[{"line":1,"status":201},...]}
  GET  /healthz       200 {"status":"ok",...}
  SIGTERM/SIGINT stop accepting, finish requests in flight, flush stdout and exit 0.

Environment:
  FB_INGEST_TOKEN     bearer token for --listen (same as --token)
  FB_TZ               time zone for dates without one (same as --tz; default UTC)

Exit status: 0 ok, 64 usage, 65 records rejected (beyond --max-rejects), 66 input missing,
69 cannot listen, 74 I/O error, 78 bad configuration. See fb-ingest(1).
)";

}  // namespace

int main(int argc, char** argv) {
    ingest::Options opt;
    CLI::App app(kDescription, "fb-ingest");
    fb::add_common_options(app, opt.common);
    app.add_option("--format", opt.format, "Input format: auto (by file extension), ndjson, csv")
        ->check(CLI::IsMember({"auto", "ndjson", "csv"}))
        ->capture_default_str();
    app.add_option("--csv-sep", opt.csv_sep, "CSV separator (default: guessed from the header, ',' or ';')");
    app.add_option("--tz", opt.tz, "Time zone for dates without one: UTC, -03:00, America/Sao_Paulo")
        ->envname("FB_TZ")
        ->capture_default_str();
    app.add_flag("--dedupe", opt.dedupe, "Drop records whose InvoiceNo was already seen in this run (counted as filtered)");
    app.add_option("--listen", opt.listen, "Serve HTTP on HOST:PORT instead of reading input (port 0: any free port)")
        ->type_name("HOST:PORT");
    app.add_option("--token", opt.token, "Require 'Authorization: Bearer TOKEN' in HTTP mode")->envname("FB_INGEST_TOKEN");
    app.add_option("--max-body", opt.max_body, "Largest HTTP request body in bytes (413 above)")->capture_default_str();
    app.add_option("--threads", opt.threads, "HTTP event-loop threads; each serves any number of connections")->check(CLI::Range(1, 64))->capture_default_str();
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    // A server answers each bad request with 422 itself: rejections are not a failed run there.
    if (!opt.listen.empty()) opt.common.max_rejects = UINT64_MAX;
    fb::ToolRun run("fb-ingest", opt.common);
    auto tz = fb::TimeZone::load(opt.tz);
    if (!tz.ok()) return run.finish(tz.status());
    fb::RecordRules rules{*tz};
    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);
    if (!opt.listen.empty() && !opt.common.inputs.empty())
        return run.finish(fb::Status::Usage("--listen reads no input files"));
    fb::Status work = opt.listen.empty() ? ingest::run_stream(opt, rules, run) : ingest::run_server(opt, rules, run);
    return run.finish(work);
}
