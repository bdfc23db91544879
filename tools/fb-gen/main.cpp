// fb-gen: realistic Brazilian-Portuguese bank feedback as NDJSON, or as HTTP POSTs to an ingest
// endpoint (replaces the Streamlit test-traffic bot).

#include <chrono>
#include <random>
#include <thread>

#include "customers.h"
#include "fb/cli.h"
#include "fb/dates.h"
#include "fb/http_client.h"
#include "fb/json_line.h"
#include "fb/tool_run.h"
#include "generator.h"
#include "sample.h"

namespace {

const char* kDescription = R"(Generate realistic customer feedback for a bank, in Brazilian Portuguese (replaces the Streamlit test-traffic bot).

Records carry InvoiceNo, CustomerID, MeioEnvio, Description, InvoiceDate, City and Country. Texts
are composed per category (the Agrupador list) and sentiment from templates with slots, with
weekday/hour patterns in the dates, so downstream analyses have something to find. The same
--seed and options give the same output, byte for byte.)";

const char* kExamples = R"(
Examples:
  fb-gen --count 5 --seed 7                        five records, reproducible
  fb-gen --count 1000000 --date-format iso > feedback.ndjson
  fb-gen --count 0 --rate 50 | fb-ingest | ...     an endless stream, 50 records/s
  fb-gen --year 2024 --month 3 --with-truth        March 2024, with _fb.truth labels
  fb-gen --customers examples/data/clientes.csv    customers from a table export
  fb-gen --pg --count 100                          customers from PostgreSQL table clientes
  fb-gen --post http://127.0.0.1:8000/invoiceitem --count 500 --concurrency 16 \
         -H "Authorization: Bearer $TOKEN"
  fb-gen --continue-from feedback.ndjson --count 100 >> feedback.ndjson
  fb-gen --write-tables examples/data              write the sample clientes/agencias CSVs

Environment:
  DATABASE_URL, PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD   PostgreSQL for --pg (libpq)

Exit status: 0 ok, 64 usage, 65 records refused by the --post server, 66 a file is missing,
69 the --post server or PostgreSQL unreachable, 74 I/O error, 78 bad configuration.
See fb-gen(1).
)";

struct Options {
    fb::CommonOptions common;
    uint64_t count = 100;
    double rate = 0;
    std::optional<uint64_t> seed;
    int64_t start_invoice = 1;
    std::string continue_from;
    std::string from = "2024-01-01", to = "2024-12-31";
    int year = 0, month = 0, day = 0;
    std::string channel, description;
    std::string date_format = "seed";
    bool with_truth = false;
    bool now = false;
    std::string customers_file;
    bool pg = false;
    std::string pg_query, pg_url;
    size_t sample_customers = 1000;
    std::string write_tables;
    std::string post;
    std::vector<std::string> headers;
    size_t concurrency = 8;
    long timeout_ms = 10000;
};

// The period from --from/--to or --year/--month/--day, as inclusive days since the epoch.
fb::Status resolve_period(const Options& o, fbgen::GenOptions& g) {
    if (o.year != 0) {
        if (o.month == 0 && o.day != 0) return fb::Status::Usage("--day needs --month");
        int m1 = o.month ? o.month : 1, m2 = o.month ? o.month : 12;
        if (m1 < 1 || m1 > 12) return fb::Status::Usage("--month must be 1..12");
        int d2 = fb::days_in_month(o.year, m2);
        if (o.day != 0 && (o.day < 1 || o.day > d2)) return fb::Status::Usage("--day does not exist in that month");
        g.first_day = fb::days_from_civil(o.year, m1, o.day ? o.day : 1);
        g.last_day = fb::days_from_civil(o.year, m2, o.day ? o.day : d2);
        return fb::Status::Ok();
    }
    if (o.month != 0 || o.day != 0) return fb::Status::Usage("--month and --day need --year");
    if (!fb::parse_day(o.from, g.first_day)) return fb::Status::Usage("--from wants YYYY-MM-DD, got '" + o.from + "'");
    if (!fb::parse_day(o.to, g.last_day)) return fb::Status::Usage("--to wants YYYY-MM-DD, got '" + o.to + "'");
    if (g.last_day < g.first_day) return fb::Status::Usage("--to is before --from");
    return fb::Status::Ok();
}

