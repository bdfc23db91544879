#pragma once
// The persistent answer cache (--cache FILE): one NDJSON line per answered text,
//   {"key":"<16 hex digits>","SentimentRating":4,"Agrupador":"Cartão","Sentimento":"Negativo","classifier":"openai:gpt-4o-mini"}
// where key is a 64-bit FNV-1a hash of (folded text with runs of blanks collapsed, backend label,
// model, prompt version, and the endpoint unless it is the public OpenAI API: the same model name
// on two servers may be two different models). The file is read at start and appended to, one write(2) per line with
// O_APPEND, so several runs may share it; a damaged line is skipped with a warning, never fatal.
// Only complete answers are cached: failures are asked again next time.
// Thread-safety: one Cache per thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "categories.h"
#include "fb/status.h"
#include "fb/text.h"
#include "verdict.h"

namespace classify {

class Cache {
public:
    // endpoint: the server's base URL, or empty for one whose model names are global (OpenAI's).
    Cache(const Categories& categories, std::string label, std::string endpoint = {});
    ~Cache();

    // Opens (creating) the file and loads what it holds; warnings name the file and line.
    fb::Status open(const std::string& path, std::vector<std::string>& warnings);

    // The key of a text for this backend and prompt.
    uint64_t key(std::string_view text);
    const Verdict* find(uint64_t key) const;
    // Remembers a complete verdict (in memory, and in the file when one is open).
    fb::Status put(uint64_t key, const Verdict& v);
    size_t size() const { return entries_.size(); }

private:
    const Categories& categories_;
    std::string label_;
    std::string endpoint_;
    std::string path_;
    int fd_ = -1;
    std::unordered_map<uint64_t, Verdict> entries_;
    fb::TextFolder folder_;
    std::string folded_, line_;
};

}  // namespace classify
