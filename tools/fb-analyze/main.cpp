// fb-analyze: the old stack's eight pandas analyses and its Spark ML notebook (customer segments,
// complaint-frequency model, trends and counts) over classified feedback, in one pass, as text,
// JSON, a self-contained HTML page and NDJSON documents for Kibana.

#include <mongoc/mongoc.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <fstream>

#include "fb/cli.h"
#include "fb/dates.h"
#include "fb/env.h"
#include "fb/mongo_log.h"
#include "fb/signals.h"
#include "fb/tool_run.h"
#include "report.h"
#include "tally.h"

namespace {

const char* kDescription = R"(Compute the analyses of the old stack over classified feedback (replaces the pandas function
realizar_analises and the Spark ML notebook):
  (1) Sentimento shares, (2) the 5 most frequent Descriptions, (3) mean SentimentRating per
  Agrupador, (4) Sentimento per weekday, (5) the 20 most frequent words (Portuguese stop words
  left out), (6) correlation of SentimentRating with latitude/longitude, (7) Sentimento per
  month, (8) mean and standard deviation of SentimentRating per Agrupador;
  and the notebook's: per-customer features, k-means segments (k by silhouette), a random-forest
  model of complaint frequency (held-out RMSE), daily and monthly trends with a forecast, and
  counts by weekday, month, channel, country, state, city and problem.
Records come from NDJSON files or stdin (fb-classify's output), or from MongoDB (--mongo-uri).
One pass; memory grows with distinct customers, words and descriptions, not with records.
Numbers agree with pandas on the same data (scripts/bench/analyze_pandas.py is the reference).)";

const char* kExamples = R"(
Examples:
  fb-analyze classified.ndjson                         # text tables on a terminal
  fb-analyze --format json < classified.ndjson > report.json
  fb-analyze --html report.html --es-docs kibana.ndjson classified.ndjson
  fb-analyze --es-docs kibana.ndjson classified.ndjson > report.json &&
      fb-sink-es --index fbkit-analyses --id-field doc_id < kibana.ndjson      # reruns replace rows
  fb-analyze --mongo-uri mongodb://127.0.0.1:27017 --db fbkit --collection criticidade \
             --filter '{"Agrupador":"Cartão"}' --html cartao.html
  fb-gen --count 0 --rate 100 --with-truth | fb-ingest | fb-classify | fb-analyze --interval 60 --format json

Output: --format text (default when stdout is a terminal) or json (default otherwise; one
document, keys documented in fb-analyze(1) and docs/analyze-report.md). --html FILE writes a
single page with charts that needs no network; --es-docs FILE writes one NDJSON document per
result row with an "analysis" field, for fb-sink-es and Kibana.

Records: fields read are Sentimento, SentimentRating (integer 1..5), Agrupador, InvoiceDate,
Description, latitude, longitude, CustomerID, MeioEnvio, Country, estado, cidade, City. A field
missing or unusable is counted (records.missing / records.invalid) and the record is left out of
the analyses that need it. A line that is not a JSON object is rejected (exit 65).

Environment:
  MONGODB_URI        default for --mongo-uri when --mongo is given

Exit status: 0 ok (also for zero records: an empty report), 64 usage (also a bad --k or
--filter), 65 lines rejected, 66 a file missing, 69 MongoDB unreachable, 74 I/O error, 78 a bad
MongoDB URI or query. SIGINT/SIGTERM write the report of what was read, then exit 130/143.
See fb-analyze(1).
)";

struct Options {
    fb::CommonOptions common;
    std::string format;
    std::string html, es_docs;
    bool mongo = false;
    std::string mongo_uri, db = "fbkit", collection = "criticidade", filter = "{}";
    std::string k = "2..8";
    uint64_t seed = 1;
    int trees = 100;
    bool no_models = false;
    int forecast_days = 7, forecast_months = 3;
    bool keep_stopwords = false;
    std::string stopwords_file;
    size_t top_words = 20, top_descriptions = 5, max_customers = 20000;
    double interval = 0;
};

bool whole_int(std::string_view s, int& v) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

fb::Status parse_k(const std::string& text, analyze::NotebookOptions& o) {
    size_t dots = text.find("..");
    std::string_view t(text);
    bool ok = dots == std::string::npos ? whole_int(t, o.k_min) && whole_int(t, o.k_max)
                                        : whole_int(t.substr(0, dots), o.k_min) && whole_int(t.substr(dots + 2), o.k_max);
    if (!ok) return fb::Status::Usage("--k: expected N or MIN..MAX, got '" + text + "'");
    if (o.k_min < 2 || o.k_max < o.k_min || o.k_max > 50)
        return fb::Status::Usage("--k: need 2 <= MIN <= MAX <= 50, got '" + text + "'");
    return fb::Status::Ok();
}

