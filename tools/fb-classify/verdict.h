#pragma once
// What a backend says about one text: the three business fields and the metadata for _fb.
// A field the backend could not decide is absent (written as null) with `error` saying why.

#include <string>

namespace classify {

struct Verdict {
    int rating = 0;       // SentimentRating 1..5, 0 = null
    int category = -1;    // index into the category list, -1 = null
    int sentiment = 0;    // +1 Positivo, -1 Negativo, 0 = null
    double confidence = -1;  // 0..1, -1 = unknown
    std::string classifier;  // e.g. "lexicon-v1", "fasttext:model.ftz", "openai:gpt-4o-mini"
    std::string error;       // why fields are null
    bool truncated = false;  // the text sent to the API was cut
    bool cached = false;     // answered from the cache
    std::string explain;     // JSON text for _fb.explain (--explain), empty otherwise

    bool complete() const { return rating > 0 && category >= 0 && sentiment != 0; }
};

}  // namespace classify
