#pragma once
// HTTP requests through libcurl's multi interface: many requests in flight on one thread, each
// finished one handed to a callback with its status and body (fb-gen --post); and HttpSession, one
// blocking request at a time on a kept-alive connection (fb-sink-es workers).
// Thread-safety: one pool per thread; the callback runs on the thread that calls submit/drain.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fb {

struct HttpRequest {
    std::string method = "POST";
    std::string url;
    std::string body;
    std::vector<std::string> headers;  // "Name: value"
    uint64_t tag = 0;                  // caller's id, handed back with the response
};

struct HttpResponse {
    long status = 0;       // 0 when no HTTP answer came (see error)
    std::string body;
    std::string error;     // transport error (connection refused, timeout...), empty otherwise
    bool tls_refused = false;  // the error is TLS verification or a client certificate problem:
                               // retrying will not change it
    uint64_t tag = 0;
    double retry_after = -1;  // seconds from a Retry-After header (delta form), -1 when none
};

// Credentials and TLS for servers that want them. Secrets stay in here and never reach messages.
struct HttpSecurity {
    std::string username, password;  // HTTP basic
    std::string ca_file;             // PEM bundle to verify the server with
    std::string cert_file, key_file; // client certificate
    bool insecure = false;           // skip certificate verification (only when asked)
};

// One request at a time on the calling thread, keeping its connection alive between requests:
// for a worker thread that sends a batch, waits for the answer and decides what to retry.
class HttpSession {
public:
    HttpSession(long timeout_ms, HttpSecurity security = {});
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;
    HttpResponse perform(const HttpRequest& request);

private:
    void* easy_;
    long timeout_ms_;
    HttpSecurity security_;
};

class HttpPool {
public:
    using Callback = std::function<void(const HttpResponse&)>;

    HttpPool(size_t concurrency, long timeout_ms, Callback done);
    ~HttpPool();
    HttpPool(const HttpPool&) = delete;
    HttpPool& operator=(const HttpPool&) = delete;

    // Starts a request; first waits (running transfers) while `concurrency` are in flight.
    void submit(HttpRequest request);
    // Runs until every submitted request has finished.
    void drain();
    // Runs transfers, waiting at most `wait_ms` for one to make progress; callbacks fire here.
    void poll(int wait_ms) { perform(wait_ms); }
    bool full() const { return in_flight_ >= concurrency_; }
    size_t in_flight() const { return in_flight_; }

private:
    struct Transfer;
    void perform(int wait_ms);

    void* multi_;
    size_t concurrency_;
    long timeout_ms_;
    Callback done_;
    size_t in_flight_ = 0;
    std::vector<Transfer*> idle_;  // finished transfers kept for reuse of their easy handles
};

}  // namespace fb
