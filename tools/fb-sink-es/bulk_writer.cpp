#include "bulk_writer.h"

#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "fb/env.h"
#include "fb/gzip.h"
#include "fb/report.h"

namespace sinkes {

namespace {

bool retryable(long status) { return status == 429 || status >= 500; }

void sleep_for(std::chrono::duration<double> d) {
    std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::milliseconds>(d));
}

// "HTTP 400: mapper_parsing_exception: failed to parse..." from an error reply, or its start.
std::string reply_reason(const fb::HttpResponse& r) {
    simdjson::dom::parser p;
    simdjson::dom::element doc;
    std::string reason = "HTTP " + std::to_string(r.status);
    if (p.parse(r.body).get(doc) == simdjson::SUCCESS) {
        std::string_view type, text;
        simdjson::dom::element error;
        if (doc["error"].get(error) == simdjson::SUCCESS) {
            if (error.is_string()) return reason + ": " + std::string(error.get_string().value());
            if (error["type"].get(type) == simdjson::SUCCESS) reason += ": " + std::string(type);
            if (error["reason"].get(text) == simdjson::SUCCESS) reason += ": " + std::string(text);
            return fb::one_line(reason);
        }
    }
    return fb::one_line(reason + ": " + r.body.substr(0, 200));
}

// 401 and 403 are not retried: the same request will be refused again.
std::string refused(const fb::HttpResponse& r) {
    if (r.status == 401)
        return "authentication refused (" + reply_reason(r) + "); check ES_USERNAME/ES_PASSWORD or ES_API_KEY";
    return "forbidden (" + reply_reason(r) + "): the credentials lack a privilege, or a write block is set";
}

}  // namespace

BulkWriter::BulkWriter(WriterOptions options) : opt_(std::move(options)) {
    while (!opt_.url.empty() && opt_.url.back() == '/') opt_.url.pop_back();
    where_ = "Elasticsearch " + fb::mask_uri(opt_.url);
    for (int i = 0; i < std::max(1, opt_.workers); ++i)
        sessions_.push_back(std::make_unique<fb::HttpSession>(opt_.timeout_ms, opt_.security));
}

fb::HttpRequest BulkWriter::request(std::string method, std::string path, std::string body, bool ndjson) const {
    fb::HttpRequest r;
    r.method = std::move(method);
    r.url = opt_.url + path;
    r.headers.push_back(ndjson ? "Content-Type: application/x-ndjson" : "Content-Type: application/json");
    if (!opt_.api_key.empty()) r.headers.push_back("Authorization: ApiKey " + opt_.api_key);
    if (opt_.gzip && !body.empty()) {
        fb::gzip(body, r.body);
        r.headers.push_back("Content-Encoding: gzip");
    } else {
        r.body = std::move(body);
    }
    return r;
}

fb::HttpResponse BulkWriter::send(fb::HttpSession& session, const fb::HttpRequest& request) {
    ++counts_.requests;
    return session.perform(request);
}

fb::Status BulkWriter::open(const std::string& template_file, const std::string& template_name) {
    fb::Backoff backoff(opt_.retry);
    fb::HttpSession& session = *sessions_[0];
    for (;;) {
        fb::HttpResponse r = send(session, request("GET", "/_cluster/health", "", false));
        std::string why;
        if (r.tls_refused) {
            return fb::Status::Unavailable(where_ + ": TLS refused (is the CA given with --cacert?): " + fb::mask_uri(r.error));
        } else if (!r.error.empty()) {
            why = fb::mask_uri(r.error);
        } else if (r.status == 401 || r.status == 403) {
            return fb::Status::Unavailable(where_ + ": " + refused(r));
        } else if (r.status == 200) {
            simdjson::dom::parser p;
            std::string_view health;
            if (p.parse(r.body)["status"].get(health) == simdjson::SUCCESS && health != "red") break;
            why = "cluster health is " + std::string(health.empty() ? "unknown" : health);
        } else {
            why = reply_reason(r);
        }
        auto wait = backoff.next(r.retry_after >= 0 ? std::optional<double>(r.retry_after) : std::nullopt);
        if (!wait)
            return fb::Status::Unavailable(where_ + ": unavailable after " + std::to_string(backoff.attempts()) +
                                           " attempts: " + why);
        sleep_for(*wait);
    }
    if (template_file.empty()) return fb::Status::Ok();
    std::ifstream in(template_file);
    if (!in) return fb::Status::NoInput("cannot open template '" + template_file + "'");
    std::stringstream text;
    text << in.rdbuf();
    fb::HttpResponse r = send(session, request("PUT", "/_index_template/" + template_name, text.str(), false));
    if (!r.error.empty()) return fb::Status::Unavailable(where_ + ": installing the template: " + fb::mask_uri(r.error));
    if (r.status != 200)
        return fb::Status::Config(where_ + ": template " + template_file + " refused: " + reply_reason(r));
    return fb::Status::Ok();
}

