#pragma once
// fb-sink-mongo's connection to the server: a libmongoc client pool (one client per worker), the
// start-up check (ping with retries, indexes), and the delivery of one batch as one unordered bulk
// write. A batch that fails as a whole with a transient error (network, primary stepping down,
// timeouts) is retried with backoff; per-document write errors come back as per-record reasons.
// Thread-safety: deliver() may run on several threads at once (it pops its own pooled client).

#include <mongoc/mongoc.h>

#include <atomic>
#include <string>
#include <vector>

#include "fb/backoff.h"
#include "fb/batches.h"
#include "fb/status.h"

namespace sinkmongo {

enum class Mode { upsert, insert, replace, merge };

struct WriterOptions {
    std::string uri;                 // mongodb://...; secrets masked in messages
    std::string db = "fbkit";
    std::string collection = "criticidade";
    std::string key = "InvoiceNo";
    Mode mode = Mode::upsert;
    bool ordered = false;
    std::string write_concern;       // "" (server default), "majority", or a number of nodes
    bool ensure_index = false;       // unique index on the key
    bool geo = false;                // 2dsphere index on location
    fb::BackoffPolicy retry;
    int workers = 4;
};

// Documents of one batch, owned by the batch, each with its filter ({key: value}).
struct BsonEntry {
    bson_t* doc;
    bson_t* filter;
};
struct BsonBatch {
    std::vector<BsonEntry> entries;
    BsonBatch() = default;
    BsonBatch(BsonBatch&& o) noexcept : entries(std::move(o.entries)) {}
    BsonBatch& operator=(BsonBatch&& o) noexcept;
    ~BsonBatch();
};

struct WriteCounts {
    std::atomic<int64_t> inserted{0}, upserted{0}, matched{0}, modified{0}, retries{0}, batches{0};
};

class Writer {
public:
    explicit Writer(WriterOptions options);
    ~Writer();

    // Parses the URI, connects (ping, retried until the deadline), creates the indexes asked for.
    fb::Status open();
    // Writes one batch: fills records.errors per document, or records.status for the batch.
    void deliver(fb::BatchRecords& records, BsonBatch& docs);

    const WriteCounts& counts() const { return counts_; }
    const std::string& where() const { return where_; }  // masked URI for messages

private:
    fb::Status ensure_indexes();
    mongoc_write_concern_t* write_concern() const;

    WriterOptions opt_;
    std::string where_;
    mongoc_uri_t* uri_ = nullptr;
    mongoc_client_pool_t* pool_ = nullptr;
    WriteCounts counts_;
};

}  // namespace sinkmongo
