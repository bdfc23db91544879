#include "writer.h"

#include <chrono>
#include <cstring>
#include <functional>
#include <thread>

#include "fb/env.h"

namespace sinkmongo {

namespace {

// Server error codes that say "try again": network and timeouts, elections, shutting down.
bool transient_code(uint32_t code) {
    switch (code) {
    case 6:      // HostUnreachable
    case 7:      // HostNotFound
    case 89:     // NetworkTimeout
    case 91:     // ShutdownInProgress
    case 189:    // PrimarySteppedDown
    case 262:    // ExceededTimeLimit
    case 9001:   // SocketException
    case 10107:  // NotWritablePrimary
    case 11600:  // InterruptedAtShutdown
    case 11602:  // InterruptedDueToReplStateChange
    case 13435:  // NotPrimaryNoSecondaryOk
    case 13436:  // NotPrimaryOrSecondary
    case 50:     // MaxTimeMSExpired
        return true;
    default:
        return false;
    }
}

bool auth_failure(const bson_error_t& e) {
    return (e.domain == MONGOC_ERROR_CLIENT && e.code == MONGOC_ERROR_CLIENT_AUTHENTICATE) || e.code == 18 ||
           e.code == 13;
}

// The server's TLS certificate was not accepted (OpenSSL's verification failed): waiting will not
// change that. libmongoc reports it as a server-selection error, with OpenSSL's words in the text.
bool tls_refused(const bson_error_t& e) { return std::strstr(e.message, "certificate verify failed") != nullptr; }

bool transient(const bson_error_t& e, const bson_t* reply) {
    if (auth_failure(e) || tls_refused(e)) return false;
    if (e.domain == MONGOC_ERROR_STREAM || e.domain == MONGOC_ERROR_SERVER_SELECTION) return true;
    if (reply && mongoc_error_has_label(reply, "RetryableWriteError")) return true;
    return transient_code(e.code);
}

int64_t reply_int(const bson_t* reply, const char* key) {
    bson_iter_t it;
    if (bson_iter_init_find(&it, reply, key) && BSON_ITER_HOLDS_NUMBER(&it)) return bson_iter_as_int64(&it);
    return 0;
}

void sleep_for(std::chrono::duration<double> d) {
    std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(d));
}

}  // namespace

BsonBatch& BsonBatch::operator=(BsonBatch&& o) noexcept {
    std::swap(entries, o.entries);
    return *this;
}

BsonBatch::~BsonBatch() {
    for (auto& e : entries) {
        bson_destroy(e.doc);
        bson_destroy(e.filter);
    }
}

Writer::Writer(WriterOptions options) : opt_(std::move(options)) {}

Writer::~Writer() {
    if (pool_) mongoc_client_pool_destroy(pool_);
    if (uri_) mongoc_uri_destroy(uri_);
}

mongoc_write_concern_t* Writer::write_concern() const {
    if (opt_.write_concern.empty()) return nullptr;
    mongoc_write_concern_t* wc = mongoc_write_concern_new();
    if (opt_.write_concern == "majority") mongoc_write_concern_set_wmajority(wc, 0);
    else mongoc_write_concern_set_w(wc, std::stoi(opt_.write_concern));
    return wc;
}

fb::Status Writer::open() {
    where_ = "MongoDB " + fb::mask_uri(opt_.uri);
    bson_error_t error;
    uri_ = mongoc_uri_new_with_error(opt_.uri.c_str(), &error);
    if (!uri_) return fb::Status::Config(where_ + ": invalid URI: " + fb::mask_uri(error.message));
    // Fail over to our own retry loop quickly instead of libmongoc's 30 s server selection.
    if (!mongoc_uri_has_option(uri_, MONGOC_URI_SERVERSELECTIONTIMEOUTMS))
        mongoc_uri_set_option_as_int32(uri_, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, 3000);
    if (!mongoc_uri_has_option(uri_, MONGOC_URI_CONNECTTIMEOUTMS))
        mongoc_uri_set_option_as_int32(uri_, MONGOC_URI_CONNECTTIMEOUTMS, 3000);
    if (!mongoc_uri_has_option(uri_, MONGOC_URI_SOCKETTIMEOUTMS))
        mongoc_uri_set_option_as_int32(uri_, MONGOC_URI_SOCKETTIMEOUTMS, 60000);
    pool_ = mongoc_client_pool_new(uri_);
    mongoc_client_pool_set_error_api(pool_, MONGOC_ERROR_API_VERSION_2);
    mongoc_client_pool_set_appname(pool_, "fb-sink-mongo");
    mongoc_client_pool_max_size(pool_, static_cast<uint32_t>(std::max(1, opt_.workers) + 1));

    fb::Backoff backoff(opt_.retry);
    for (;;) {
        mongoc_client_t* client = mongoc_client_pool_pop(pool_);
        bson_t ping = BSON_INITIALIZER;
        BSON_APPEND_INT32(&ping, "ping", 1);
        bson_t reply;
        bool ok = mongoc_client_command_simple(client, "admin", &ping, nullptr, &reply, &error);
        bool retry = !ok && transient(error, &reply);
        bson_destroy(&reply);
        bson_destroy(&ping);
        mongoc_client_pool_push(pool_, client);
        if (ok) break;
        if (auth_failure(error))
            return fb::Status::Unavailable(where_ + ": authentication refused: " + fb::mask_uri(error.message));
        if (tls_refused(error))
            return fb::Status::Unavailable(where_ + ": TLS refused (is the CA given with tlsCAFile?): " + fb::mask_uri(error.message));
        auto wait = retry ? backoff.next() : std::nullopt;
        if (!wait)
            return fb::Status::Unavailable(where_ + ": unreachable after " + std::to_string(backoff.attempts()) +
                                           " attempts: " + fb::mask_uri(error.message));
        sleep_for(*wait);
    }
    return ensure_indexes();
}

