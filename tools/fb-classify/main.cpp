// fb-classify: criticality (SentimentRating 1..5), category (Agrupador) and Sentimento for each
// feedback record: an embedded lexicon by default, a fastText model trained with
// `fb-classify train`, or an LLM (OpenAI-compatible or Ollama), alone or only for the records the
// local model is unsure of.

#include <sys/stat.h>

#include <charconv>
#include <deque>
#include <memory>
#include <thread>
#include <unordered_map>

#include "cache.h"
#include "categories.h"
#include "fasttext_model.h"
#include "fb/cli.h"
#include "fb/line_workers.h"
#include "fb/env.h"
#include "fb/signals.h"
#include "fb/tool_run.h"
#include "lexicon.h"
#include "llm.h"
#include "memo.h"
#include "record.h"

namespace {

const char* kDescription = R"(Add SentimentRating (criticality 1..5), Agrupador (category) and Sentimento (Positivo/Negativo)
to each feedback record, from its Description (replaces the Spark UDF that asked the OpenAI API).

Backends:
  lexicon   (default) an embedded lexicon-and-rules classifier for Brazilian-Portuguese bank
            complaints: no network, no files, about 250,000 records a second per thread.
  fasttext  a model trained with 'fb-classify train' on your labelled records (--model FILE).
  llm       an LLM: any OpenAI-compatible chat-completions API or Ollama (--api, --model).
With --fallback llm, only the records the local backend is unsure of (confidence below
--min-confidence) go to the LLM. The local backends alone can run on several threads
(--threads); output keeps the input order either way.

Each record gets _fb.classifier (which backend answered) and _fb.confidence (0..1, local
backends). A record that cannot be classified (no Description, an LLM that keeps failing) is
still written, with the three fields null and _fb.error saying why. Every other field passes
through unchanged.)";

const char* kExamples = R"(
Examples:
  fb-classify < enriched.ndjson > classified.ndjson                   # embedded lexicon
  fb-gen -n 1000 | fb-ingest | fb-classify --stats -
  fb-classify train -o model.ftz labelled.ndjson                      # learn from your labels
  fb-classify --model model.ftz < enriched.ndjson
  OPENAI_API_KEY=sk-... fb-classify --backend llm --model gpt-4o-mini --cache answers.ndjson
  OLLAMA_HOST=gpu-box:11434 fb-classify --backend llm --api ollama --model llama3.1
  fb-classify --fallback llm --min-confidence 0.8 --cache answers.ndjson   # LLM only when unsure

Training (fb-classify train -o MODEL [FILE...]): NDJSON records with the text (--text-field,
default Description) and any of Sentimento, Agrupador, SentimentRating; a model head is trained
for each label present. Records with neither text nor a usable label are rejected.

LLM backend: the prompt (version fbkit-classify-prompt-v1) asks for strict JSON (the API's JSON
schema mode; --json-mode object|none for servers without it). A reply outside the schema is asked
again once; 429, 5xx and timeouts are retried with backoff and jitter, honouring Retry-After,
for --retry-for seconds. Texts longer than --max-chars are cut (_fb.truncated). Answers are
cached by (normalised text, backend, model, prompt version) in --cache FILE, across runs; a
run's repeated texts wait for the one call in flight. Output keeps the input order.

Environment:
  OPENAI_API_KEY, OPENAI_BASE_URL   OpenAI-compatible API (key required for --api openai; a
                                    keyless local server takes any value)
  OLLAMA_HOST                       Ollama (--api ollama: native /api/chat; --api ollama-openai:
                                    its /v1 OpenAI-compatible API)

Memo (--memo N, default 262144): the local backends answer a text the same way every time, so
each thread remembers the verdicts of up to N distinct texts (of at most 1 KiB; 32 MiB of text
at most, then it starts afresh) and a repeated text is not classified again; when fewer than
1 in 8 lookups hit, it pauses for 122880 texts, then looks again. Output is byte-identical
with --memo 0; memo_hits in --stats counts the records it answered.