// The highest InvoiceNo in an NDJSON file (0 when it has none).
fb::Result<int64_t> highest_invoice(const std::string& path) {
    fb::LineReader lines;
    if (fb::Status s = lines.open(path, 64 << 20); !s.ok()) return s;
    fb::JsonLineParser parser;
    fb::Line line;
    std::string error;
    int64_t best = 0;
    while (lines.next(line)) {
        if (line.blank() || line.too_long) continue;
        parser.parse(line.text, [&](std::string_view key, simdjson::ondemand::value& v) -> simdjson::error_code {
            int64_t n;
            if (key == "InvoiceNo" && !v.get_int64().get(n)) best = std::max(best, n);
            return simdjson::SUCCESS;
        }, error);
    }
    if (!lines.status().ok()) return lines.status();
    return best;
}

// Sends records as POSTs, several in flight; failures are rejections, never silent.
class Poster {
public:
    Poster(const Options& o, fb::ToolRun& run)
        : run_(run), url_(o.post), headers_(o.headers), pool_(o.concurrency, o.timeout_ms, [this](const fb::HttpResponse& r) { done(r); }) {}

    void send(uint64_t n, std::string body) {
        pending_[n % kWindow] = body;
        fb::HttpRequest req;
        req.url = url_;
        req.body = std::move(body);
        req.headers = headers_;
        req.tag = n;
        pool_.submit(std::move(req));
    }
    void drain() { pool_.drain(); }
    bool unreachable() const { return unreachable_; }

private:
    static constexpr uint64_t kWindow = 4096;  // > any concurrency we allow
    void done(const fb::HttpResponse& r) {
        const std::string& body = pending_[r.tag % kWindow];
        if (r.status >= 200 && r.status < 300) {
            ++run_.stats.written;
            return;
        }
        if (r.status == 0) unreachable_ = true;
        run_.stats.add(r.status == 0 ? "post_errors" : "post_refused");
        std::string why = r.status == 0 ? "POST " + url_ + " failed: " + r.error
                                        : "POST " + url_ + " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300);
        run_.reject("generated", r.tag, why, body);
    }

    fb::ToolRun& run_;
    std::string url_;
    std::vector<std::string> headers_;
    std::vector<std::string> pending_ = std::vector<std::string>(kWindow);
    fb::HttpPool pool_;
    bool unreachable_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app(kDescription, "fb-gen");
    fb::add_common_options(app, o.common, {.inputs = false, .output = true, .rejects = true, .max_line = false});
    app.add_option("-n,--count", o.count, "Records to generate; 0 = endless")->capture_default_str();
    app.add_option("--rate", o.rate, "Records per second; 0 = as fast as possible")->capture_default_str();
    app.add_option("--seed", o.seed, "Random seed (default: a fresh one, printed in --stats)");
    app.add_option("--start-invoice", o.start_invoice, "First InvoiceNo")->capture_default_str();
    app.add_option("--continue-from", o.continue_from, "Start after the highest InvoiceNo found in this NDJSON file")
        ->type_name("FILE");
    app.add_option("--from", o.from, "First day of the period, YYYY-MM-DD")->capture_default_str();
    app.add_option("--to", o.to, "Last day of the period, YYYY-MM-DD")->capture_default_str();
    app.add_option("--year", o.year, "Period: a whole year (with --month: a month, with --day: a day)");
    app.add_option("--month", o.month, "Month 1..12 of --year");
    app.add_option("--day", o.day, "Day of --month");
    app.add_flag("--now", o.now, "Date every record with the current time (for live streams; not reproducible)");
    app.add_option("--channel", o.channel, "Fixed MeioEnvio instead of a realistic mix (iOS 17, Android 14, Web, ...)");
    app.add_option("--description", o.description, "Fixed Description instead of generated text");
    app.add_option("--date-format", o.date_format, "InvoiceDate as 'seed' (dd-mm-yyyy HH:MM:SS, as the old bot) or 'iso'")
        ->check(CLI::IsMember({"seed", "iso"}))
        ->capture_default_str();
    app.add_flag("--with-truth", o.with_truth, "Add _fb.truth: the intended Sentimento, Agrupador and SentimentRating");
    app.add_option("--customers", o.customers_file, "Customers from a CSV or NDJSON file (CustomerID, cidade)")
        ->type_name("FILE");
    app.add_flag("--pg", o.pg, "Customers from PostgreSQL (table clientes, or --pg-query)");
    app.add_option("--pg-query", o.pg_query, "SQL returning customers (needs a CustomerID column); implies --pg");
    app.add_option("--pg-url", o.pg_url, "PostgreSQL connection URI (default: DATABASE_URL or PG* variables)");
    app.add_option("--sample-customers", o.sample_customers, "Size of the built-in customer sample")->capture_default_str();
    app.add_option("--write-tables", o.write_tables, "Write the sample bank's clientes.csv and agencias.csv to DIR and exit")
        ->type_name("DIR");
    app.add_option("--post", o.post, "POST each record as JSON to URL instead of writing it")->type_name("URL");
    app.add_option("-H,--header", o.headers, "Extra HTTP header for --post, e.g. 'Authorization: Bearer TOKEN'")
        ->type_name("'NAME: VALUE'");
    app.add_option("--concurrency", o.concurrency, "POSTs in flight")->check(CLI::Range(1, 1024))->capture_default_str();
    app.add_option("--timeout-ms", o.timeout_ms, "Timeout of one POST")->capture_default_str();
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    fb::ToolRun run("fb-gen", o.common);
    if (!o.pg_query.empty() || !o.pg_url.empty()) o.pg = true;
    o.headers.insert(o.headers.begin(), "Content-Type: application/json");
    if (o.sample_customers == 0) return run.finish(fb::Status::Usage("--sample-customers must be at least 1"));
    fbgen::SampleBank bank = fbgen::make_sample_bank(o.sample_customers);
    if (!o.write_tables.empty()) return run.finish(fbgen::write_tables(bank, o.write_tables));

