// HTTP mode of fb-ingest: the old FastAPI endpoint. Each accepted record is written to stdout (and
// flushed) before its 201 is queued, so `fb-ingest --listen ... | kcat -P -t topic` replaces the
// service and a reply never promises a record that is not on the pipe.
//
// The server is GNU libmicrohttpd with epoll event loops (--threads of them, default 1): a loop
// serves thousands of kept-alive connections without a thread each, which is what the HTTP load
// benchmark (scripts/bench/ingest-http) measures against FastAPI.

#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdarg>
#include <cstring>
#include <memory>
#include <mutex>

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

    enum class Result { accepted, duplicate, rejected };

    // Validates one record; on success writes it to stdout. `reply` gets the normalised record or
    // the FastAPI-style error list.
    Result take(std::string_view text, const std::string& source, uint64_t line, std::string& reply) {
        auto& norm = normalizer();
        std::string padded;
        padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
        padded.append(text);
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

    // A line the batch endpoint could not even read (longer than --max-line-bytes).
    void reject_too_long(const std::string& source, const fb::Line& line) {
        std::lock_guard lock(mu);
        ++run.stats.read;
        ++run.stats.rejected;
        run.rejects.reject(source, line.number, "line longer than the maximum", line.text, true);
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

    // POST /invoiceitem: one JSON object.
    int one(std::string_view body, std::string& reply) {
        uint64_t n = ++requests;
        switch (take(body, "http", n, reply)) {
        case Result::accepted: return 201;
        case Result::duplicate: return 409;
        case Result::rejected: reply = R"({"detail":)" + reply + "}"; return 422;
        }
        return 500;
    }

    // POST /invoiceitems: an NDJSON body, a result per non-blank line.
    int batch(std::string_view body, std::string& reply) {
        uint64_t n = ++requests;
        std::string source = "http#" + std::to_string(n);
        fb::LineReader lines;
        lines.open_memory(body, source, opt.common.max_line_bytes);
        fb::Line line;
        uint64_t accepted = 0, rejected = 0, duplicates = 0;
        std::string results = "[", one_reply;
        while (lines.next(line)) {
            if (line.blank() && !line.too_long) continue;
            if (results.size() > 1) results += ',';
            results += R"({"line":)";
            fb::json::append_uint(results, line.number);
            if (line.too_long) {
                reject_too_long(source, line);
                results += R"(,"status":422,"detail":[{"type":"too_long","loc":["body"],"msg":"line too long"}]})";
                ++rejected;
                continue;
            }
            switch (take(line.text, source, line.number, one_reply)) {
            case Result::accepted:
                ++accepted;
                results += R"(,"status":201})";
                break;
            case Result::duplicate:
                ++duplicates;
                results += R"(,"status":409})";
                break;
            case Result::rejected:
                ++rejected;
                results += R"(,"status":422,"detail":)" + one_reply + "}";
                break;
            }
        }
        results += ']';
        reply = R"({"accepted":)" + std::to_string(accepted) + R"(,"rejected":)" + std::to_string(rejected) +
                R"(,"duplicates":)" + std::to_string(duplicates) + R"(,"results":)" + results + "}";
        return 200;
    }

    std::string health() {
        std::lock_guard lock(mu);
        return R"({"status":"ok","accepted":)" + std::to_string(run.stats.written) + "}";
    }
};

// One request's state between the access handler's calls (libmicrohttpd calls it once when the
// headers are in, once per piece of body, and once more when the body is complete).
struct Exchange {
    std::string body;
    bool too_large = false;
};

MHD_Result send(MHD_Connection* c, unsigned status, std::string_view body, const char* extra_header = nullptr,
                const char* extra_value = nullptr) {
    MHD_Response* r =
        MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
    if (extra_header) MHD_add_response_header(r, extra_header, extra_value);
    MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

enum class Route { one, batch, health, unknown };

Route route_of(const char* url) {
    if (std::strcmp(url, "/invoiceitem") == 0) return Route::one;
    if (std::strcmp(url, "/invoiceitems") == 0) return Route::batch;
    if (std::strcmp(url, "/healthz") == 0) return Route::health;
    return Route::unknown;
}

MHD_Result handle(void* cls, MHD_Connection* c, const char* url, const char* method, const char* /*version*/,
                  const char* upload_data, size_t* upload_size, void** state) {
    auto& srv = *static_cast<Server*>(cls);
    auto* ex = static_cast<Exchange*>(*state);
    if (!ex) {
        // Headers are in. Refuse a declared body over the limit now, before the client sends it
        // (curl waits for "100 Continue"); anything else is answered once the body is read.
        ex = new Exchange;
        *state = ex;
        if (const char* len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
            char* end = nullptr;
            unsigned long long n = std::strtoull(len, &end, 10);
            if (end != len && n > srv.opt.max_body)
                return send(c, 413, R"({"detail":"request body larger than --max-body"})");
        }
        return MHD_YES;
    }
    if (*upload_size) {
        if (ex->body.size() + *upload_size > srv.opt.max_body)
            ex->too_large = true;  // chunked body over the limit: read and drop the rest
        else
            ex->body.append(upload_data, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }

    Route route = route_of(url);
    bool post = std::strcmp(method, MHD_HTTP_METHOD_POST) == 0;
    bool get = std::strcmp(method, MHD_HTTP_METHOD_GET) == 0 || std::strcmp(method, MHD_HTTP_METHOD_HEAD) == 0;
    if (route == Route::unknown) return send(c, 404, R"({"detail":"Not Found"})");
    if (route == Route::health) {
        if (!get) return send(c, 405, R"({"detail":"Method Not Allowed"})", MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        return send(c, 200, srv.health());
    }
    if (!post) return send(c, 405, R"({"detail":"Method Not Allowed"})", MHD_HTTP_HEADER_ALLOW, "POST");
    if (!srv.opt.token.empty()) {
        const char* auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
        std::string_view given = auth ? auth : "";
        if (given.substr(0, 7) != "Bearer " || given.substr(7) != srv.opt.token)
            return send(c, 401, R"({"detail":"Not authenticated"})", MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
    }
    if (ex->too_large) return send(c, 413, R"({"detail":"request body larger than --max-body"})");
    std::string reply;
    unsigned status = route == Route::one ? srv.one(ex->body, reply) : srv.batch(ex->body, reply);
    return send(c, status, reply);
}

void completed(void*, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    delete static_cast<Exchange*>(*state);
    *state = nullptr;
}

void log_library(void* cls, const char* fmt, va_list ap) {
    char text[512];
    std::vsnprintf(text, sizeof text, fmt, ap);
    std::string_view what(text);
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.remove_suffix(1);
    static_cast<fb::ToolRun*>(cls)->reporter.warn("http", what);
}

// HOST:PORT -> a listening socket (IPv4, IPv6 in brackets, or a name); port 0 picks a free one.
fb::Status open_listener(const std::string& listen, int& fd, std::string& where) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) return fb::Status::Usage("--listen wants HOST:PORT, got '" + listen + "'");
    std::string host = listen.substr(0, colon), port = listen.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
        std::stoi(port) > 65535)
        return fb::Status::Usage("--listen wants HOST:PORT, got '" + listen + "'");
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";

    addrinfo hints{}, *found = nullptr;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    if (int e = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); e != 0)
        return fb::Status::Unavailable("cannot listen on " + listen + ": " + gai_strerror(e));
    std::string why = "no address";
    fd = -1;
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        int s = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (s < 0) {
            why = std::strerror(errno);
            continue;
        }
        int one = 1;
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(s, a->ai_addr, a->ai_addrlen) != 0 || ::listen(s, 1024) != 0) {
            why = std::strerror(errno);
            close(s);
            continue;
        }
        fd = s;
    }
    freeaddrinfo(found);
    if (fd < 0) return fb::Status::Unavailable("cannot listen on " + listen + ": " + why);

    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    char name[NI_MAXHOST], serv[NI_MAXSERV];
    getnameinfo(reinterpret_cast<sockaddr*>(&bound), len, name, sizeof name, serv, sizeof serv,
                NI_NUMERICHOST | NI_NUMERICSERV);
    where.clear();
    if (bound.ss_family == AF_INET6) where += '[';
    where += name;
    if (bound.ss_family == AF_INET6) where += ']';
    where += ':';
    where += serv;
    return fb::Status::Ok();
}

}  // namespace