Statistics (--stats): classified, unclassified, by_backend, memo_hits, llm_calls, llm_retries,
llm_failures, llm_invalid_replies, llm_tokens, cache_hits, cache_entries, waited_for_duplicate,
routed_to_llm, truncated.

Exit status: 0 ok (records the LLM could not classify are written with _fb.error), 64 usage,
65 lines rejected (invalid JSON), 66 a file missing, 69 LLM failures with --fail-on-error,
74 I/O error, 78 bad configuration (no API key, bad lexicon or model file).
See fb-classify(1).
)";

struct Options {
    fb::CommonOptions common;
    std::string backend = "auto";
    std::string model;
    std::string api;
    std::string base_url;
    std::string llm_model;
    std::string fallback;
    double min_confidence = 0.75;
    size_t concurrency = 8;
    double max_rps = 0;
    double timeout = 60;
    double retry_for = 120;
    size_t max_chars = 4000;
    std::string json_mode = "schema";
    std::string cache;
    bool fail_on_error = false;
    std::string categories;
    std::string lexicon_dir;
    std::string text_field = "Description";
    bool explain = false;
    int threads = 1;
    size_t memo = classify::VerdictMemo::kDefaultTexts;
    // train
    classify::TrainOptions train;
};

bool is_file(const std::string& path) {
    struct stat st {};
    return !path.empty() && stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The LLM settings from flags, then the environment, then defaults (DESIGN §4).
fb::Result<classify::LlmConfig> llm_config(const Options& o, const std::string& model) {
    classify::LlmConfig c;
    std::string api = o.api;
    if (api.empty()) api = !fb::env("OPENAI_API_KEY") && fb::env("OLLAMA_HOST") ? "ollama" : "openai";
    std::string ollama = fb::env("OLLAMA_HOST").value_or("http://127.0.0.1:11434");
    if (ollama.find("://") == std::string::npos) ollama = "http://" + ollama;
    while (!ollama.empty() && ollama.back() == '/') ollama.pop_back();
    if (api == "ollama") {
        c.api = classify::LlmApi::ollama;
        c.base_url = o.base_url.empty() ? ollama : o.base_url;
        c.model = model.empty() ? "llama3.1" : model;
        c.api_key = fb::env("OLLAMA_API_KEY").value_or("");
    } else if (api == "ollama-openai") {
        c.api = classify::LlmApi::openai;
        c.base_url = o.base_url.empty() ? ollama + "/v1" : o.base_url;
        c.model = model.empty() ? "llama3.1" : model;
        c.api_key = fb::env("OPENAI_API_KEY").value_or("ollama");
    } else {
        c.api = classify::LlmApi::openai;
        c.base_url = !o.base_url.empty() ? o.base_url : fb::env("OPENAI_BASE_URL").value_or(std::string(classify::kOpenAiBaseUrl));
        c.model = model.empty() ? "gpt-4o-mini" : model;
        auto key = fb::env("OPENAI_API_KEY");
        if (!key)
            return fb::Status::Config("OPENAI_API_KEY is not set (the OpenAI API needs a key; for a keyless "
                                      "OpenAI-compatible server set it to any value)");
        c.api_key = *key;
    }
    c.json_mode = o.json_mode;
    c.concurrency = o.concurrency;
    c.timeout_seconds = o.timeout;
    c.retry_for_seconds = o.retry_for;
    c.max_rps = o.max_rps;
    c.max_chars = o.max_chars;
    return c;
}

// --- training ---------------------------------------------------------------------------------

int run_train(Options& o, const classify::Categories& categories) {
    fb::ToolRun run("fb-classify", o.common);
    if (o.common.output.empty() || o.common.output == "-")
        return run.finish(fb::Status::Usage("train: give the model file to write with -o FILE"));
    std::string model_path = o.common.output;
    o.common.output = "/dev/null";  // records are not written in training
    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);

    std::vector<classify::TrainingExample> examples;
    fb::TextFolder folder;
    fb::JsonLineParser parser;
    std::string error;
    namespace od = simdjson::ondemand;
    using simdjson::error_code;
    fb::Status work = run.for_each_line([&](const fb::Line& line, const std::string& source) {
        classify::TrainingExample ex;
        std::string_view text;
        bool has_text = false;
        std::string problem;
        // Reads a string label; null means "no label"; anything else is a problem.
        auto label = [&](od::value& v, std::string_view& s, bool& present) -> error_code {
            od::json_type t;
            if (auto e = v.type().get(t)) return e;
            present = t != od::json_type::null;
            if (t == od::json_type::string) return fb::JsonLineParser::read_string(v, s);
            return parser.walk(v);
        };
        auto visit = [&](std::string_view key, od::value& v) -> error_code {
            std::string_view s;
            bool present = false;
            if (key == o.text_field) {
                if (auto e = label(v, text, present)) return e;
                has_text = !text.empty();
                if (present && !has_text) problem = o.text_field + ": not a non-empty string";
                return error_code::SUCCESS;
            }
            if (key == "Sentimento") {
                if (auto e = label(v, s, present)) return e;
                if (s == "Positivo" || s == "Negativo") ex.sentiment = s == "Positivo" ? 1 : -1;
                else if (present) problem = "Sentimento: must be \"Positivo\" or \"Negativo\"";
                return error_code::SUCCESS;
            }
            if (key == "Agrupador") {
                if (auto e = label(v, s, present)) return e;
                if (!s.empty()) ex.category = categories.find(s);
                if (present && ex.category < 0) problem = "Agrupador: not in the category list";
                return error_code::SUCCESS;
            }
            if (key == "SentimentRating") {
                std::string_view raw;
                if (auto e = parser.walk_span(v, raw)) return e;
                int r = 0;
                auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), r);
                if (ec == std::errc() && end == raw.data() + raw.size() && r >= 1 && r <= 5) ex.rating = r;
                else if (raw != "null") problem = "SentimentRating: must be an integer 1..5";
                return error_code::SUCCESS;
            }
            return parser.walk(v);
        };
        if (!parser.parse(line.text, visit, error)) {
            run.reject(source, line.number, error, line.text);
            return true;
        }
        if (problem.empty() && !has_text) problem = o.text_field + ": missing";
        if (problem.empty() && !ex.sentiment && ex.category < 0 && !ex.rating)
            problem = "no label: give Sentimento, Agrupador or SentimentRating";
        if (!problem.empty()) {
            run.reject(source, line.number, problem, line.text);
            return true;
        }
        classify::training_text(folder, text, ex.tokens);
        examples.push_back(std::move(ex));
        ++run.stats.written;
        return true;
    });
    if (!work.ok()) return run.finish(work);
    auto summary = classify::train_model(examples, categories, o.train, model_path);
    if (!summary.ok()) return run.finish(summary.status());
    run.stats.add("sentiment_examples", static_cast<int64_t>(summary->sentiment));
    run.stats.add("category_examples", static_cast<int64_t>(summary->category));
    run.stats.add("rating_examples", static_cast<int64_t>(summary->rating));
    run.reporter.note("model written to " + model_path + " (examples: sentiment " + std::to_string(summary->sentiment) +
                              ", category " + std::to_string(summary->category) + ", rating " +
                              std::to_string(summary->rating) + ")");
    return run.finish(fb::Status::Ok());
}

