#include "fb/http_client.h"

#include <curl/curl.h>

#include <cctype>
#include <cstdlib>
#include <string_view>

namespace fb {

struct HttpPool::Transfer {
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    HttpRequest request;
    HttpResponse response;
    char error[CURL_ERROR_SIZE] = {};
};

namespace {
// Transport errors that come back the same however long one waits: the server's certificate is
// not trusted, or ours (or its key) cannot be used.
bool tls_refused(CURLcode rc) {
    return rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
    std::string_view h(data, size * n);
    constexpr std::string_view kName = "retry-after:";
    if (h.size() > kName.size()) {
        bool match = true;
        for (size_t i = 0; i < kName.size() && match; ++i)
            match = static_cast<char>(std::tolower(static_cast<unsigned char>(h[i]))) == kName[i];
        if (match) {
            double seconds = std::strtod(std::string(h.substr(kName.size())).c_str(), nullptr);
            if (seconds >= 0) static_cast<HttpResponse*>(user)->retry_after = seconds;
        }
    }
    return size * n;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

// The options every request shares, for the pool and the session alike.
void configure(CURL* e, const HttpRequest& request, curl_slist* headers, HttpResponse& response, char* error,
               long timeout_ms) {
    curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (request.method != "GET") {
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "fbkit");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // any compression libcurl can undo
}
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
    configure(e, t->request, t->headers, t->response, t->error, timeout_ms_);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t);
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
            t->response.tls_refused = tls_refused(msg->data.result);
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

HttpSession::HttpSession(long timeout_ms, HttpSecurity security)
    : timeout_ms_(timeout_ms), security_(std::move(security)) {
    static CurlGlobal global;
    easy_ = curl_easy_init();
}

HttpSession::~HttpSession() { curl_easy_cleanup(static_cast<CURL*>(easy_)); }

HttpResponse HttpSession::perform(const HttpRequest& request) {
    CURL* e = static_cast<CURL*>(easy_);
    curl_easy_reset(e);  // keeps the connection cache
    HttpResponse response;
    response.tag = request.tag;
    char error[CURL_ERROR_SIZE] = {};
    curl_slist* headers = nullptr;
    for (const auto& h : request.headers) headers = curl_slist_append(headers, h.c_str());
    configure(e, request, headers, response, error, timeout_ms_);
    if (!security_.username.empty()) {
        curl_easy_setopt(e, CURLOPT_USERNAME, security_.username.c_str());
        curl_easy_setopt(e, CURLOPT_PASSWORD, security_.password.c_str());
    }
    if (!security_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, security_.ca_file.c_str());
    if (!security_.cert_file.empty()) curl_easy_setopt(e, CURLOPT_SSLCERT, security_.cert_file.c_str());
    if (!security_.key_file.empty()) curl_easy_setopt(e, CURLOPT_SSLKEY, security_.key_file.c_str());
    if (security_.insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    CURLcode rc = curl_easy_perform(e);
    if (rc == CURLE_OK) curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &response.status);
    else {
        response.error = error[0] ? error : curl_easy_strerror(rc);
        response.tls_refused = tls_refused(rc);
    }
    curl_slist_free_all(headers);
    return response;
}

}  // namespace fb
