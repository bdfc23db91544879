#pragma once
// The embedded lexicon-and-rules classifier for Brazilian-Portuguese bank complaints.
//
// Text is folded (fb::TextFolder: lower case, no accents) and cut into tokens ([a-z0-9] runs and
// other letters) and clauses (ended by . ! ? ; and line breaks). Two term tables are matched over
// the tokens, each greedily longest-first (a phrase of up to 4 words, else the exact word, else
// the longest `stem*` prefix):
//   sentiment  weights -4..+4; a booster just before a term scales it, a negator up to three
//              tokens before it flips and damps it (x -0.75), a contrast word ("mas") halves the
//              terms before it in its clause and raises those after it (x 1.5);
//   topics     category keywords (summed per category, the largest wins, else "Outros") and
//              criticality cues (the highest level seen: golpe, Procon, "dinheiro sumiu"...).
// Sentimento is Positivo when the score is above zero. The rating combines the score (in bands)
// with the criticality cues. Confidence is 0.5 + 0.5·tanh(|score|/2).
// Data files (tools/fb-classify/data/, compiled in) are documented in their headers.
// Thread-safety: a Lexicon is read-only after loading except for its token memo; use one per
// thread.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "categories.h"
#include "fb/intern.h"
#include "fb/status.h"
#include "fb/text.h"
#include "verdict.h"

namespace classify {

// The texts of the data files, as compiled in or read from --lexicon-dir.
struct LexiconData {
    std::string lexicon, negators, boosters, contrast, topics, criticality;
    static LexiconData embedded();
    static fb::Result<LexiconData> from_dir(const std::string& dir);
};

class Lexicon {
public:
    // Parses the data. Errors name the file and line.
    static fb::Result<std::unique_ptr<Lexicon>> load(const LexiconData& data, const Categories& categories);

    Verdict classify(std::string_view text);
    // {"score":S,"terms":[[term,weight],...]} for the last classify() (--explain).
    std::string explain() const;

    // Detail of the last classify(), for tests and --explain.
    struct Hit {
        std::string_view term;
        double weight;
    };
    const std::vector<Hit>& hits() const { return hits_; }
    double score() const { return score_; }

    static constexpr std::string_view kName = "lexicon-v1";

private:
    struct Phrase {
        std::vector<std::string> rest;  // the words after the first
        uint32_t payload;
        std::vector<uint32_t> ids;      // token ids of `rest` (compile())
    };
    // The phrases that start with one word. After compile() they are sorted by the second word's
    // id, then longest first.
    struct PhraseList {
        std::vector<Phrase> items;
    };
    // The phrases that start with a given pair of words (a common first word such as "nao" starts
    // hundreds of phrases, the pair a few), longest first.
    struct PhraseRun {
        const Phrase* first;
        uint32_t count;
    };
    // One term table: exact words, phrases by first word, stems.
    struct Table {
        std::unordered_map<std::string, uint32_t> words;
        std::unordered_map<std::string, PhraseList> phrases;
        std::unordered_map<std::string, uint32_t> stems;
        size_t longest_stem = 0;
        // compile(): (first word's token id << 32 | second's) -> index into runs, so matching
        // finds a token pair's phrases with one probe of a small table.
        fb::IntInternTable pairs;
        std::vector<PhraseRun> runs;
        static int64_t pair_key(uint32_t first, uint32_t second) {
            return static_cast<int64_t>(static_cast<uint64_t>(first) << 32 | second);
        }
        // Adds a term; when it is already there, nothing changes and *existing gets its payload.
        fb::Status add(std::string_view term, uint32_t payload, uint32_t* existing = nullptr);
        int64_t lookup_word(std::string_view w) const;  // exact, else longest stem; -1 none
    };
    // What a token means, resolved once per distinct token.
    struct TokenInfo {
        int64_t sentiment = -1, topic = -1;  // payload of the single-word term, -1 none
        const PhraseList* sentiment_phrases = nullptr;
        const PhraseList* topic_phrases = nullptr;
        float booster = 0;  // factor, 0 when not a booster
        bool negator = false, contrast = false;
        bool sentiment_second = false, topic_second = false;  // the second word of a phrase (compile())
    };
    // Token::flags: what the matching loops ask of every token, kept in the token itself so they
    // read the token array and nothing else.
    static constexpr uint8_t kSentimentFirst = 1, kSentimentSecond = 2, kTopicFirst = 4, kTopicSecond = 8,
                             kContrast = 16;
    struct Token {
        std::string_view text;
        uint32_t clause;
        uint32_t id;    // interned token id, kNoId past the intern table's bound
        const TokenInfo* info;
        int32_t sentiment, topic;  // info's single-word payloads, -1 none
        uint8_t flags;
    };
    static constexpr uint32_t kNoId = UINT32_MAX;
    // The part of a TokenInfo that every token copies into its Token, kept apart in a small array
    // so cutting a text reads 12 bytes per token, not a whole TokenInfo.
    struct Brief {
        int32_t sentiment, topic;
        uint8_t flags;
        static Brief of(const TokenInfo& in) {
            return {static_cast<int32_t>(in.sentiment), static_cast<int32_t>(in.topic),
                    static_cast<uint8_t>((in.sentiment_phrases ? kSentimentFirst : 0) | (in.sentiment_second ? kSentimentSecond : 0) |
                                         (in.topic_phrases ? kTopicFirst : 0) | (in.topic_second ? kTopicSecond : 0) |
                                         (in.contrast ? kContrast : 0))};
        }
    };
    // Distinct tokens, interned once (fb::InternTable) with what they mean.
    class TokenTable {
    public:
        // The id of `token`, adding it (with `make()` as its info) when new; kNoId when full.
        template <class Make>
        uint32_t intern(std::string_view token, Make&& make) {
            bool added;
            uint32_t id = names_.intern(token, added);
            if (added) add(make());
            return id == fb::InternTable::kNone ? kNoId : id;
        }
        // The same for a token followed by at least 16 readable bytes (the tokenizer's padded
        // text): most tokens are short and found in a small cache first.
        template <class Make>
        uint32_t intern_padded(std::string_view token, Make&& make) {
            bool added;
            uint32_t id = recent_.intern(names_, token, added);
            if (added) add(make());
            return id == fb::InternTable::kNone ? kNoId : id;
        }
        const TokenInfo& info(uint32_t id) const { return id < infos_.size() ? infos_[id] : none_; }
        TokenInfo& info(uint32_t id) { return infos_[id]; }  // an interned id; refresh() after changes
        const Brief& brief(uint32_t id) const { return briefs_[id]; }  // an interned id
        size_t size() const { return infos_.size(); }
        // Brings the briefs up to date after info(id) changed infos.
        void refresh() {
            for (size_t i = 0; i < infos_.size(); ++i) briefs_[i] = Brief::of(infos_[i]);
        }