// --- classification ---------------------------------------------------------------------------

// Which backend answers: --backend, or from --model when it is "auto".
fb::Result<std::string> resolve_backend(const Options& o) {
    std::string backend = o.backend;
    bool looks_like_file = o.model.find('/') != std::string::npos || o.model.ends_with(".ftz") || o.model.ends_with(".bin");
    if (backend == "auto" && looks_like_file && !is_file(o.model)) return fb::Status::NoInput(o.model + ": no such model file");
    if (backend == "auto") backend = is_file(o.model) ? "fasttext" : !o.model.empty() ? "llm" : "lexicon";
    if (backend == "fasttext" && o.model.empty())
        return fb::Status::Usage("--backend fasttext needs --model FILE (from 'fb-classify train')");
    if (backend == "llm" && !o.fallback.empty())
        return fb::Status::Usage("--fallback llm goes with a local backend (lexicon or fasttext), not --backend llm");
    return backend;
}

// The local models of one thread: the lexicon (always: it also fills what a fastText model has
// no head for) and the fastText model with --backend fasttext.
struct LocalModels {
    std::unique_ptr<classify::Lexicon> lexicon;
    std::unique_ptr<classify::FastTextModel> fasttext;
    classify::VerdictMemo memo;

    static fb::Result<LocalModels> load(const Options& o, const classify::Categories& categories, const std::string& backend) {
        auto data = o.lexicon_dir.empty() ? fb::Result<classify::LexiconData>(classify::LexiconData::embedded())
                                          : classify::LexiconData::from_dir(o.lexicon_dir);
        if (!data.ok()) return data.status();
        auto lex = classify::Lexicon::load(*data, categories);
        if (!lex.ok()) return lex.status().context(o.lexicon_dir.empty() ? "embedded lexicon: " : o.lexicon_dir + "/");
        LocalModels m;
        m.memo = classify::VerdictMemo(o.memo);
        m.lexicon = std::move(*lex);
        if (backend == "fasttext") {
            auto ft = classify::FastTextModel::load(o.model, categories, m.lexicon.get());
            if (!ft.ok()) return ft.status();
            m.fasttext = std::move(*ft);
        }
        return m;
    }
    classify::Verdict classify(std::string_view text, bool explain) {
        if (explain) {
            classify::Verdict v = fasttext ? fasttext->classify(text) : lexicon->classify(text);
            if (!fasttext) v.explain = lexicon->explain();
            return v;
        }
        return memo.get(text, [&] { return fasttext ? fasttext->classify(text) : lexicon->classify(text); });
    }
};