    fbgen::GenOptions g;
    if (fb::Status s = resolve_period(o, g); !s.ok()) return run.finish(s);
    g.seed = o.seed ? *o.seed : std::random_device{}();
    g.first_invoice = o.start_invoice;
    if (!o.continue_from.empty()) {
        auto high = highest_invoice(o.continue_from);
        if (!high.ok()) return run.finish(high.status());
        g.first_invoice = *high + 1;
    }
    if (g.first_invoice <= 0) return run.finish(fb::Status::Usage("--start-invoice must be positive"));
    g.channel = o.channel;
    g.description = o.description;
    g.iso_dates = o.date_format == "iso";
    g.with_truth = o.with_truth;
    g.now = o.now;

    std::vector<fbgen::Customer> loaded;
    if (!o.customers_file.empty()) {
        auto r = fbgen::load_customers_file(o.customers_file);
        if (!r.ok()) return run.finish(r.status());
        loaded = std::move(*r);
    } else if (o.pg) {
        auto r = fbgen::load_customers_pg(o.pg_url, o.pg_query);
        if (!r.ok()) return run.finish(r.status());
        loaded = std::move(*r);
    }
    std::span<const fbgen::Customer> customers = loaded.empty() ? std::span<const fbgen::Customer>(bank.customers) : loaded;

    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);
    run.stats.add("seed", static_cast<int64_t>(g.seed));
    run.stats.add("customers", static_cast<int64_t>(customers.size()));

    fbgen::Generator gen(g, customers);
    std::optional<Poster> poster;
    if (!o.post.empty()) poster.emplace(o, run);
    std::string record;
    auto start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; o.count == 0 || i < o.count; ++i) {
        if (o.rate > 0) {
            auto due = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(i / o.rate));
            std::this_thread::sleep_until(due);
            if (!poster) run.out.flush();  // a paced stream should arrive as it is made
        }
        record.clear();
        gen.next(record);
        ++run.stats.read;
        if (poster) {
            poster->send(run.stats.read, record);
        } else {
            run.out.line(record);
            ++run.stats.written;
        }
        run.reporter.tick(run.stats.read, o.count);
        if (run.out.closed() || run.out.failed() || fb::pending_signal()) break;
    }
    if (poster) {
        poster->drain();
        if (poster->unreachable() && run.stats.written == 0)
            return run.finish(fb::Status::Unavailable("cannot reach " + o.post));
    }
    return run.finish(fb::Status::Ok());
}
