#include "fasttext_model.h"

#include <fasttext/fasttext.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "lexicon.h"

namespace classify {

namespace {

constexpr const char* kMagic = "FBKIT-FASTTEXT 1\n";

bool word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}

// A temporary file removed when it goes out of scope.
struct TempFile {
    std::string path;
    TempFile() {
        char name[] = "/tmp/fb-classify-XXXXXX";
        int fd = mkstemp(name);
        if (fd >= 0) {
            close(fd);
            path = name;
        }
    }
    ~TempFile() {
        if (!path.empty()) std::remove(path.c_str());
    }
};

}  // namespace

struct FastTextModel::Head {
    std::string name;
    fasttext::FastText model;
};

void training_text(fb::TextFolder& folder, std::string_view text, std::string& out) {
    std::string folded;
    folder.fold(text, folded);
    out.clear();
    for (size_t i = 0; i < folded.size();) {
        if (!word_byte(folded[i])) {
            ++i;
            continue;
        }
        size_t b = i;
        while (i < folded.size() && word_byte(folded[i])) ++i;
        if (!out.empty()) out += ' ';
        out.append(folded, b, i - b);
    }
}

fb::Result<TrainSummary> train_model(const std::vector<TrainingExample>& examples, const Categories& categories,
                                     const TrainOptions& options, const std::string& path) {
    TrainSummary summary;
    struct Built {
        std::string name;
        std::string bytes;
    };
    std::vector<Built> built;
    for (const char* head : {"sentiment", "category", "rating"}) {
        TempFile data, model;
        if (data.path.empty() || model.path.empty()) return fb::Status::IOError("cannot create a temporary file in /tmp");
        std::ofstream out(data.path);
        size_t n = 0;
        for (const auto& e : examples) {
            std::string label;
            if (head[0] == 's' && e.sentiment) label = e.sentiment > 0 ? "Positivo" : "Negativo";
            else if (head[0] == 'c' && e.category >= 0) {
                label = categories.name(static_cast<size_t>(e.category));  // by name: lists may be reordered
                for (char& c : label)
                    if (c == ' ') c = '_';
            }
            else if (head[0] == 'r' && e.rating) label = std::to_string(e.rating);
            if (label.empty() || e.tokens.empty()) continue;
            out << "__label__" << label << ' ' << e.tokens << '\n';
            ++n;
        }
        out.close();
        if (!out) return fb::Status::IOError(data.path + ": write failed");
        (head[0] == 's' ? summary.sentiment : head[0] == 'c' ? summary.category : summary.rating) = n;
        if (n == 0) continue;
        fasttext::Args args;
        args.input = data.path;
        args.output = model.path;
        args.model = fasttext::model_name::sup;
        args.loss = fasttext::loss_name::softmax;
        args.lr = options.lr;
        args.epoch = options.epoch;
        args.wordNgrams = options.word_ngrams;
        args.dim = options.dim;
        args.minCount = options.min_count;
        args.minn = options.minn;
        args.maxn = options.maxn;
        args.bucket = options.word_ngrams > 1 || options.maxn > 0 ? options.buckets : 0;
        args.thread = options.threads;
        args.seed = options.seed;
        args.verbose = 0;
        fasttext::FastText ft;
        try {
            ft.train(args);
            ft.saveModel(model.path + ".bin");
        } catch (const std::exception& e) {
            return fb::Status::Internal(std::string("fastText training (") + head + "): " + e.what());
        }
        std::ifstream in(model.path + ".bin", std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        std::remove((model.path + ".bin").c_str());
        built.push_back({head, bytes.str()});
    }
    if (built.empty()) return fb::Status::Data("no training example has a usable label (Sentimento, Agrupador or SentimentRating)");
    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary);
        out << kMagic;
        for (const auto& b : built) out << "head " << b.name << ' ' << b.bytes.size() << '\n' << b.bytes;
        out.close();
        if (!out) return fb::Status::IOError(tmp + ": cannot write the model");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) return fb::Status::IOError(path + ": cannot write the model");
    return summary;
}

FastTextModel::~FastTextModel() = default;

fb::Result<std::unique_ptr<FastTextModel>> FastTextModel::load(const std::string& path, const Categories& categories,
                                                               Lexicon* lexicon) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fb::Status::NoInput(path + ": cannot open the model");
    std::string magic(std::char_traits<char>::length(kMagic), '\0');
    in.read(magic.data(), static_cast<std::streamsize>(magic.size()));
    if (!in || magic != kMagic)
        return fb::Status::Config(path + ": not an fb-classify model (train one with 'fb-classify train')");
    std::unique_ptr<FastTextModel> m(new FastTextModel);
    m->categories_ = &categories;
    m->lexicon_ = lexicon;
    std::string word, name;
    size_t bytes = 0;
    while (in >> word >> name >> bytes) {
        in.get();
        if (word != "head" || (name != "sentiment" && name != "category" && name != "rating") || bytes > (1ull << 34))
            return fb::Status::Config(path + ": damaged model (bad head '" + name + "')");
        std::string blob(bytes, '\0');
        in.read(blob.data(), static_cast<std::streamsize>(bytes));
        if (!in) return fb::Status::Config(path + ": damaged model (head " + name + " is cut short)");
        auto head = std::make_unique<Head>();
        head->name = name;
        try {
            std::istringstream s(blob);
            int32_t magic_number = 0, version = 0;
            s.read(reinterpret_cast<char*>(&magic_number), sizeof magic_number);
            s.read(reinterpret_cast<char*>(&version), sizeof version);
            if (magic_number != 793712314) return fb::Status::Config(path + ": head " + name + " is not a fastText model");
            head->model.loadModel(s);
        } catch (const std::exception& e) {
            return fb::Status::Config(path + ": head " + name + ": " + e.what());
        }
        (name == "sentiment" ? m->sentiment_ : name == "category" ? m->category_ : m->rating_) = head.get();
        m->heads_.push_back(std::move(head));
    }
    if (m->heads_.empty()) return fb::Status::Config(path + ": the model has no heads");
    m->name_ = "fasttext";
    if (!m->sentiment_ || !m->category_ || !m->rating_) m->name_ += "+lexicon";
    return m;
}

Verdict FastTextModel::classify(std::string_view text) {
    Verdict base;
    if (lexicon_ && (!sentiment_ || !category_ || !rating_)) base = lexicon_->classify(text);
    training_text(folder_, text, tokens_);
    tokens_ += '\n';
    auto predict = [&](Head* h, std::string& label, double& p) {
        std::istringstream in(tokens_);
        std::vector<std::pair<fasttext::real, std::string>> out;
        h->model.predictLine(in, out, 1, 0.0);
        if (out.empty()) return false;
        p = out[0].first;
        label = out[0].second.substr(std::min<size_t>(9, out[0].second.size()));  // after "__label__"
        return true;
    };
    Verdict v = base;
    v.classifier = name_;
    std::string label;
    double p = 0;
    if (sentiment_ && predict(sentiment_, label, p)) {
        v.sentiment = label == "Positivo" ? 1 : -1;
        v.confidence = p;
    }
    if (category_ && predict(category_, label, p)) {
        for (char& c : label)
            if (c == '_') c = ' ';
        int c = categories_->find(label);
        v.category = c >= 0 ? c : categories_->fallback();
    }
    if (rating_ && predict(rating_, label, p)) {
        v.rating = std::atoi(label.c_str());
    } else if (v.sentiment != base.sentiment) {
        // The lexicon's rating disagreed with the model's sentiment: keep the two consistent.
        v.rating = v.sentiment > 0 ? 1 : std::max(base.rating, 2);
    }
    return v;
}

}  // namespace classify