// What was written, for --stats.
struct Tallies {
    uint64_t classified = 0, unclassified = 0, truncated = 0, memo_hits = 0;
    std::unordered_map<std::string, uint64_t> by_backend;
    // The counter of the last classifier name seen: nearly every record has the same one, so the
    // map is looked up when it changes, not per record (its elements never move).
    std::string last_classifier;
    uint64_t* last_count = nullptr;

    void count(const classify::Verdict& v) {
        if (v.complete()) {
            ++classified;
            if (v.cached) {
                ++by_backend["cache"];
            } else {
                if (!last_count || v.classifier != last_classifier) {
                    last_classifier = v.classifier;
                    last_count = &by_backend[backend_name(v.classifier)];
                }
                ++*last_count;
            }
        } else {
            ++unclassified;
        }
        if (v.truncated) ++truncated;
    }
    void merge(const Tallies& t) {
        classified += t.classified;
        unclassified += t.unclassified;
        truncated += t.truncated;
        memo_hits += t.memo_hits;
        for (const auto& [name, n] : t.by_backend) by_backend[name] += n;
    }
    void report(fb::Stats& stats) const {
        stats.add("classified", static_cast<int64_t>(classified));
        stats.add("unclassified", static_cast<int64_t>(unclassified));
        for (const auto& [name, n] : by_backend) stats.add("by_" + name, static_cast<int64_t>(n));
        if (truncated) stats.add("truncated", static_cast<int64_t>(truncated));
        stats.add("memo_hits", static_cast<int64_t>(memo_hits));
    }
    static std::string backend_name(const std::string& classifier) {
        // "lexicon-v1" -> lexicon, "fasttext+lexicon" -> fasttext, "openai:gpt-4o-mini" -> openai
        size_t end = classifier.find_first_of(":+-");
        return classifier.substr(0, end);
    }
};