    private:
        void add(const TokenInfo& info) {
            infos_.push_back(info);
            briefs_.push_back(Brief::of(info));
        }
        fb::ShortInternCache<fb::kPadded> recent_;  // intern_padded() only
        fb::InternTable names_{size_t{1} << 21};  // a bound for endless streams of odd words
        std::vector<TokenInfo> infos_;  // grows while a text is cut: tokenize() takes addresses after
        std::vector<Brief> briefs_;     // Brief::of(infos_[i])
        TokenInfo none_;
    };
    struct Match {
        size_t first, count;
        uint32_t payload;
    };
    struct Topic {
        int category = -1;  // index into the category list, -1 for a criticality cue
        double weight = 0;  // category weight, or criticality level 1..5
    };

    TokenInfo resolve(std::string_view token) const;
    void compile(Table& table, bool TokenInfo::*second);
    fb::Status add_topic(std::string_view term, Topic topic);
    void tokenize(std::string_view folded);  // `folded` is followed by at least 64 readable bytes
    void match(const Table& table, uint8_t first_flag, uint8_t second_flag, int32_t Token::*word, std::vector<Match>& out);

    const Categories* categories_ = nullptr;
    int other_ = -1;  // index of the fallback category
    Table sentiment_, topics_;
    std::vector<double> weights_;  // sentiment payloads
    std::vector<std::string> sentiment_terms_;
    std::vector<std::vector<Topic>> topic_groups_;  // topic payloads
    std::unordered_map<std::string, float> boosters_;
    std::unordered_map<std::string, bool> negators_, contrast_;
    TokenTable tokens_table_;

    fb::TextFolder folder_;
    std::string folded_;
    std::vector<Token> tokens_;
    std::vector<uint64_t> word_bits_, clause_bits_;  // tokenize(): which bytes are word bytes, clause ends
    std::vector<Match> matches_;
    std::vector<uint8_t> in_phrase_, contrast_before_, contrast_after_;
    bool any_contrast_ = false;  // some token of the text is a contrast word (tokenize())
    std::deque<TokenInfo> overflow_;  // infos of tokens past the table's bound, this text only
    std::vector<double> category_scores_;
    std::vector<Hit> hits_;
    double score_ = 0;
};

}  // namespace classify