fb::Status run_server(const Options& opt, const fb::RecordRules& rules, fb::ToolRun& run) {
    int fd = -1;
    std::string where;
    if (fb::Status s = open_listener(opt.listen, fd, where); !s.ok()) return s;

    // Signals go to this thread (sigwait below); the server's threads never see them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    Server state(opt, rules, run);
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
    MHD_OptionItem options[] = {
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&log_library), &run},  // first, or MHD warns
        {MHD_OPTION_LISTEN_SOCKET, fd, nullptr},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&completed), nullptr},
        {MHD_OPTION_CONNECTION_LIMIT, 10000, nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, 60, nullptr},  // idle kept-alive connections, seconds
        {opt.threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, opt.threads, nullptr},
        {MHD_OPTION_END, 0, nullptr},
    };
    MHD_Daemon* daemon =
        MHD_start_daemon(flags, 0, nullptr, nullptr, &handle, &state, MHD_OPTION_ARRAY, options, MHD_OPTION_END);
    if (!daemon) {
        close(fd);
        return fb::Status::Unavailable("cannot start the HTTP server on " + opt.listen);
    }

    run.reporter.note("listening on http://" + where + " (POST /invoiceitem, POST /invoiceitems, GET /healthz)");
    int sig = 0;
    sigwait(&set, &sig);
    // Stops accepting, lets handlers that are running finish, closes the connections.
    MHD_stop_daemon(daemon);
    close(fd);
    run.reporter.note("stopped after " + std::to_string(state.requests.load()) + " requests");
    return fb::Status::Ok();
}

}  // namespace ingest