// The local backends alone (no LLM): each thread reads, classifies and writes its own records
// (fb::LineWorkers keeps the input order; one thread works inline on the reader's buffer).
fb::Status run_local(const Options& o, fb::ToolRun& run, const classify::Categories& categories, const std::string& backend) {
    int threads = o.threads > 0 ? o.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    struct Worker {
        Worker(const std::string& field, const classify::Categories& categories, LocalModels m)
            : editor(field, categories), models(std::move(m)) {}
        classify::RecordEditor editor;
        LocalModels models;
        Tallies tallies;
    };
    std::vector<std::unique_ptr<Worker>> workers;
    std::vector<fb::LineWork> works;
    for (int i = 0; i < threads; ++i) {
        auto models = LocalModels::load(o, categories, backend);
        if (!models.ok()) return models.status();
        Worker& w = *workers.emplace_back(std::make_unique<Worker>(o.text_field, categories, std::move(*models)));
        if (!o.explain) w.editor.on_text([&w](std::string_view text) { w.models.memo.prefetch(text); });
        works.emplace_back([&w, explain = o.explain](const fb::Line& line, fb::LineSink& sink) {
            if (!w.editor.read(line.text)) {
                sink.reject(w.editor.error());
                return;
            }
            classify::Verdict v;
            if (!w.editor.text_problem().empty()) v.error = w.editor.text_problem();
            else v = w.models.classify(w.editor.text(), explain);
            w.tallies.count(v);
            w.editor.render(v, sink.buffer());
            sink.write();
        });
    }
    if (fb::Status s = run.open(); !s.ok()) return s;
    fb::Status work = fb::LineWorkers::run(run, works);
    Tallies total;
    for (const auto& w : workers) {
        w->tallies.memo_hits = w->models.memo.hits();
        total.merge(w->tallies);
    }
    total.report(run.stats);
    return work;
}

// Records waiting for the LLM keep their place: output leaves in input order.
struct Slot {
    std::string line;  // with simdjson padding reserved
    classify::Verdict verdict;
    classify::Verdict local;  // the local answer, kept when a fallback call fails
    bool ready = false;
    bool has_local = false;
};

class Classifier {
public:
    Classifier(Options& o, fb::ToolRun& run, const classify::Categories& categories)
        : o_(o), run_(run), categories_(categories), editor_(o.text_field, categories) {}

    // With the LLM: --backend llm, or a local backend with --fallback llm.
    fb::Status setup(const std::string& backend) {
        local_ = backend != "llm";
        if (local_) {
            auto models = LocalModels::load(o_, categories_, backend);
            if (!models.ok()) return models.status();
            local_models_ = std::move(*models);
        }
        auto config = llm_config(o_, backend == "llm" ? o_.model : o_.llm_model);
        if (!config.ok()) return config.status();
        label_ = classify::llm_label(*config);
        std::string endpoint = config->base_url;
        while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
        if (endpoint == classify::kOpenAiBaseUrl) endpoint.clear();  // model names are global there
        cache_ = std::make_unique<classify::Cache>(categories_, label_, endpoint);
        if (!o_.cache.empty()) {
            std::vector<std::string> warnings;
            if (fb::Status s = cache_->open(o_.cache, warnings); !s.ok()) return s;
            for (size_t i = 0; i < warnings.size() && i < 5; ++i) run_.reporter.warn("", warnings[i]);
        }
        llm_ = std::make_unique<classify::LlmClient>(*config, categories_,
                                                     [this](uint64_t key, classify::Verdict v) { answered(key, std::move(v)); });
        max_window_ = std::max<size_t>(1024, o_.concurrency * 64);
        return fb::Status::Ok();
    }

