#pragma once
// fb-sink-es's conversation with the cluster: the start-up check (cluster health, retried; red
// is retried too), the optional index template, and the delivery of one batch as `_bulk`
// requests. Every item of every response is read: accepted items are done, items refused for
// good (mapping conflicts, parse errors, version conflicts) get the server's reason, and only
// retryable items (429, 5xx) are sent again, with backoff honouring Retry-After. A request that
// fails as a whole (connection refused, timeout, 429/5xx) is retried until the deadline.
// Thread-safety: deliver() runs on several workers, each with its own HTTP session.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "fb/backoff.h"
#include "fb/batches.h"
#include "fb/http_client.h"
#include "fb/status.h"

namespace sinkes {

struct WriterOptions {
    std::string url;                  // cluster base URL; credentials in it are masked in messages
    std::string refresh;              // "", "true", "false", "wait_for"
    bool gzip = false;
    std::string api_key;              // ES_API_KEY: "Authorization: ApiKey ..."
    fb::HttpSecurity security;
    long timeout_ms = 60000;
    fb::BackoffPolicy retry;
    int workers = 4;
};

// One batch's items: "action\nsource\n" each, back to back, with their ends.
struct BulkBatch {
    std::string text;
    std::vector<size_t> ends;
    std::string_view item(size_t i) const {
        size_t b = i == 0 ? 0 : ends[i - 1];
        return std::string_view(text).substr(b, ends[i] - b);
    }
};

struct BulkCounts {
    std::atomic<int64_t> requests{0}, retried_requests{0}, retried_items{0}, created{0}, updated{0};
};

class BulkWriter {
public:
    explicit BulkWriter(WriterOptions options);

    // Waits for a cluster that is not red (retried until the deadline), then installs the
    // template `template_file` as `template_name` when given.
    fb::Status open(const std::string& template_file, const std::string& template_name);
    void deliver(fb::BatchRecords& records, const BulkBatch& batch, int worker);

    const BulkCounts& counts() const { return counts_; }
    const std::string& where() const { return where_; }

private:
    fb::HttpRequest request(std::string method, std::string path, std::string body, bool ndjson) const;
    fb::HttpResponse send(fb::HttpSession& session, const fb::HttpRequest& request);

    WriterOptions opt_;
    std::string where_;
    std::vector<std::unique_ptr<fb::HttpSession>> sessions_;  // one per worker
    BulkCounts counts_;
};

}  // namespace sinkes
