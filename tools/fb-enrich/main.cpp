// fb-enrich: join feedback records with the customer (clientes) and branch (agencias) tables,
// loaded once from PostgreSQL or CSV/NDJSON files into a hash map; records stream through.

#include <algorithm>
#include <memory>
#include <thread>

#include "fb/cli.h"
#include "fb/line_workers.h"
#include "fb/table.h"
#include "fb/tool_run.h"
#include "enricher.h"
#include "sources.h"

namespace {

const char* kDescription = R"(Add the customer's and branch's fields to each feedback record (replaces the Spark job's JDBC
read of clientes/agencias and its join).

Both tables are loaded once into memory (a broadcast join) from CSV/NDJSON files or PostgreSQL;
records then stream through. Each record's CustomerID (a positive integer) finds its customer
row, whose agencia_id finds the branch. Added fields, in this order:
  agencia_id (integer), nome_da_agencia (string), cidade, estado (the customer's), latitude,
  longitude (the branch's, numbers even when the table stores text), segmento (string).
A NULL cell becomes null. A record that already has these fields (enriched before) gets them
replaced in place; every other field passes through unchanged.)";

const char* kExamples = R"(
Examples:
  fb-enrich --customers examples/data/clientes.csv --branches examples/data/agencias.csv < feedback.ndjson
  fb-gen -n 1000 | fb-ingest | fb-enrich --customers clientes.csv --branches agencias.csv
  fb-enrich --pg --stats - < feedback.ndjson > enriched.ndjson            # tables clientes, agencias
  fb-enrich --pg-url postgres://app@db/bank --customers-table crm.clientes --branches-table crm.agencias
  fb-enrich --pg --customers-query "SELECT * FROM clientes WHERE ativo" --on-missing reject
  fb-gen --count 0 --rate 50 | fb-ingest | fb-enrich --pg --refresh 300 | kcat -P -b localhost:9092 -t enriched

Missing keys (--on-missing):
  keep    (default) write the record with the fields null and _fb.enrich saying what was missing:
          {"missing":"customer","CustomerID":99} or {"missing":"branch","agencia_id":7}
  reject  send it to the rejects stream (exit 65 unless --max-rejects allows it)
  drop    leave it out, counted as filtered in --stats
A record without a usable CustomerID (missing, a string, a fraction, not positive) is rejected.

Refresh (--refresh SECONDS): the tables are reloaded in the background and swapped in between two
records; the stream never pauses. A failed reload warns and keeps the tables it had.

Environment:
  DATABASE_URL, PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD   PostgreSQL (libpq), --pg-url wins

Statistics (--stats): matched, missing_customer, missing_branch, customers, branches, reloads,
reload_failures, table_warnings, besides read/written/rejected/filtered.

Exit status: 0 ok, 64 usage, 65 records rejected (beyond --max-rejects), 66 a file missing,
69 database unreachable after retries, 74 I/O error, 78 a table lacks columns or its query fails.
See fb-enrich(1).
)";

struct Options {
    fb::CommonOptions common;
    std::string customers_file, branches_file;
    bool pg = false;
    std::string pg_url;
    std::string customers_table = "clientes", branches_table = "agencias";
    std::string customers_query, branches_query;
    std::string on_missing = "keep";
    double refresh = 0;
    int attempts = 3;
    int threads = 1;
};

// Table warnings: the first few in full, then how many more, so a bad export does not flood stderr.
void report_warnings(fb::Reporter& reporter, const std::vector<std::string>& warnings) {
    constexpr size_t kShown = 10;
    for (size_t i = 0; i < warnings.size() && i < kShown; ++i) reporter.warn("", warnings[i]);
    if (warnings.size() > kShown)
        reporter.warn("", "... and " + std::to_string(warnings.size() - kShown) + " more table warnings");
}