    void line(const fb::Line& line, const std::string& source) {
        if (!editor_.read(line.text)) {
            run_.reject(source, line.number, editor_.error(), line.text);
            return;
        }
        classify::Verdict v;
        if (!editor_.text_problem().empty()) {
            v.error = editor_.text_problem();
            emit_now_or_queue(line.text, std::move(v));
            return;
        }
        std::string_view text = editor_.text();
        if (local_) {
            v = local_models_.classify(text, o_.explain);
            if (v.confidence >= o_.min_confidence) {
                emit_now_or_queue(line.text, std::move(v));
                return;
            }
            ++routed_;
        }
        uint64_t key = cache_->key(text);
        if (const classify::Verdict* hit = cache_->find(key)) {
            ++cache_hits_;
            classify::Verdict c = *hit;
            c.truncated = text.size() > o_.max_chars;
            emit_now_or_queue(line.text, std::move(c));
            return;
        }
        Slot& slot = queue(line.text);
        if (local_) {
            slot.local = std::move(v);
            slot.has_local = true;
        }
        uint64_t seq = first_seq_ + window_.size() - 1;
        auto [it, fresh] = waiting_.try_emplace(key);
        it->second.push_back(seq);
        if (fresh) llm_->submit(key, std::string(text));
        else ++waited_for_duplicate_;
        pump(0);
    }

    // Everything submitted answered and written (end of input, or the input went quiet). After
    // SIGINT/SIGTERM the records still waiting are abandoned (counted; the exit status says so).
    void drain() {
        while (!window_.empty() && !fb::pending_signal()) pump(50);
    }

    void finish_stats() {
        if (local_) tallies_.memo_hits = local_models_.memo.hits();
        tallies_.report(run_.stats);
        if (!window_.empty()) run_.stats.add("abandoned", static_cast<int64_t>(window_.size()));
        {
            const auto& s = llm_->stats();
            run_.stats.add("llm_calls", static_cast<int64_t>(s.calls));
            run_.stats.add("llm_retries", static_cast<int64_t>(s.retries));
            run_.stats.add("llm_failures", static_cast<int64_t>(s.failures));
            run_.stats.add("llm_invalid_replies", static_cast<int64_t>(s.invalid_replies));
            run_.stats.add("llm_tokens", static_cast<int64_t>(s.tokens));
            run_.stats.add("cache_hits", static_cast<int64_t>(cache_hits_));
            run_.stats.add("cache_entries", static_cast<int64_t>(cache_->size()));
            run_.stats.add("waited_for_duplicate", static_cast<int64_t>(waited_for_duplicate_));
            if (local_) run_.stats.add("routed_to_llm", static_cast<int64_t>(routed_));
        }
    }

    bool llm_failed() const { return llm_->stats().failures > 0; }

private:
    Slot& queue(std::string_view text) {
        window_.emplace_back();
        Slot& s = window_.back();
        s.line.reserve(text.size() + simdjson::SIMDJSON_PADDING);
        s.line.assign(text);
        return s;
    }

    void emit_now_or_queue(std::string_view text, classify::Verdict v) {
        if (window_.empty()) {
            write(v);  // the editor still holds this record
            return;
        }
        Slot& s = queue(text);
        s.verdict = std::move(v);
        s.ready = true;
        pump(0);
    }

    void write(const classify::Verdict& v) {
        tallies_.count(v);
        editor_.render(v, run_.out.buffer());
        run_.out.end_line();
        ++run_.stats.written;
    }

    void answered(uint64_t key, classify::Verdict v) {
        if (v.complete()) {
            if (fb::Status s = cache_->put(key, v); !s.ok() && !cache_warned_) {
                run_.reporter.warn("", s.message());
                cache_warned_ = true;
            }
        }
        auto it = waiting_.find(key);
        if (it == waiting_.end()) return;
        for (uint64_t seq : it->second) {
            Slot& s = window_[seq - first_seq_];
            if (!v.complete() && s.has_local) {
                s.verdict = s.local;  // the local answer stands; the failed call is noted
                s.verdict.error = v.error;
            } else {
                s.verdict = v;
            }
            s.ready = true;
        }
        waiting_.erase(it);
    }