fb::Status write_file(const std::string& path, const std::string& text) {
    if (path == "-") {
        if (fwrite(text.data(), 1, text.size(), stdout) != text.size()) return fb::Status::IOError("stdout: write failed");
        return fb::Status::Ok();
    }
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.close();
        if (!out) return fb::Status::IOError(path + ": cannot write");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) return fb::Status::IOError(path + ": cannot write");
    return fb::Status::Ok();
}

std::string now_rfc3339() {
    fb::Timestamp ts;
    ts.seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string s;
    fb::format_rfc3339(s, ts);
    return s;
}

// Writes every requested output of the report as it stands.
fb::Status emit(const Options& o, fb::ToolRun& run, const analyze::Tally& tally, const analyze::ReportOptions& ro, bool text) {
    std::string report = analyze::build_report(tally, static_cast<int64_t>(run.stats.read), ro);
    if (text) {
        std::string t;
        if (fb::Status s = analyze::render_text(report, t); !s.ok()) return s;
        run.out.buffer() += t;
    } else {
        run.out.buffer() += report;
        run.out.end_line();
    }
    if (!o.html.empty())
        if (fb::Status s = write_file(o.html, analyze::render_html(report)); !s.ok()) return s;
    if (!o.es_docs.empty()) {
        std::string docs;
        if (fb::Status s = analyze::render_es_docs(report, now_rfc3339(), docs); !s.ok()) return s;
        if (o.es_docs == "-") run.out.buffer() += docs;
        else if (fb::Status s = write_file(o.es_docs, docs); !s.ok()) return s;
    }
    run.stats.add("reports", static_cast<int64_t>(1));
    return fb::Status::Ok();
}