void BulkWriter::deliver(fb::BatchRecords& records, const BulkBatch& batch, int worker) {
    fb::HttpSession& session = *sessions_[static_cast<size_t>(worker)];
    fb::Backoff backoff(opt_.retry, 0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(worker + 1));
    size_t n = batch.ends.size();
    records.errors.assign(n, std::string());
    std::vector<size_t> pending(n), again;
    for (size_t i = 0; i < n; ++i) pending[i] = i;
    std::string path = "/_bulk";
    if (!opt_.refresh.empty()) path += "?refresh=" + opt_.refresh;
    simdjson::dom::parser parser;
    std::string body;
    size_t take = n;  // items per request; halved when the server says the body is too large
    while (!pending.empty()) {
        // Items beyond `take` wait for the next round, after any retries of this one.
        std::vector<size_t> later(pending.begin() + static_cast<std::ptrdiff_t>(std::min(take, pending.size())), pending.end());
        pending.resize(std::min(take, pending.size()));
        body.clear();
        for (size_t i : pending) body += batch.item(i);
        fb::HttpResponse r = send(session, request("POST", path, body, true));
        std::string failure;  // the whole request failed: why
        again.clear();
        if (r.error.empty() && r.status == 413) {
            if (pending.size() == 1) {
                records.errors[pending[0]] = "HTTP 413: the document is larger than the server accepts";
                pending = std::move(later);
            } else {
                take = pending.size() / 2;
                pending.insert(pending.end(), later.begin(), later.end());
            }
            continue;
        }
        if (r.tls_refused) {
            records.status = fb::Status::Unavailable(where_ + ": TLS refused: " + fb::mask_uri(r.error));
            return;
        } else if (!r.error.empty()) {
            failure = fb::mask_uri(r.error);
        } else if (r.status == 401 || r.status == 403) {
            records.status = fb::Status::Unavailable(where_ + ": " + refused(r));
            return;
        } else if (retryable(r.status)) {
            failure = reply_reason(r);
        } else if (r.status != 200) {
            records.status = fb::Status::Config(where_ + ": _bulk refused: " + reply_reason(r));
            return;
        } else {
            simdjson::dom::element doc;
            simdjson::dom::array items;
            if (parser.parse(r.body).get(doc) || doc["items"].get_array().get(items)) {
                failure = "unreadable _bulk response";
            } else {
                size_t k = 0;
                for (simdjson::dom::element item : items) {
                    if (k >= pending.size()) break;
                    size_t record = pending[k++];
                    simdjson::dom::object op;
                    int64_t status = 0;
                    for (auto field : item.get_object()) op = field.value.get_object();
                    if (op["status"].get(status) != simdjson::SUCCESS) status = 0;  // unreadable: refused
                    if (status >= 200 && status < 300) {
                        std::string_view result;
                        if (op["result"].get(result) == simdjson::SUCCESS && result == "created") ++counts_.created;
                        else ++counts_.updated;
                    } else if (retryable(status)) {
                        again.push_back(record);
                    } else {
                        std::string_view type, reason;
                        simdjson::dom::element error;
                        std::string text = "HTTP " + std::to_string(status);
                        if (op["error"].get(error) == simdjson::SUCCESS) {
                            if (error["type"].get(type) == simdjson::SUCCESS) text += ": " + std::string(type);
                            if (error["reason"].get(reason) == simdjson::SUCCESS) text += ": " + std::string(reason);
                        }
                        records.errors[record] = fb::one_line(text);
                    }
                }
                if (k != pending.size()) failure = "the _bulk response has " + std::to_string(k) + " items for " +
                                                   std::to_string(pending.size()) + " sent";
            }
        }
        if (failure.empty() && again.empty()) {
            pending = std::move(later);
            continue;
        }
        auto wait = backoff.next(r.retry_after >= 0 ? std::optional<double>(r.retry_after) : std::nullopt);
        if (!wait) {
            if (!failure.empty()) {
                records.status = fb::Status::Unavailable(where_ + ": gave up after " +
                                                         std::to_string(backoff.attempts()) + " attempts: " + failure);
                return;
            }
            for (size_t i : again)
                records.errors[i] = "still refused as retryable (429/5xx) after " + std::to_string(backoff.attempts()) + " attempts";
            for (size_t i : later) records.errors[i] = "not written: the batch gave up on retries first";
            return;
        }
        if (failure.empty()) {  // only some items: send those again, then what is left
            counts_.retried_items += static_cast<int64_t>(again.size());
            again.insert(again.end(), later.begin(), later.end());
            pending.swap(again);
        } else {  // the whole request: all of it again
            ++counts_.retried_requests;
            for (size_t i : pending) records.errors[i].clear();
            pending.insert(pending.end(), later.begin(), later.end());
        }
        sleep_for(*wait);
    }
}

}  // namespace sinkes