    // Runs the LLM client and writes the records at the head of the window that are answered;
    // waits (wait_ms at a time) while the window is full.
    void pump(int wait_ms) {
        do {
            llm_->poll(wait_ms);
            while (!window_.empty() && window_.front().ready) {
                Slot& s = window_.front();
                if (editor_.read(s.line)) write(s.verdict);  // read before: it parsed once already
                window_.pop_front();
                ++first_seq_;
            }
        } while (window_.size() >= max_window_ && !fb::pending_signal());
    }

    Options& o_;
    fb::ToolRun& run_;
    const classify::Categories& categories_;
    classify::RecordEditor editor_;
    LocalModels local_models_;
    std::unique_ptr<classify::Cache> cache_;
    std::unique_ptr<classify::LlmClient> llm_;
    std::string label_;
    bool local_ = true;
    std::deque<Slot> window_;
    uint64_t first_seq_ = 0;
    size_t max_window_ = SIZE_MAX;
    std::unordered_map<uint64_t, std::vector<uint64_t>> waiting_;  // cache key -> window seqs
    uint64_t cache_hits_ = 0, waited_for_duplicate_ = 0, routed_ = 0;
    Tallies tallies_;
    bool cache_warned_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app(kDescription, "fb-classify");
    fb::add_common_options(app, o.common);
    app.add_option("--backend", o.backend, "lexicon, fasttext or llm (default: fasttext when --model is a file, else lexicon)")
        ->check(CLI::IsMember({"auto", "lexicon", "fasttext", "llm"}));
    app.add_option("--model", o.model, "fastText model FILE, or the LLM's model name (gpt-4o-mini, llama3.1)")
        ->type_name("FILE|NAME");
    app.add_option("--api", o.api, "LLM API: openai, ollama or ollama-openai (default: ollama when only OLLAMA_HOST is set)")
        ->check(CLI::IsMember({"openai", "ollama", "ollama-openai"}));
    app.add_option("--base-url", o.base_url, "LLM endpoint (default: OPENAI_BASE_URL or OLLAMA_HOST)")->type_name("URL");
    app.add_option("--llm-model", o.llm_model, "Model name of the LLM used by --fallback")->type_name("NAME");
    app.add_option("--fallback", o.fallback, "Ask the LLM when the local backend is unsure (llm)")
        ->check(CLI::IsMember({"llm"}));
    app.add_option("--min-confidence", o.min_confidence, "With --fallback: local answers below this go to the LLM")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--concurrency", o.concurrency, "LLM calls in flight")->check(CLI::Range(1, 1024))->capture_default_str();
    app.add_option("--max-rps", o.max_rps, "Start at most this many LLM calls a second (0: no limit)")
        ->check(CLI::Range(0.0, 1e6));
    app.add_option("--timeout", o.timeout, "Seconds one LLM call may take")->check(CLI::Range(0.1, 3600.0))->capture_default_str();
    app.add_option("--retry-for", o.retry_for, "Seconds to keep retrying a failing call")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    app.add_option("--max-chars", o.max_chars, "Longer texts are cut (bytes) before they go to the LLM")
        ->check(CLI::Range(16, 1 << 24))
        ->capture_default_str();
    app.add_option("--json-mode", o.json_mode, "How to ask for JSON: schema, object or none (prompt only)")
        ->check(CLI::IsMember({"schema", "object", "none"}))
        ->capture_default_str();
    app.add_option("--cache", o.cache, "Persistent answer cache (NDJSON), shared across runs")->type_name("FILE");
    app.add_flag("--fail-on-error", o.fail_on_error, "Exit 69 when a record could not be classified by the LLM");
    app.add_option("--categories", o.categories, "Category list, one per line (default: the built-in list)")->type_name("FILE");
    app.add_option("--lexicon-dir", o.lexicon_dir, "Use these lexicon data files instead of the built-in ones")->type_name("DIR");
    app.add_option("--text-field", o.text_field, "Field holding the text")->capture_default_str();
    app.add_flag("--explain", o.explain, "Lexicon backend: add _fb.explain with the score and the terms that made it");
    app.add_option("--threads", o.threads, "Threads classifying with a local backend, no LLM (0: one per CPU); output order is kept")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    app.add_option("--memo", o.memo,
                   "Local backends: remember the verdicts of this many distinct texts per thread, so a repeated text is "
                   "classified once (0: off; output is the same either way)")
        ->type_name("N")
        ->check(CLI::Range(size_t{0}, size_t{1} << 30))
        ->capture_default_str();