// Reads the collection (with the filter) and adds each document to the tally.
fb::Status read_mongo(const Options& o, fb::ToolRun& run, analyze::Tally& tally) {
    std::string uri_text = o.mongo_uri.empty() ? fb::env("MONGODB_URI").value_or("mongodb://127.0.0.1:27017/") : o.mongo_uri;
    std::string where = "MongoDB " + fb::mask_uri(uri_text);
    mongoc_init();
    fb::route_mongoc_log(run.reporter);
    bson_error_t error;
    mongoc_uri_t* uri = mongoc_uri_new_with_error(uri_text.c_str(), &error);
    if (!uri) return fb::Status::Config(where + ": invalid URI: " + fb::mask_uri(error.message));
    if (!mongoc_uri_has_option(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS))
        mongoc_uri_set_option_as_int32(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 5000);
    mongoc_client_t* client = mongoc_client_new_from_uri(uri);
    mongoc_client_set_appname(client, "fb-analyze");
    bson_t* filter = bson_new_from_json(reinterpret_cast<const uint8_t*>(o.filter.data()), static_cast<ssize_t>(o.filter.size()), &error);
    fb::Status status = fb::Status::Ok();
    if (!filter) {
        status = fb::Status::Usage(std::string("--filter: not a JSON object: ") + error.message);
    } else {
        mongoc_collection_t* coll = mongoc_client_get_collection(client, o.db.c_str(), o.collection.c_str());
        mongoc_cursor_t* cursor = mongoc_collection_find_with_opts(coll, filter, nullptr, nullptr);
        const bson_t* doc;
        std::string line, reason;
        uint64_t number = 0;
        while (mongoc_cursor_next(cursor, &doc)) {
            size_t len = 0;
            char* json = bson_as_relaxed_extended_json(doc, &len);
            ++number;
            ++run.stats.read;
            line.assign(json, len);
            bson_free(json);
            line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
            if (tally.add(line, reason)) ++run.stats.written;
            else run.reject(o.db + "." + o.collection, number, reason, line);
            run.reporter.tick(run.stats.read);
            if (fb::pending_signal()) break;
        }
        if (mongoc_cursor_error(cursor, &error)) {
            bool down = error.domain == MONGOC_ERROR_SERVER_SELECTION || error.domain == MONGOC_ERROR_STREAM;
            std::string m = where + ": " + fb::mask_uri(error.message);
            status = down ? fb::Status::Unavailable(m) : fb::Status::Config(m);
        }
        mongoc_cursor_destroy(cursor);
        mongoc_collection_destroy(coll);
        bson_destroy(filter);
    }
    mongoc_client_destroy(client);
    mongoc_uri_destroy(uri);
    mongoc_cleanup();
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app(kDescription, "fb-analyze");
    fb::add_common_options(app, o.common);
    app.add_option("--format", o.format, "text or json (default: text on a terminal, else json)")
        ->check(CLI::IsMember({"text", "json"}));
    app.add_option("--html", o.html, "Also write the report as a self-contained HTML page")->type_name("FILE");
    app.add_option("--es-docs", o.es_docs, "Also write NDJSON documents for Elasticsearch/Kibana (- for stdout)")->type_name("FILE");
    app.add_flag("--mongo", o.mongo, "Read the records from MongoDB (MONGODB_URI, --db, --collection, --filter)");
    app.add_option("--mongo-uri", o.mongo_uri, "MongoDB connection URI; implies --mongo")->type_name("URI");
    app.add_option("--db", o.db, "MongoDB database")->capture_default_str();
    app.add_option("--collection", o.collection, "MongoDB collection")->capture_default_str();
    app.add_option("--filter", o.filter, "MongoDB query filter (extended JSON)")->capture_default_str();
    app.add_option("--k", o.k, "Segment counts to try, N or MIN..MAX (best silhouette wins)")->capture_default_str();
    app.add_option("--seed", o.seed, "Seed for sampling, the train/test split and the forest")->capture_default_str();
    app.add_flag("--no-models", o.no_models,
                 "Skip the k-means segments and the random-forest model (a few seconds whatever the input size)");
    app.add_option("--trees", o.trees, "Trees in the frequency model's random forest")->check(CLI::Range(1, 2000))->capture_default_str();
    app.add_option("--forecast-days", o.forecast_days, "Days forecast by the daily trend")->check(CLI::Range(0, 3660))->capture_default_str();
    app.add_option("--forecast-months", o.forecast_months, "Months forecast by the monthly trend")
        ->check(CLI::Range(0, 120))
        ->capture_default_str();
    app.add_flag("--keep-stopwords", o.keep_stopwords, "Count every word in (5), stop words included");
    app.add_option("--stopwords", o.stopwords_file, "Stop-word list, one per line (default: built-in Portuguese)")->type_name("FILE");
    app.add_option("--top-words", o.top_words, "Words listed in (5); 0: words are not counted (a third less CPU)")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    app.add_option("--top-descriptions", o.top_descriptions, "Descriptions listed in (2); 0: descriptions are not counted")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    app.add_option("--max-customers", o.max_customers, "Customers sampled (by --seed) for k-means and the forest")
        ->check(CLI::Range(10, 100000000))
        ->capture_default_str();
    app.add_option("--interval", o.interval, "On an endless stream, emit a fresh (cumulative) report every SECONDS")
        ->check(CLI::Range(0.0, 1e9))
        ->type_name("SECONDS");
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;

    fb::ToolRun run("fb-analyze", o.common);
    analyze::ReportOptions ro;
    ro.top_words = o.top_words;
    ro.top_descriptions = o.top_descriptions;
    ro.notebook.seed = o.seed;
    ro.notebook.trees = o.trees;
    ro.notebook.forecast_days = o.forecast_days;
    ro.notebook.forecast_months = o.forecast_months;
    ro.notebook.max_customers = o.max_customers;
    ro.notebook.models = !o.no_models;
    if (fb::Status s = parse_k(o.k, ro.notebook); !s.ok()) return run.finish(s);
    if (o.html == "-") return run.finish(fb::Status::Usage("--html needs a file name (stdout carries the report)"));
    analyze::StopWords stop = analyze::StopWords::portuguese();
    if (!o.stopwords_file.empty()) {
        std::ifstream in(o.stopwords_file);
        if (!in) return run.finish(fb::Status::NoInput(o.stopwords_file + ": cannot open the stop-word list"));
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        stop = analyze::StopWords::parse(text);
    }
    analyze::Counting counting;
    counting.words = o.top_words > 0;
    counting.descriptions = o.top_descriptions > 0;
    analyze::Tally tally(o.keep_stopwords ? nullptr : &stop, counting);
    bool text = o.format.empty() ? isatty(STDOUT_FILENO) == 1 : o.format == "text";
    if (text && o.interval > 0 && o.format.empty()) text = false;  // a report stream is NDJSON
    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);

    fb::Status work = fb::Status::Ok();
    if (o.mongo || !o.mongo_uri.empty()) {
        if (!o.common.inputs.empty()) return run.finish(fb::Status::Usage("give input files or --mongo, not both"));
        work = read_mongo(o, run, tally);
    } else {
        using clock = std::chrono::steady_clock;
        auto next = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(o.interval));
        auto periodic = [&] {
            if (o.interval <= 0 || clock::now() < next) return;
            next = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(o.interval));
            if (fb::Status s = emit(o, run, tally, ro, text); !s.ok()) run.reporter.error("", s.message());
            run.flush_idle();
        };
        run.on_idle = periodic;
        std::string error;
        work = run.for_each_line([&](const fb::Line& line, const std::string& source) {
            if (tally.add(line.text, error)) ++run.stats.written;  // "written": taken into the report
            else run.reject(source, line.number, error, line.text);
            periodic();
            return true;
        });
    }
    // The report of what was read: at the end, and also after SIGINT/SIGTERM (DESIGN §3: what is
    // complete is flushed).
    if (work.ok() || fb::pending_signal())
        if (fb::Status s = emit(o, run, tally, ro, text); !s.ok() && work.ok()) work = s;
    run.stats.add("customers", static_cast<int64_t>(tally.customers.size()));
    if (counting.words)  // stop words not counted
        run.stats.add("distinct_words", static_cast<int64_t>(tally.words().items().size()));
    if (counting.descriptions) run.stats.add("distinct_descriptions", static_cast<int64_t>(tally.descriptions.size()));
    return run.finish(work);
}
