#pragma once
// The LLM backend: OpenAI-compatible chat completions and Ollama's native /api/chat, many calls in
// flight on one thread (libcurl multi through fb::HttpPool), each retried with backoff and jitter
// on 429, 5xx and transport errors (honouring Retry-After) until a deadline, and once more on a
// reply outside the schema. Calls start no faster than --max-rps.
//
// The prompt is versioned (kPromptVersion): the cache key includes it, so changing the prompt
// never serves answers given to an older one.
// Thread-safety: one LlmClient per thread.

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "categories.h"
#include "fb/backoff.h"
#include "fb/http_client.h"
#include "fb/status.h"
#include "verdict.h"

namespace classify {

inline constexpr std::string_view kPromptVersion = "fbkit-classify-prompt-v1";

enum class LlmApi { openai, ollama };

struct LlmConfig {
    LlmApi api = LlmApi::openai;
    std::string base_url;     // OpenAI: ".../v1"; Ollama: "http://host:11434"
    std::string api_key;      // Bearer token (OpenAI); optional for Ollama
    std::string model;
    std::string json_mode = "schema";  // schema | object | none
    size_t concurrency = 8;
    double timeout_seconds = 60;
    double retry_for_seconds = 120;
    double max_rps = 0;       // 0: no limit
    size_t max_chars = 4000;  // longer texts are cut (bytes, on a character boundary)
};

// The label of a backend for _fb.classifier and the cache key: "openai:gpt-4o-mini".
std::string llm_label(const LlmConfig& c);

// OpenAI's own API, the default --base-url of --api openai.
inline constexpr std::string_view kOpenAiBaseUrl = "https://api.openai.com/v1";

// Builds the request body for one text.
std::string llm_request_body(const LlmConfig& c, const Categories& categories, std::string_view text);

// Parses a reply body (HTTP 200) into a verdict. Returns false with `error` when the reply does
// not hold exactly the schema's object (rating 1..5, a listed category, Positivo/Negativo).
// Adds the reply's token counts to `tokens`.
bool llm_parse_reply(const LlmConfig& c, const Categories& categories, std::string_view body, Verdict& v,
                     std::string& error, uint64_t& tokens);

struct LlmStats {
    uint64_t calls = 0;        // HTTP requests sent
    uint64_t retries = 0;      // of which repeats
    uint64_t failures = 0;     // texts given up on
    uint64_t invalid_replies = 0;
    uint64_t tokens = 0;
};

class LlmClient {
public:
    using Done = std::function<void(uint64_t id, Verdict verdict)>;
    LlmClient(LlmConfig config, const Categories& categories, Done done);
    ~LlmClient();

    // Queues a text; `done(id, verdict)` is called from poll() when it is answered or given up.
    void submit(uint64_t id, std::string text);
    // Starts what may start and runs transfers for at most `wait_ms`.
    void poll(int wait_ms);
    size_t pending() const { return pending_; }
    const LlmStats& stats() const { return stats_; }
    const LlmConfig& config() const { return config_; }

private:
    struct Call {
        uint64_t id;
        std::string text;
        bool truncated = false;
        int invalid = 0;  // replies outside the schema so far
        int sent = 0;     // requests made for it
        fb::Backoff backoff;
        std::chrono::steady_clock::time_point due;
    };
    void start(std::unique_ptr<Call> call);
    void finished(const fb::HttpResponse& r);
    void fail(const Call& call, std::string error);
    void retry_or_fail(std::unique_ptr<Call> call, const std::string& why, std::optional<double> retry_after);

    LlmConfig config_;
    const Categories& categories_;
    Done done_;
    std::string url_;
    std::vector<std::string> headers_;
    std::unique_ptr<fb::HttpPool> pool_;
    std::deque<std::unique_ptr<Call>> ready_;  // waiting for a free slot
    struct Later {
        bool operator()(const std::unique_ptr<Call>& a, const std::unique_ptr<Call>& b) const { return a->due > b->due; }
    };
    std::priority_queue<std::unique_ptr<Call>, std::vector<std::unique_ptr<Call>>, Later> waiting_;  // backing off
    std::vector<std::unique_ptr<Call>> in_flight_;  // indexed by slot (tag)
    std::vector<size_t> free_slots_;
    std::chrono::steady_clock::time_point next_start_;
    size_t pending_ = 0;
    fb::BackoffPolicy policy_;
    uint64_t seed_ = 1;
    LlmStats stats_;
};

}  // namespace classify
