#pragma once
// The memo of local verdicts (--memo N): the lexicon and a fastText model give a text the same
// verdict every time, and feedback streams repeat themselves (the same app error, the same
// template complaint: 90% of the Descriptions in fb-gen's million records repeat an earlier one),
// so each distinct text is classified once and its verdict remembered by the text's exact bytes.
// Bounded: at most `max_texts` texts and kMaxBytes of their bytes; when either bound is reached the
// memo starts afresh, so it follows a stream whose texts change. Not remembered: texts over
// kMaxTextBytes (long texts seldom repeat, and hashing them costs), and verdicts that carry an
// error, a truncation, a cache mark or an explanation (--explain bypasses the memo).
// A stream of texts that do not repeat pays for each lookup and gains nothing (300k distinct texts:
// +11%), so the memo watches its hits: when fewer than 1 in kMinHitShare of a window's kWindow
// lookups hit, it pauses for the next kPauseWindows windows of texts (classifying them without
// lookups), then looks again, so the cost on such a stream is about 1/(kPauseWindows+1) of it.
// Output is byte-identical with and without the memo.
// Thread-safety: one memo per thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fb/intern.h"
#include "verdict.h"

namespace classify {

class VerdictMemo {
public:
    static constexpr size_t kMaxBytes = size_t{32} << 20;
    static constexpr size_t kMaxTextBytes = 1024;
    static constexpr size_t kDefaultTexts = size_t{1} << 18;
    static constexpr uint32_t kWindow = 8192;
    static constexpr uint32_t kMinHitShare = 8;
    static constexpr uint32_t kPauseWindows = 15;

    // max_texts 0: no memo, every text is classified.
    explicit VerdictMemo(size_t max_texts = kDefaultTexts);

    // Starts loading where `text` would be remembered, for a get(text) a little later (the text's
    // bytes must stay where they are until then).
    void prefetch(std::string_view text) {
        if (max_texts_ == 0 || text.size() > kMaxTextBytes || paused_ != 0) return;
        pending_ = text;
        pending_hash_ = texts_.prefetch(text);
    }

    // The verdict for `text`: remembered, or `classify()`'s (remembered when it can be).
    template <class Classify>
    Verdict get(std::string_view text, Classify&& classify) {
        if (max_texts_ == 0 || text.size() > kMaxTextBytes) return classify();
        if (paused_ != 0) {
            --paused_;
            return classify();
        }
        if (++window_lookups_ == kWindow) end_window();
        bool added;
        bool prefetched = text.data() == pending_.data() && text.size() == pending_.size();
        pending_ = {};
        uint32_t id = texts_.intern(text, prefetched ? pending_hash_ : fb::InternTable::hash(text), added);
        if (id == fb::InternTable::kNone) {  // max_texts reached
            reset();
            id = texts_.intern(text, added);
        }
        if (!added) {
            if (entries_[id].kept) {
                ++hits_;
                ++window_hits_;
                return verdict(entries_[id]);
            }
            return classify();
        }
        Verdict v = classify();
        entries_.push_back(entry(v));
        if (texts_.bytes() > kMaxBytes) reset();
        return v;
    }

    uint64_t hits() const { return hits_; }
    size_t size() const { return texts_.size(); }
    uint64_t resets() const { return resets_; }
    uint64_t pauses() const { return pauses_; }

private:
    struct Entry {
        double confidence;
        int16_t category;
        int8_t rating, sentiment;
        uint8_t classifier;  // index into classifiers_
        bool kept;           // false: not rememberable, classify again
    };
    Entry entry(const Verdict& v);
    Verdict verdict(const Entry& e) const;
    void reset();
    void end_window();

    size_t max_texts_;
    fb::InternTable texts_;
    std::vector<Entry> entries_;           // by the text's id
    std::vector<std::string> classifiers_;  // the distinct Verdict::classifier names seen (a few)
    uint64_t hits_ = 0, resets_ = 0, pauses_ = 0;
    uint32_t window_lookups_ = 0, window_hits_ = 0;  // of the current window
    uint32_t paused_ = 0;                            // texts left to classify without the memo
    std::string_view pending_;  // the text prefetch() was given, until get()
    uint64_t pending_hash_ = 0;
};

}  // namespace classify
