// HTTP mode of fb-ingest: the old FastAPI endpoint. Each accepted record is written to stdout at
// once, so `fb-ingest --listen ... | kcat -P -t topic` replaces the service.

#include <httplib.h>
#include <signal.h>
#include <simdjson.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "fb/json_text.h"
#include "fb/line_reader.h"
#include "ingest.h"

namespace ingest {

namespace {

// Everything the request handlers share.
struct Server {
    const Options& opt;
    const fb::RecordRules& rules;
    fb::ToolRun& run;
    Deduper dedupe;
    std::mutex mu;  // guards run.out and run.stats
    std::atomic<uint64_t> requests{0};

    Server(const Options& o, const fb::RecordRules& r, fb::ToolRun& tr) : opt(o), rules(r), run(tr), dedupe(o.dedupe) {}

    fb::FeedbackNormalizer& normalizer() {
        thread_local std::unique_ptr<fb::FeedbackNormalizer> n;
        if (!n) n = std::make_unique<fb::FeedbackNormalizer>(rules);
        return *n;
    }

    bool authorised(const httplib::Request& req, httplib::Response& res) {
        if (opt.token.empty()) return true;
        if (req.get_header_value("Authorization") == "Bearer " + opt.token) return true;
        res.status = 401;
        res.set_header("WWW-Authenticate", "Bearer");
        res.set_content(R"({"detail":"Not authenticated"})", "application/json");
        return false;
    }

    enum class Result { accepted, duplicate, rejected };

    // Validates one record; on success writes it to stdout. `reply` gets the normalised record or
    // the FastAPI-style error list.
    Result take(std::string_view text, const std::string& source, uint64_t line, std::string& reply) {
        auto& norm = normalizer();
        std::string padded(text);
        padded.append(simdjson::SIMDJSON_PADDING, ' ');
        std::string record;
        auto outcome = norm.normalize(std::string_view(padded.data(), text.size()), record);
        // A pretty-printed body spans lines; in valid JSON a line break can only be whitespace
        // between tokens (never inside a string), so blanking it keeps one record per line.
        if (outcome == fb::FeedbackNormalizer::Outcome::ok)
            for (char& c : record)
                if (c == '\n' || c == '\r') c = ' ';
        std::lock_guard lock(mu);
        ++run.stats.read;
        if (outcome == fb::FeedbackNormalizer::Outcome::ok) {
            if (!dedupe.first_time(norm.invoice_no())) {
                ++run.stats.filtered;
                run.stats.add("duplicates");
                reply = R"({"detail":"duplicate InvoiceNo )" + std::to_string(norm.invoice_no()) + R"( already accepted"})";
                return Result::duplicate;
            }
            run.out.line(record);
            run.out.flush();
            ++run.stats.written;
            reply = std::move(record);
            return Result::accepted;
        }
        run.stats.add(outcome == fb::FeedbackNormalizer::Outcome::invalid_json ? "invalid_json" : "invalid_record");
        ++run.stats.rejected;
        run.rejects.reject(source, line, norm.error_summary(), text);
        run.rejects.flush();
        reply = detail(norm);
        return Result::rejected;
    }

    static std::string detail(const fb::FeedbackNormalizer& norm) {
        std::string d = "[";
        if (!norm.json_error().empty()) {
            d += R"({"type":"json_invalid","loc":["body"],"msg":)";
            fb::json::append_string(d, norm.json_error());
            d += '}';
        }
        for (const auto& e : norm.errors()) {
            if (d.size() > 1) d += ',';
            d += R"({"type":)";
            fb::json::append_string(d, e.type);
            d += R"(,"loc":["body",)";
            fb::json::append_string(d, e.field);
            d += R"(],"msg":)";
            fb::json::append_string(d, e.msg);
            d += '}';
        }
        d += ']';
        return d;
    }
};

}  // namespace

fb::Status run_server(const Options& opt, const fb::RecordRules& rules, fb::ToolRun& run) {
    auto colon = opt.listen.rfind(':');
    if (colon == std::string::npos) return fb::Status::Usage("--listen wants HOST:PORT, got '" + opt.listen + "'");
    std::string host = opt.listen.substr(0, colon);
    int port = 0;
    try {
        port = std::stoi(opt.listen.substr(colon + 1));
    } catch (...) {
        return fb::Status::Usage("--listen wants HOST:PORT, got '" + opt.listen + "'");
    }
    if (host.empty()) host = "0.0.0.0";
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);

