#pragma once
// The trainable backend: fastText (Debian's libfasttext) supervised models, one per label the
// training data has (Sentimento, Agrupador, SentimentRating), packed in one model file:
//   "FBKIT-FASTTEXT 1\n", then per head "head NAME BYTES\n" and that many bytes of a fastText .bin.
// Texts are folded and tokenised the same way for training and prediction. A field without a
// head is taken from the lexicon backend, its rating kept consistent with the predicted
// sentiment; `_fb.classifier` then says "fasttext+lexicon".
// Thread-safety: classify() is const on the models but uses scratch buffers: one per thread.

#include <memory>
#include <string>
#include <vector>

#include "categories.h"
#include "fb/status.h"
#include "fb/text.h"
#include "verdict.h"

namespace fasttext {
class FastText;
}

namespace classify {

class Lexicon;

struct TrainingExample {
    std::string tokens;   // folded, space-separated (training_text())
    int sentiment = 0;    // +1, -1, 0 = no label
    int category = -1;    // -1 = no label
    int rating = 0;       // 1..5, 0 = no label
};

struct TrainOptions {
    int epoch = 25;
    double lr = 0.5;
    int word_ngrams = 2;
    int dim = 64;
    int min_count = 1;
    int minn = 0, maxn = 0;  // character n-grams (0: words only)
    int buckets = 200000;    // hash buckets for n-grams (fastText's 2M makes 500 MB models)
    int threads = 1;         // 1 keeps training reproducible for a given seed
    int seed = 1;
};

struct TrainSummary {
    size_t sentiment = 0, category = 0, rating = 0;  // examples per head
};

// Folds and tokenises a text for fastText: lower case, no accents, words separated by one space.
void training_text(fb::TextFolder& folder, std::string_view text, std::string& out);

fb::Result<TrainSummary> train_model(const std::vector<TrainingExample>& examples, const Categories& categories,
                                     const TrainOptions& options, const std::string& path);

class FastTextModel {
public:
    ~FastTextModel();
    // `lexicon` fills the fields the model has no head for (it must outlive the model).
    static fb::Result<std::unique_ptr<FastTextModel>> load(const std::string& path, const Categories& categories,
                                                           Lexicon* lexicon);
    Verdict classify(std::string_view text);
    const std::string& name() const { return name_; }

private:
    FastTextModel() = default;
    struct Head;
    std::vector<std::unique_ptr<Head>> heads_;
    Head* sentiment_ = nullptr;
    Head* category_ = nullptr;
    Head* rating_ = nullptr;
    const Categories* categories_ = nullptr;
    Lexicon* lexicon_ = nullptr;
    std::string name_;
    fb::TextFolder folder_;
    std::string tokens_;
};

}  // namespace classify