    CLI::App* train = app.add_subcommand("train", "Train a fastText model from labelled NDJSON (-o MODEL [FILE...])");
    train->fallthrough();
    train->add_option("--epoch", o.train.epoch, "Passes over the data")->check(CLI::Range(1, 1000))->capture_default_str();
    train->add_option("--lr", o.train.lr, "Learning rate")->check(CLI::Range(0.001, 10.0))->capture_default_str();
    train->add_option("--ngrams", o.train.word_ngrams, "Word n-grams")->check(CLI::Range(1, 5))->capture_default_str();
    train->add_option("--dim", o.train.dim, "Vector size")->check(CLI::Range(2, 1000))->capture_default_str();
    train->add_option("--char-ngrams", o.train.maxn, "Longest character n-gram (0: none; 5 helps with typos)")
        ->check(CLI::Range(0, 8))
        ->capture_default_str();
    train->add_option("--min-count", o.train.min_count, "Ignore words seen fewer times")->check(CLI::Range(1, 1000))->capture_default_str();
    train->add_option("--buckets", o.train.buckets, "Hash buckets for word and character n-grams")
        ->check(CLI::Range(1000, 10000000))
        ->capture_default_str();
    train->add_option("--threads", o.train.threads, "Training threads (1 is reproducible)")->check(CLI::Range(1, 256))->capture_default_str();
    train->add_option("--seed", o.train.seed, "Random seed")->capture_default_str();
    fb::set_help(app, kExamples);
    if (auto code = fb::parse_command_line(app, argc, argv)) return *code;
    if (o.train.maxn > 0) o.train.minn = std::min(3, o.train.maxn);

    classify::Categories categories = classify::Categories::defaults();
    if (!o.categories.empty()) {
        auto c = classify::Categories::from_file(o.categories);
        if (!c.ok()) {
            fb::ToolRun run("fb-classify", o.common);
            return run.finish(c.status());
        }
        categories = std::move(*c);
    }
    if (train->parsed()) return run_train(o, categories);

    fb::ToolRun run("fb-classify", o.common);
    auto backend = resolve_backend(o);
    if (!backend.ok()) return run.finish(backend.status());
    if (*backend != "llm" && o.fallback.empty()) return run.finish(run_local(o, run, categories, *backend));
    if (o.threads != 1)
        return run.finish(fb::Status::Usage("--threads is for the local backends alone; with the LLM, --concurrency sets "
                                            "the calls in flight"));
    Classifier classifier(o, run, categories);
    if (fb::Status s = classifier.setup(*backend); !s.ok()) return run.finish(s);
    if (fb::Status s = run.open(); !s.ok()) return run.finish(s);
    run.on_idle = [&classifier] { classifier.drain(); };
    fb::Status work = run.for_each_line([&](const fb::Line& line, const std::string& source) {
        classifier.line(line, source);
        return true;
    });
    classifier.drain();
    classifier.finish_stats();
    if (work.ok() && o.fail_on_error && classifier.llm_failed())
        work = fb::Status::Unavailable("some records could not be classified by the LLM (see _fb.error)");
    return run.finish(work);
}
