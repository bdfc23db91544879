#include "fb/http_client.h"

#include <curl/curl.h>

namespace fb {

struct HttpPool::Transfer {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpRequest request;
    HttpResponse response;
    char error[CURL_ERROR_SIZE] = {};
};

namespace {
size_t on_body(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};
}  // namespace

HttpPool::HttpPool(size_t concurrency, long timeout_ms, Callback done)
    : concurrency_(concurrency == 0 ? 1 : concurrency), timeout_ms_(timeout_ms), done_(std::move(done)) {
    static CurlGlobal global;
    multi_ = curl_multi_init();
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(concurrency_));
}

HttpPool::~HttpPool() {
    drain();
    for (Transfer* t : idle_) {
        curl_slist_free_all(t->headers);
        curl_easy_cleanup(t->easy);
        delete t;
    }
    curl_multi_cleanup(multi_);
}

void HttpPool::submit(HttpRequest request) {
    while (in_flight_ >= concurrency_) perform(1000);
    Transfer* t;
    if (!idle_.empty()) {
        t = idle_.back();
        idle_.pop_back();
        curl_easy_reset(t->easy);
    } else {
        t = new Transfer;
        t->easy = curl_easy_init();
    }
    t->request = std::move(request);
    t->response = HttpResponse{};
    t->response.tag = t->request.tag;
    t->error[0] = '\0';
    curl_slist_free_all(t->headers);
    t->headers = nullptr;
    for (const auto& h : t->request.headers) t->headers = curl_slist_append(t->headers, h.c_str());
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->request.method.c_str());
    if (t->request.method != "GET") {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->request.body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->request.body.size()));
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t->response.body);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "fbkit");
    curl_multi_add_handle(multi_, e);
    ++in_flight_;
    perform(0);
}

void HttpPool::perform(int wait_ms) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    if (wait_ms > 0 && running > 0) {
        curl_multi_poll(multi_, nullptr, 0, wait_ms, nullptr);
        curl_multi_perform(multi_, &running);
    }
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
        if (msg->msg != CURLMSG_DONE) continue;
        Transfer* t = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
        if (msg->data.result == CURLE_OK) {
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->response.status);
        } else {
            t->response.error = t->error[0] ? t->error : curl_easy_strerror(msg->data.result);
        }
        curl_multi_remove_handle(multi_, msg->easy_handle);
        --in_flight_;
        idle_.push_back(t);
        done_(t->response);
    }
}

void HttpPool::drain() {
    while (in_flight_ > 0) perform(1000);
}

}  // namespace fb