fb::Status Writer::ensure_indexes() {
    if (!opt_.ensure_index && !opt_.geo) return fb::Status::Ok();
    bson_t cmd = BSON_INITIALIZER, indexes, index, keys;
    BSON_APPEND_UTF8(&cmd, "createIndexes", opt_.collection.c_str());
    BSON_APPEND_ARRAY_BEGIN(&cmd, "indexes", &indexes);
    const char* slot = "0";
    if (opt_.ensure_index) {
        BSON_APPEND_DOCUMENT_BEGIN(&indexes, slot, &index);
        slot = "1";
        BSON_APPEND_DOCUMENT_BEGIN(&index, "key", &keys);
        BSON_APPEND_INT32(&keys, opt_.key.c_str(), 1);
        bson_append_document_end(&index, &keys);
        BSON_APPEND_UTF8(&index, "name", (opt_.key + "_unique").c_str());
        BSON_APPEND_BOOL(&index, "unique", true);
        bson_append_document_end(&indexes, &index);
    }
    if (opt_.geo) {
        BSON_APPEND_DOCUMENT_BEGIN(&indexes, slot, &index);
        BSON_APPEND_DOCUMENT_BEGIN(&index, "key", &keys);
        BSON_APPEND_UTF8(&keys, "location", "2dsphere");
        bson_append_document_end(&index, &keys);
        BSON_APPEND_UTF8(&index, "name", "location_2dsphere");
        bson_append_document_end(&indexes, &index);
    }
    bson_append_array_end(&cmd, &indexes);
    mongoc_client_t* client = mongoc_client_pool_pop(pool_);
    mongoc_database_t* db = mongoc_client_get_database(client, opt_.db.c_str());
    bson_t reply;
    bson_error_t error;
    bool ok = mongoc_database_write_command_with_opts(db, &cmd, nullptr, &reply, &error);
    bson_destroy(&reply);
    bson_destroy(&cmd);
    mongoc_database_destroy(db);
    mongoc_client_pool_push(pool_, client);
    if (!ok) return fb::Status::Config(where_ + ": cannot create the indexes: " + error.message);
    return fb::Status::Ok();
}

