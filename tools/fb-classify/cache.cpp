#include "cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <simdjson.h>

#include "fb/json_text.h"
#include "llm.h"

namespace classify {

namespace {

void fnv(uint64_t& h, std::string_view s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
}

}  // namespace

Cache::Cache(const Categories& categories, std::string label, std::string endpoint)
    : categories_(categories), label_(std::move(label)), endpoint_(std::move(endpoint)) {
    while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
}

Cache::~Cache() {
    if (fd_ >= 0) close(fd_);
}

uint64_t Cache::key(std::string_view text) {
    folded_.clear();
    folder_.fold(text, folded_);
    uint64_t h = 0xcbf29ce484222325ull;
    // Runs of blanks count as one space; leading and trailing blanks do not count.
    bool space = false, started = false;
    for (char c : folded_) {
        bool blank = fb::json::is_json_space(c);
        if (blank) {
            space = started;
            continue;
        }
        if (space) fnv(h, " ");
        space = false;
        started = true;
        fnv(h, std::string_view(&c, 1));
    }
    fnv(h, std::string_view("\x1f", 1));
    fnv(h, label_);
    fnv(h, std::string_view("\x1f", 1));
    fnv(h, kPromptVersion);
    if (!endpoint_.empty()) {  // absent for OpenAI's own API, so caches made before stay valid
        fnv(h, std::string_view("\x1f", 1));
        fnv(h, endpoint_);
    }
    return h;
}

const Verdict* Cache::find(uint64_t key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
}

fb::Status Cache::open(const std::string& path, std::vector<std::string>& warnings) {
    path_ = path;
    {
        std::ifstream in(path);
        std::string line;
        size_t number = 0;
        simdjson::dom::parser parser;
        while (std::getline(in, line)) {
            ++number;
            if (line.empty()) continue;
            simdjson::dom::object o;
            std::string_view key, category, sentiment, classifier;
            int64_t rating = 0;
            if (parser.parse(line).get(o) || o["key"].get(key) || key.size() != 16 || o["SentimentRating"].get(rating) ||
                o["Agrupador"].get(category) || o["Sentimento"].get(sentiment) || o["classifier"].get(classifier) ||
                rating < 1 || rating > 5 || (sentiment != "Positivo" && sentiment != "Negativo")) {
                warnings.push_back(path + ":" + std::to_string(number) + ": not a cache entry, skipped");
                continue;
            }
            int c = categories_.find(category);
            if (c < 0) continue;  // written with another category list
            Verdict v;
            v.rating = static_cast<int>(rating);
            v.category = c;
            v.sentiment = sentiment == "Positivo" ? 1 : -1;
            v.classifier = std::string(classifier);
            v.cached = true;
            entries_[std::strtoull(std::string(key).c_str(), nullptr, 16)] = std::move(v);
        }
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) return fb::Status::IOError(path + ": cannot open the cache: " + std::strerror(errno));
    return fb::Status::Ok();
}

fb::Status Cache::put(uint64_t key, const Verdict& v) {
    if (!v.complete()) return fb::Status::Ok();
    Verdict stored = v;
    stored.cached = true;
    stored.truncated = false;
    stored.error.clear();
    stored.confidence = -1;
    entries_[key] = stored;
    if (fd_ < 0) return fb::Status::Ok();
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(key));
    line_ = "{\"key\":\"";
    line_ += hex;
    line_ += "\",\"SentimentRating\":";
    fb::json::append_int(line_, v.rating);
    line_ += ",\"Agrupador\":";
    fb::json::append_string(line_, categories_.name(static_cast<size_t>(v.category)));
    line_ += v.sentiment > 0 ? ",\"Sentimento\":\"Positivo\"" : ",\"Sentimento\":\"Negativo\"";
    line_ += ",\"classifier\":";
    fb::json::append_string(line_, v.classifier);
    line_ += "}\n";
    ssize_t n = ::write(fd_, line_.data(), line_.size());
    if (n != static_cast<ssize_t>(line_.size())) return fb::Status::IOError(path_ + ": cannot append to the cache");
    return fb::Status::Ok();
}

}  // namespace classify