    // Signals go to one thread that stops the server; workers never see them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    Server state(opt, rules, run);
    httplib::Server svr;
    svr.new_task_queue = [&opt] { return new httplib::ThreadPool(static_cast<size_t>(opt.threads)); };
    svr.set_payload_max_length(opt.max_body);
    // Each connection holds a worker while it is kept alive: recycle connections after a bounded
    // number of requests and a short idle time, so clients with more connections than workers
    // are served in turn instead of waiting for a keep-alive timeout.
    svr.set_keep_alive_max_count(100);
    svr.set_keep_alive_timeout(1);
    // httplib writes a reply in two sends (headers, body); without TCP_NODELAY the second waits for
    // the client's delayed ACK, ~40 ms per request on a kept-alive connection.
    svr.set_tcp_nodelay(true);

    svr.Post("/invoiceitem", [&](const httplib::Request& req, httplib::Response& res) {
        if (!state.authorised(req, res)) return;
        uint64_t n = ++state.requests;
        std::string reply;
        switch (state.take(req.body, "http", n, reply)) {
        case Server::Result::accepted:
            res.status = 201;
            res.set_content(reply, "application/json");
            break;
        case Server::Result::duplicate:
            res.status = 409;
            res.set_content(reply, "application/json");
            break;
        case Server::Result::rejected:
            res.status = 422;
            res.set_content(R"({"detail":)" + reply + "}", "application/json");
            break;
        }
    });

    svr.Post("/invoiceitems", [&](const httplib::Request& req, httplib::Response& res) {
        if (!state.authorised(req, res)) return;
        uint64_t n = ++state.requests;
        std::string source = "http#" + std::to_string(n);
        fb::LineReader lines;
        lines.open_memory(req.body, source, opt.common.max_line_bytes);
        fb::Line line;
        uint64_t accepted = 0, rejected = 0, duplicates = 0;
        std::string results = "[", reply;
        while (lines.next(line)) {
            if (line.blank() && !line.too_long) continue;
            if (results.size() > 1) results += ',';
            results += R"({"line":)";
            fb::json::append_uint(results, line.number);
            if (line.too_long) {
                {
                    std::lock_guard lock(state.mu);
                    ++run.stats.read;
                    ++run.stats.rejected;
                }
                run.rejects.reject(source, line.number, "line longer than the maximum", line.text, true);
                results += R"(,"status":422,"detail":[{"type":"too_long","loc":["body"],"msg":"line too long"}]})";
                ++rejected;
                continue;
            }
            switch (state.take(line.text, source, line.number, reply)) {
            case Server::Result::accepted:
                ++accepted;
                results += R"(,"status":201})";
                break;
            case Server::Result::duplicate:
                ++duplicates;
                results += R"(,"status":409})";
                break;
            case Server::Result::rejected:
                ++rejected;
                results += R"(,"status":422,"detail":)" + reply + "}";
                break;
            }
        }
        results += ']';
        std::string body = R"({"accepted":)" + std::to_string(accepted) + R"(,"rejected":)" + std::to_string(rejected) +
                           R"(,"duplicates":)" + std::to_string(duplicates) + R"(,"results":)" + results + "}";
        res.status = 200;
        res.set_content(body, "application/json");
    });

    svr.Get("/healthz", [&](const httplib::Request&, httplib::Response& res) {
        std::lock_guard lock(state.mu);
        res.set_content(R"({"status":"ok","accepted":)" + std::to_string(run.stats.written) + "}", "application/json");
    });

    int bound = port;
    if (port == 0) {
        bound = svr.bind_to_any_port(host);
    } else if (!svr.bind_to_port(host, port)) {
        bound = -1;
    }
    if (bound <= 0)
        return fb::Status::Unavailable("cannot listen on " + opt.listen + " (address in use or not available)");

    std::atomic<int> got_signal{0};
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&set, &sig);
        got_signal = sig;
        svr.stop();
    });

    std::string where = (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(bound);
    run.reporter.note("listening on http://" + where + " (POST /invoiceitem, POST /invoiceitems, GET /healthz)");
    bool ok = svr.listen_after_bind();
    if (!got_signal) {
        // listen ended without a signal: wake the waiter so it can be joined.
        pthread_kill(waiter.native_handle(), SIGTERM);
    }
    waiter.join();
    run.reporter.note("stopped after " + std::to_string(state.requests.load()) + " requests");
    if (!ok && !got_signal) return fb::Status::IOError("the HTTP server stopped unexpectedly");
    return fb::Status::Ok();
}

}  // namespace ingest