fb::Status resolve_sources(Options& o, enrich::Sources& s) {
    if (!o.customers_query.empty() || !o.branches_query.empty() || !o.pg_url.empty()) o.pg = true;
    if (!o.customers_file.empty() && !o.customers_query.empty())
        return fb::Status::Usage("--customers and --customers-query both name the customers table; give one");
    if (!o.branches_file.empty() && !o.branches_query.empty())
        return fb::Status::Usage("--branches and --branches-query both name the branches table; give one");
    if (!o.pg && (o.customers_file.empty() || o.branches_file.empty()))
        return fb::Status::Usage(
            "no tables: give --customers FILE and --branches FILE, or --pg to read clientes and agencias "
            "from PostgreSQL (example files: fb-gen --write-tables DIR)");
    s.customers.file = o.customers_file;
    s.branches.file = o.branches_file;
    s.customers.query = o.customers_query.empty() ? fb::select_all_from(o.customers_table) : o.customers_query;
    s.branches.query = o.branches_query.empty() ? fb::select_all_from(o.branches_table) : o.branches_query;
    s.pg_url = o.pg_url;
    s.attempts = o.attempts;
    return fb::Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app(kDescription, "fb-enrich");
    fb::add_common_options(app, o.common);
    app.add_option("--customers", o.customers_file, "Customers table (clientes) from a CSV or NDJSON file")
        ->type_name("FILE");
    app.add_option("--branches", o.branches_file, "Branches table (agencias) from a CSV or NDJSON file")
        ->type_name("FILE");
    app.add_flag("--pg", o.pg, "Read the tables not given as files from PostgreSQL");
    app.add_option("--pg-url", o.pg_url, "PostgreSQL connection URI (default: DATABASE_URL or PG* variables); implies --pg")
        ->type_name("URI");
    app.add_option("--customers-table", o.customers_table, "Customers table name, schema.table allowed")
        ->capture_default_str();
    app.add_option("--branches-table", o.branches_table, "Branches table name, schema.table allowed")->capture_default_str();
    app.add_option("--customers-query", o.customers_query, "SQL returning the customers (columns as the table); implies --pg")
        ->type_name("SQL");
    app.add_option("--branches-query", o.branches_query, "SQL returning the branches; implies --pg")->type_name("SQL");
    app.add_option("--pg-attempts", o.attempts, "Connection attempts before the database counts as down")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--on-missing", o.on_missing, "Unknown customer or branch: keep, reject or drop")
        ->check(CLI::IsMember({"keep", "reject", "drop"}))
        ->capture_default_str();
    app.add_option("--refresh", o.refresh, "Reload the tables every SECONDS in the background (0: never)")
        ->check(CLI::Range(0.0, 1e9))
        ->type_name("SECONDS");
    app.add_option("--threads", o.threads, "Threads enriching records (0: one per CPU); output order is kept")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    fb::ToolRun run("fb-enrich", o.common);
    enrich::Sources sources;
    if (fb::Status s = resolve_sources(o, sources); !s.ok()) return run.finish(s);
    auto loaded = enrich::load(sources);
    if (!loaded.ok()) return run.finish(loaded.status());
    report_warnings(run.reporter, loaded->warnings);
    run.stats.add("customers", static_cast<int64_t>(loaded->lookup->customers()));
    run.stats.add("branches", static_cast<int64_t>(loaded->lookup->branches()));
    run.stats.add("table_warnings", static_cast<int64_t>(loaded->warnings.size()));
    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);

    auto warn = [&run](const std::string& what) { run.reporter.warn("", what); };
    enrich::Refresher tables(sources, loaded->lookup, o.refresh, warn);
    loaded->lookup.reset();

    enrich::OnMissing policy = o.on_missing == "reject" ? enrich::OnMissing::reject
                             : o.on_missing == "drop"   ? enrich::OnMissing::drop
                                                        : enrich::OnMissing::keep;
    // One enricher, table view and set of counters per thread; the counters are summed at the end.
    struct Worker {
        Worker(enrich::OnMissing policy, enrich::Refresher& tables) : enricher(policy), view(tables) {}
        enrich::Enricher enricher;
        enrich::Refresher::View view;
        uint64_t counts[5] = {};  // by Outcome
    };
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<fb::LineWork> works;
    for (int i = 0; i < threads; ++i) {
        Worker& w = *workers.emplace_back(std::make_unique<Worker>(policy, tables));
        works.emplace_back([&w, policy](const fb::Line& line, fb::LineSink& sink) {
            using Outcome = enrich::Enricher::Outcome;
            // The record is rendered straight into the output buffer, and only when it is written.
            Outcome r = w.enricher.process(line.text, w.view.current(), sink.buffer());
            ++w.counts[static_cast<int>(r)];
            bool missing = r == Outcome::missing_customer || r == Outcome::missing_branch;
            if (r == Outcome::matched || (missing && policy == enrich::OnMissing::keep)) sink.write();
            else if (missing && policy == enrich::OnMissing::drop) sink.filter();
            else sink.reject(w.enricher.error());
        });
    }
    fb::Status work = fb::LineWorkers::run(run, works);
    tables.stop();
    uint64_t counts[5] = {};
    for (const auto& w : workers)
        for (int i = 0; i < 5; ++i) counts[i] += w->counts[i];
    using Outcome = enrich::Enricher::Outcome;
    auto count = [&counts](Outcome o) { return static_cast<int64_t>(counts[static_cast<int>(o)]); };
    run.stats.add("matched", count(Outcome::matched));
    run.stats.add("missing_customer", count(Outcome::missing_customer));
    run.stats.add("missing_branch", count(Outcome::missing_branch));
    if (count(Outcome::invalid_json)) run.stats.add("invalid_json", count(Outcome::invalid_json));
    if (count(Outcome::invalid_record)) run.stats.add("invalid_record", count(Outcome::invalid_record));
    run.stats.add("reloads", static_cast<int64_t>(tables.reloads()));
    run.stats.add("reload_failures", static_cast<int64_t>(tables.failures()));
    return run.finish(work);
}