void Writer::deliver(fb::BatchRecords& records, BsonBatch& batch) {
    fb::Backoff backoff(opt_.retry, std::hash<std::thread::id>{}(std::this_thread::get_id()));
    mongoc_write_concern_t* wc = write_concern();
    size_t n = batch.entries.size();
    records.errors.assign(n, std::string());
    for (int attempt = 1;; ++attempt) {
        mongoc_client_t* client = mongoc_client_pool_pop(pool_);
        mongoc_collection_t* coll = mongoc_client_get_collection(client, opt_.db.c_str(), opt_.collection.c_str());
        bson_t opts = BSON_INITIALIZER;
        BSON_APPEND_BOOL(&opts, "ordered", opt_.ordered);
        if (wc) mongoc_write_concern_append(wc, &opts);
        mongoc_bulk_operation_t* bulk = mongoc_collection_create_bulk_operation_with_opts(coll, &opts);
        bson_t upsert_opts = BSON_INITIALIZER;
        BSON_APPEND_BOOL(&upsert_opts, "upsert", opt_.mode != Mode::replace);
        bson_error_t error;
        // The server numbers the operations it was sent; a document libmongoc refuses before
        // sending (an empty field name) is left out, so map operation -> record.
        std::vector<size_t> op_record;
        op_record.reserve(n);
        for (size_t i = 0; i < n; ++i) {
            bool added = true;
            switch (opt_.mode) {
            case Mode::insert:
                added = mongoc_bulk_operation_insert_with_opts(bulk, batch.entries[i].doc, nullptr, &error);
                break;
            case Mode::upsert:
            case Mode::replace:
                added = mongoc_bulk_operation_replace_one_with_opts(bulk, batch.entries[i].filter, batch.entries[i].doc, &upsert_opts, &error);
                break;
            case Mode::merge: {
                bson_t set = BSON_INITIALIZER;
                BSON_APPEND_DOCUMENT(&set, "$set", batch.entries[i].doc);
                added = mongoc_bulk_operation_update_one_with_opts(bulk, batch.entries[i].filter, &set, &upsert_opts, &error);
                bson_destroy(&set);
                break;
            }
            }
            if (added) op_record.push_back(i);
            else records.errors[i] = std::string("refused by libmongoc: ") + error.message;
        }
        bson_t reply = BSON_INITIALIZER;
        uint32_t ok = op_record.empty() ? 1 : mongoc_bulk_operation_execute(bulk, &reply, &error);
        int64_t inserted = reply_int(&reply, "nInserted"), upserted = reply_int(&reply, "nUpserted");
        int64_t matched = reply_int(&reply, "nMatched"), modified = reply_int(&reply, "nModified");

        // Per-document failures: the rest of an unordered batch was written.
        bson_iter_t it, errors;
        bool per_document = false, only_duplicates = true;
        if (bson_iter_init_find(&it, &reply, "writeErrors") && BSON_ITER_HOLDS_ARRAY(&it) && bson_iter_recurse(&it, &errors)) {
            while (bson_iter_next(&errors)) {
                bson_iter_t item;
                if (!bson_iter_recurse(&errors, &item)) continue;
                int64_t index = -1, code = 0;
                std::string message;
                while (bson_iter_next(&item)) {
                    std::string_view k = bson_iter_key(&item);
                    if (k == "index") index = bson_iter_as_int64(&item);
                    else if (k == "code") code = bson_iter_as_int64(&item);
                    else if (k == "errmsg" && BSON_ITER_HOLDS_UTF8(&item)) message = bson_iter_utf8(&item, nullptr);
                }
                if (index < 0 || static_cast<size_t>(index) >= op_record.size()) continue;
                index = static_cast<int64_t>(op_record[static_cast<size_t>(index)]);
                per_document = true;
                if (code != 11000) only_duplicates = false;
                // An insert retried after a lost reply finds the documents its first try wrote.
                if (code == 11000 && opt_.mode == Mode::insert && attempt > 1) continue;
                std::string& reason = records.errors[static_cast<size_t>(index)];
                reason.clear();  // (built by appends: GCC 12 warns falsely on "E" + std::string)
                std::string tag = std::to_string(code);
                tag.insert(tag.begin(), 'E');
                if (message.compare(0, tag.size(), tag) != 0) {  // MongoDB's text starts with it already
                    reason += tag;
                    reason += ' ';
                }
                reason += message;
            }
        }
        bool concern_error = false;  // written, but not replicated as asked: write again (idempotent)
        if (bson_iter_init_find(&it, &reply, "writeConcernErrors") && BSON_ITER_HOLDS_ARRAY(&it)) {
            bson_iter_t c;
            concern_error = bson_iter_recurse(&it, &c) && bson_iter_next(&c);
        }
        // Two upserts of one new key racing in different batches: one of them gets E11000; trying
        // again matches the document the other inserted. A duplicate that persists is an error.
        bool retry_duplicates = per_document && only_duplicates && opt_.mode != Mode::insert && attempt < 3;
        bool retry = !ok && (retry_duplicates || concern_error || (!per_document && transient(error, &reply)));
        bool give_up_reason_auth = !ok && !per_document && auth_failure(error);
        std::string message = error.message;
        bson_destroy(&reply);
        bson_destroy(&upsert_opts);
        bson_destroy(&opts);
        mongoc_bulk_operation_destroy(bulk);
        mongoc_collection_destroy(coll);
        mongoc_client_pool_push(pool_, client);

        if (ok || (per_document && !retry)) {
            if (opt_.ordered && !ok) {
                // An ordered batch stops at its first failure: what follows was not written.
                size_t first = n;
                for (size_t i = 0; i < n; ++i)
                    if (!records.errors[i].empty()) {
                        first = i;
                        break;
                    }
                for (size_t i = first + 1; i < n; ++i)
                    if (records.errors[i].empty()) records.errors[i] = "not written: an earlier document of the ordered batch failed";
            }
            counts_.inserted += inserted;
            counts_.upserted += upserted;
            counts_.matched += matched;
            counts_.modified += modified;
            ++counts_.batches;
            break;
        }
        if (give_up_reason_auth) {
            records.status = fb::Status::Unavailable(where_ + ": authentication refused: " + fb::mask_uri(message));
            break;
        }
        auto wait = retry ? backoff.next() : std::nullopt;
        if (!wait) {
            records.status = retry ? fb::Status::Unavailable(where_ + ": gave up after " + std::to_string(attempt) +
                                                             " attempts: " + fb::mask_uri(message))
                                   : fb::Status::Unavailable(where_ + ": bulk write failed: " + fb::mask_uri(message));
            break;
        }
        ++counts_.retries;
        records.errors.assign(n, std::string());
        sleep_for(*wait);
    }
    if (wc) mongoc_write_concern_destroy(wc);
}

}  // namespace sinkmongo
