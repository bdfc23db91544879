#include "memo.h"

#include <limits>

namespace classify {

VerdictMemo::VerdictMemo(size_t max_texts) : max_texts_(max_texts), texts_(max_texts == 0 ? 1 : max_texts) {}

VerdictMemo::Entry VerdictMemo::entry(const Verdict& v) {
    Entry e{v.confidence, static_cast<int16_t>(v.category), static_cast<int8_t>(v.rating), static_cast<int8_t>(v.sentiment), 0, false};
    bool plain = v.error.empty() && !v.truncated && !v.cached && v.explain.empty();
    bool fits = v.category >= std::numeric_limits<int16_t>::min() && v.category <= std::numeric_limits<int16_t>::max() &&
                v.rating >= -128 && v.rating <= 127 && v.sentiment >= -128 && v.sentiment <= 127;
    if (!plain || !fits) return e;
    size_t i = 0;
    while (i < classifiers_.size() && classifiers_[i] != v.classifier) ++i;
    if (i == classifiers_.size()) {
        if (i > std::numeric_limits<uint8_t>::max()) return e;
        classifiers_.push_back(v.classifier);
    }
    e.classifier = static_cast<uint8_t>(i);
    e.kept = true;
    return e;
}

Verdict VerdictMemo::verdict(const Entry& e) const {
    Verdict v;
    v.rating = e.rating;
    v.category = e.category;
    v.sentiment = e.sentiment;
    v.confidence = e.confidence;
    v.classifier = classifiers_[e.classifier];
    return v;
}

void VerdictMemo::end_window() {
    // Counted at the window's last lookup, before its answer: one hit more or less does not matter.
    if (window_hits_ * kMinHitShare < window_lookups_) {
        paused_ = kWindow * kPauseWindows;
        ++pauses_;
    }
    window_lookups_ = window_hits_ = 0;
}

void VerdictMemo::reset() {
    texts_.clear();
    entries_.clear();
    ++resets_;
}

}  // namespace classify
