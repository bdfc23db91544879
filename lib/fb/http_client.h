#pragma once
// HTTP requests through libcurl's multi interface: many requests in flight on one thread, each
// finished one handed to a callback with its status and body. Used by fb-gen --post (and later by
// the LLM and Elasticsearch clients).
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
    uint64_t tag = 0;
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
