#include "lexicon.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <cmath>
#include <fstream>
#include <sstream>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "embedded_data.h"
#include "fb/json_text.h"

namespace classify {

namespace {

constexpr bool word_byte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
}
constexpr bool clause_end(char c) { return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n'; }

// What each byte of folded text is to the tokenizer, looked up once per byte.
constexpr uint8_t kOther = 0, kWord = 1, kClauseEnd = 2;
constexpr std::array<uint8_t, 256> kByteKind = [] {
    std::array<uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) {
        char ch = static_cast<char>(c);
        t[static_cast<size_t>(c)] = word_byte(ch) ? kWord : clause_end(ch) ? kClauseEnd : kOther;
    }
    return t;
}();

// Bitmaps of a folded text, bit i of word i/64 for byte i: word bytes, clause ends. 64 bytes at a
// time with SSE2 (the text is followed by at least 63 readable bytes), else through kByteKind.
// Bits past the text are clear.
void mark_bytes(std::string_view s, std::vector<uint64_t>& word, std::vector<uint64_t>& clause) {
    const size_t n = s.size(), words = (n + 63) / 64;
    word.resize(words);
    clause.resize(words);
    const char* p = s.data();
#if defined(__SSE2__)
    // a-z and 0-9 by signed comparison after moving each range to the bottom of the signed bytes;
    // bytes from 0x80 (UTF-8 letters) by their sign bit.
    const __m128i to_a = _mm_set1_epi8(static_cast<char>(0x80 - 'a')), under_z = _mm_set1_epi8(static_cast<char>(-128 + 26));
    const __m128i to_0 = _mm_set1_epi8(static_cast<char>(0x80 - '0')), under_9 = _mm_set1_epi8(static_cast<char>(-128 + 10));
    const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'), ask = _mm_set1_epi8('?'), semi = _mm_set1_epi8(';'),
                  nl = _mm_set1_epi8('\n');
    for (size_t k = 0; k < words; ++k) {
        uint64_t w = 0, c = 0;
        for (int j = 0; j < 4; ++j) {
            __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + k * 64 + static_cast<size_t>(j) * 16));
            __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(x, to_a), under_z);
            __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, to_0), under_9);
            __m128i end = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, dot), _mm_cmpeq_epi8(x, bang)),
                                       _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, ask), _mm_cmpeq_epi8(x, semi)), _mm_cmpeq_epi8(x, nl)));
            w |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), x)))) << (16 * j);
            c |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(end))) << (16 * j);
        }
        word[k] = w;
        clause[k] = c;
    }
    if (n % 64) {
        uint64_t keep = ~uint64_t{0} >> (64 - n % 64);
        word[words - 1] &= keep;
        clause[words - 1] &= keep;
    }
#else
    std::fill(word.begin(), word.end(), 0);
    std::fill(clause.begin(), clause.end(), 0);
    for (size_t i = 0; i < n; ++i) {
        uint8_t kind = kByteKind[static_cast<unsigned char>(p[i])];
        if (kind == kWord) word[i / 64] |= uint64_t{1} << (i % 64);
        else if (kind == kClauseEnd) clause[i / 64] |= uint64_t{1} << (i % 64);
    }
#endif
}

// Whether a bit is set in [from, to) (from < to).
inline bool any_bit(const uint64_t* bits, size_t from, size_t to) {
    size_t first = from / 64, last = (to - 1) / 64;
    if (first == last) return (bits[first] >> (from % 64)) & (~uint64_t{0} >> (64 - (to - from)));
    if (bits[first] >> (from % 64)) return true;
    for (size_t w = first + 1; w < last; ++w)
        if (bits[w]) return true;
    return (bits[last] & (~uint64_t{0} >> (63 - (to - 1) % 64))) != 0;
}

// Splits a data file into (line number, fields) for lines that are not blank or comments.
struct DataLine {
    size_t number;
    std::vector<std::string> fields;
};
std::vector<DataLine> data_lines(std::string_view text) {
    std::vector<DataLine> out;
    size_t number = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++number;
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
        size_t b = line.find_first_not_of(" \t");
        if (b == std::string_view::npos || line[b] == '#') continue;
        DataLine d{number, {}};
        while (true) {
            size_t tab = line.find('\t');
            std::string_view f = line.substr(0, tab);
            while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
            while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
            d.fields.emplace_back(f);
            if (tab == std::string_view::npos) break;
            line.remove_prefix(tab + 1);
        }
        out.push_back(std::move(d));
    }
    return out;
}

fb::Status bad(const char* file, size_t line, const std::string& what) {
    return fb::Status::Config(std::string(file) + ":" + std::to_string(line) + ": " + what);
}

bool parse_number(const std::string& s, double& v) {
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return !s.empty() && end && *end == '\0' && std::isfinite(v);
}

// Score bands of the rating, calibrated against the star labels of the B2W sample in
// ../shared/data/eval/ (rating = 6 - stars; a grid of bands scored by exact and within-1
// agreement, see scripts/bench/classify-quality), then held to the meaning DESIGN gives the
// scale: above 1 praise (1); down to -0.5 weak praise or a mild remark (2); then 3; 4; and 5
// only for very strong negative language (at or below -6) or a criticality cue (golpe, Procon...).
constexpr double kBands[] = {1.0, -0.5, -1.0, -6.0};

int rating_of(double score) {
    int rating = 1;
    for (double band : kBands) {
        if (score > band) break;
        ++rating;
    }
    return rating;
}

}  // namespace

LexiconData LexiconData::embedded() {
    LexiconData d;
    d.lexicon = embedded::lexicon;
    d.negators = embedded::negators;
    d.boosters = embedded::boosters;
    d.contrast = embedded::contrast;
    d.topics = embedded::topics;
    d.criticality = embedded::criticality;
    return d;
}

fb::Result<LexiconData> LexiconData::from_dir(const std::string& dir) {
    LexiconData d;
    std::pair<const char*, std::string*> files[] = {{"lexicon.txt", &d.lexicon},   {"negators.txt", &d.negators},
                                                    {"boosters.txt", &d.boosters}, {"contrast.txt", &d.contrast},
                                                    {"topics.txt", &d.topics},     {"criticality.txt", &d.criticality}};
    for (auto& [name, text] : files) {
        std::string path = dir + "/" + name;
        std::ifstream in(path, std::ios::binary);
        if (!in) return fb::Status::NoInput(path + ": cannot open (a lexicon directory holds " + name + " and its siblings)");
        std::ostringstream s;
        s << in.rdbuf();
        *text = s.str();
    }
    return d;
}

fb::Status Lexicon::Table::add(std::string_view term, uint32_t payload, uint32_t* existing) {
    if (term.empty()) return fb::Status::Config("empty term");
    static thread_local fb::TextFolder folder;
    bool folded = folder.fold(term) == term;
    for (char c : term)
        if (!(word_byte(c) || c == ' ' || c == '*')) folded = false;
    if (!folded)
        return fb::Status::Config("term '" + std::string(term) + "' is not folded (lower case, no accents: '" +
                                  folder.fold(term) + "')");
    if (term.back() == '*') {
        term.remove_suffix(1);
        if (term.size() < 3 || term.find(' ') != std::string_view::npos || term.find('*') != std::string_view::npos)
            return fb::Status::Config("a stem is one word of at least 3 letters followed by '*'");
        auto [it, fresh] = stems.emplace(std::string(term), payload);
        if (!fresh && existing) *existing = it->second;
        longest_stem = std::max(longest_stem, term.size());
        return fb::Status::Ok();
    }
    if (term.find('*') != std::string_view::npos) return fb::Status::Config("'*' only ends a stem");
    std::vector<std::string> parts;
    size_t i = 0;
    while (i < term.size()) {
        size_t sp = term.find(' ', i);
        if (sp == std::string_view::npos) sp = term.size();
        if (sp > i) parts.emplace_back(term.substr(i, sp - i));
        i = sp + 1;
    }
    if (parts.size() > 4) return fb::Status::Config("a phrase has at most 4 words");
    if (parts.size() == 1) {
        auto [it, fresh] = words.emplace(parts[0], payload);
        if (!fresh && existing) *existing = it->second;
        return fb::Status::Ok();
    }
    auto& list = phrases[parts[0]].items;
    for (const Phrase& p : list)
        if (p.rest.size() + 1 == parts.size() && std::equal(p.rest.begin(), p.rest.end(), parts.begin() + 1)) {
            if (existing) *existing = p.payload;
            return fb::Status::Ok();
        }
    list.push_back({std::vector<std::string>(parts.begin() + 1, parts.end()), payload, {}});
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) { return a.rest.size() > b.rest.size(); });
    return fb::Status::Ok();
}

int64_t Lexicon::Table::lookup_word(std::string_view w) const {
    std::string key(w);
    if (auto it = words.find(key); it != words.end()) return it->second;
    for (size_t n = std::min(longest_stem, key.size()); n >= 3; --n) {
        key.resize(n);
        if (auto it = stems.find(key); it != stems.end()) return it->second;
    }
    return -1;
}

fb::Result<std::unique_ptr<Lexicon>> Lexicon::load(const LexiconData& data, const Categories& categories) {
    auto lex = std::make_unique<Lexicon>();
    lex->categories_ = &categories;
    lex->other_ = categories.fallback();
    lex->category_scores_.assign(categories.size(), 0);

    for (const auto& d : data_lines(data.lexicon)) {
        double w;
        if (d.fields.size() != 2 || !parse_number(d.fields[1], w) || w < -4 || w > 4)
            return bad("lexicon.txt", d.number, "expected 'term<TAB>weight' with a weight in -4..4");
        uint32_t id = static_cast<uint32_t>(lex->weights_.size()), existing = id;
        if (auto s = lex->sentiment_.add(d.fields[0], id, &existing); !s.ok()) return bad("lexicon.txt", d.number, s.message());
        if (existing != id) return bad("lexicon.txt", d.number, "'" + d.fields[0] + "' is listed twice");
        lex->weights_.push_back(w);
        lex->sentiment_terms_.push_back(d.fields[0]);
    }
    for (const auto& d : data_lines(data.negators)) {
        if (d.fields.size() != 1) return bad("negators.txt", d.number, "expected one word");
        lex->negators_[d.fields[0]] = true;
    }
    for (const auto& d : data_lines(data.contrast)) {
        if (d.fields.size() != 1) return bad("contrast.txt", d.number, "expected one word");
        lex->contrast_[d.fields[0]] = true;
    }
    for (const auto& d : data_lines(data.boosters)) {
        double f;
        if (d.fields.size() != 2 || !parse_number(d.fields[1], f) || f <= 0 || f > 4)
            return bad("boosters.txt", d.number, "expected 'word<TAB>factor' with a factor in (0, 4]");
        lex->boosters_[d.fields[0]] = static_cast<float>(f);
    }
    for (const auto& d : data_lines(data.topics)) {
        double w;
        if (d.fields.size() != 3 || !parse_number(d.fields[2], w) || w <= 0)
            return bad("topics.txt", d.number, "expected 'Category<TAB>term<TAB>weight' with a positive weight");
        int c = categories.find(d.fields[0]);
        if (c < 0) continue;  // a custom --categories list without this category: its terms do nothing
        if (auto s = lex->add_topic(d.fields[1], {c, w}); !s.ok()) return bad("topics.txt", d.number, s.message());
    }
    for (const auto& d : data_lines(data.criticality)) {
        double level;
        if (d.fields.size() != 2 || !parse_number(d.fields[1], level) || level < 1 || level > 5 || level != std::floor(level))
            return bad("criticality.txt", d.number, "expected 'term<TAB>level' with a level 1..5");
        if (auto s = lex->add_topic(d.fields[0], {-1, level}); !s.ok()) return bad("criticality.txt", d.number, s.message());
    }
    lex->compile(lex->sentiment_, &TokenInfo::sentiment_second);
    lex->compile(lex->topics_, &TokenInfo::topic_second);
    lex->tokens_table_.refresh();
    return lex;
}

// A term may be both a category keyword and a criticality cue ("golpe"): its payload is a group.
fb::Status Lexicon::add_topic(std::string_view term, Topic topic) {
    uint32_t id = static_cast<uint32_t>(topic_groups_.size());
    uint32_t existing = id;
    if (auto s = topics_.add(term, id, &existing); !s.ok()) return s;
    if (existing == id) topic_groups_.emplace_back();
    topic_groups_[existing].push_back(topic);
    return fb::Status::Ok();
}

Lexicon::TokenInfo Lexicon::resolve(std::string_view token) const {
    TokenInfo t;
    std::string key(token);
    t.sentiment = sentiment_.lookup_word(token);
    t.topic = topics_.lookup_word(token);
    if (auto it = sentiment_.phrases.find(key); it != sentiment_.phrases.end()) t.sentiment_phrases = &it->second;
    if (auto it = topics_.phrases.find(key); it != topics_.phrases.end()) t.topic_phrases = &it->second;
    if (auto it = boosters_.find(key); it != boosters_.end()) t.booster = it->second;
    t.negator = negators_.count(key) > 0;
    t.contrast = contrast_.count(key) > 0;
    if (t.negator || t.contrast || t.booster > 0) t.sentiment = -1;  // they shape other words, never score
    return t;
}

// Phrase words become token ids, and each first word's phrases are sorted by the second word and
// indexed by the pair, so matching compares integers and looks only at phrases whose first two
// words are the tokens at hand.
void Lexicon::compile(Table& table, bool TokenInfo::*second) {
    for (auto& [first, phrases] : table.phrases) {
        std::vector<Phrase>& list = phrases.items;
        for (Phrase& p : list) {
            p.ids.clear();
            for (const std::string& w : p.rest) p.ids.push_back(tokens_table_.intern(w, [&] { return resolve(w); }));
        }
        std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
            return a.ids[0] != b.ids[0] ? a.ids[0] < b.ids[0] : a.ids.size() > b.ids.size();
        });
        const std::string& word = first;
        uint32_t first_id = tokens_table_.intern(word, [&] { return resolve(word); });
        for (size_t i = 0; i < list.size();) {
            size_t j = i;
            while (j < list.size() && list[j].ids[0] == list[i].ids[0]) ++j;
            bool added;
            table.pairs.intern(Table::pair_key(first_id, list[i].ids[0]), added);
            tokens_table_.info(list[i].ids[0]).*second = true;
            table.runs.push_back({&list[i], static_cast<uint32_t>(j - i)});
            i = j;
        }
    }
}

void Lexicon::tokenize(std::string_view s) {
    tokens_.clear();
    overflow_.clear();
    uint32_t clause = 0;
    mark_bytes(s, word_bits_, clause_bits_);
    const uint64_t* clause_ends = clause_bits_.data();
    // A token is a run of word bytes; a clause end between two tokens starts a new clause. Runs
    // start where a word byte follows a non-word byte and end at the first non-word byte after,
    // found 64 bytes at a time from the bitmap's transitions (starts and ends alternate).
    size_t b = 0, e = 0;  // the token being cut, the last one's end
    bool inside = false;
    uint64_t carry = 0;  // the previous byte was a word byte
    const size_t words = word_bits_.size();
    for (size_t k = 0; k <= words; ++k) {
        uint64_t bits = k < words ? word_bits_[k] : 0;  // one more, empty, word ends a last token
        uint64_t before = bits << 1 | carry;
        uint64_t starts = bits & ~before, ends = ~bits & before;
        carry = bits >> 63;
        while (true) {
            if (!inside) {
                if (!starts) break;
                b = k * 64 + static_cast<size_t>(__builtin_ctzll(starts));
                starts &= starts - 1;
                if (!tokens_.empty() && any_bit(clause_ends, e, b)) ++clause;
                inside = true;
            } else {
                if (!ends) break;
                e = k * 64 + static_cast<size_t>(__builtin_ctzll(ends));
                ends &= ends - 1;
                inside = false;
                std::string_view w = s.substr(b, e - b);
                uint32_t id = tokens_table_.intern_padded(w, [&] { return resolve(w); });
                const TokenInfo* info = id == kNoId ? &overflow_.emplace_back(resolve(w)) : nullptr;
                tokens_.push_back({w, clause, id, info, -1, -1, 0});
            }
        }
    }
    // The table's infos stay where they are from here to the end of classify().
    uint8_t all_flags = 0;
    for (Token& t : tokens_) {
        Brief b;
        if (t.id != kNoId) {
            t.info = &tokens_table_.info(t.id);
            b = tokens_table_.brief(t.id);
        } else {
            b = Brief::of(*t.info);
        }
        t.sentiment = b.sentiment;
        t.topic = b.topic;
        t.flags = b.flags;
        all_flags |= t.flags;
    }
    any_contrast_ = (all_flags & kContrast) != 0;
}

// Greedy longest-first matching of one table over the tokens: a phrase where a token that starts
// some (first_flag) is followed in its clause by one that continues some (second_flag), else the
// token's own word payload.
void Lexicon::match(const Table& table, uint8_t first_flag, uint8_t second_flag, int32_t Token::*word,
                    std::vector<Match>& out) {
    out.clear();
    const size_t count = tokens_.size();
    for (size_t i = 0; i < count;) {
        const Token& t = tokens_[i];
        if ((t.flags & first_flag) && i + 1 < count && (tokens_[i + 1].flags & second_flag) &&
            tokens_[i + 1].clause == t.clause) {
            // Both have ids: every word of a phrase was interned by compile().
            uint32_t run = table.pairs.find(Table::pair_key(t.id, tokens_[i + 1].id));
            if (run != fb::IntInternTable::kNone) {
                const PhraseRun& r = table.runs[run];
                bool found = false;
                for (const Phrase* p = r.first; p != r.first + r.count; ++p) {
                    size_t n = p->ids.size();
                    if (i + n >= count || tokens_[i + n].clause != t.clause) continue;
                    bool ok = true;
                    for (size_t k = 1; k < n && ok; ++k) ok = tokens_[i + 1 + k].id == p->ids[k];
                    if (ok) {
                        out.push_back({i, n + 1, p->payload});
                        i += n + 1;
                        found = true;
                        break;
                    }
                }
                if (found) continue;
            }
        }
        if (int32_t w = t.*word; w >= 0) out.push_back({i, 1, static_cast<uint32_t>(w)});
        ++i;
    }
}

Verdict Lexicon::classify(std::string_view text) {
    folded_.clear();
    folder_.fold(text, folded_);
    size_t length = folded_.size();
    folded_.append(64, '\0');  // tokenize() reads 64 bytes at a time, TokenTable::intern_padded 16 from a token
    tokenize(std::string_view(folded_).substr(0, length));
    hits_.clear();

    // Sentiment.
    match(sentiment_, kSentimentFirst, kSentimentSecond, &Token::sentiment, matches_);
    // A negator or booster inside a matched phrase belongs to that phrase and shapes nothing else.
    in_phrase_.assign(tokens_.size(), 0);
    for (const Match& m : matches_)
        if (m.count > 1) std::fill(in_phrase_.begin() + static_cast<long>(m.first), in_phrase_.begin() + static_cast<long>(m.first + m.count), 1);
    // Whether a contrast word comes earlier / later in each token's clause, in two passes.
    if (any_contrast_) {  // most texts have no contrast word: nothing to mark
        contrast_before_.assign(tokens_.size(), 0);
        contrast_after_.assign(tokens_.size(), 0);
        for (size_t k = 1; k < tokens_.size(); ++k)
            contrast_before_[k] = tokens_[k].clause == tokens_[k - 1].clause &&
                                  (contrast_before_[k - 1] || (tokens_[k - 1].flags & kContrast));
        for (size_t k = tokens_.size(); k-- > 1;)
            contrast_after_[k - 1] = tokens_[k].clause == tokens_[k - 1].clause && (contrast_after_[k] || (tokens_[k].flags & kContrast));
    }
    double score = 0;
    for (const Match& m : matches_) {
        double w = weights_[m.payload];
        uint32_t clause = tokens_[m.first].clause;
        size_t before = m.first - 1;
        if (m.first >= 1 && tokens_[before].clause == clause && !in_phrase_[before] && tokens_[before].info->booster > 0)
            w *= tokens_[before].info->booster;
        // A phrase that starts with a negation ("nao recomendo") already carries it.
        bool negated_phrase = m.count > 1 && tokens_[m.first].info->negator;
        for (size_t back = 1; !negated_phrase && back <= 3 && back <= m.first; ++back) {
            const Token& b = tokens_[m.first - back];
            if (b.clause != clause) break;
            if (b.info->negator && !in_phrase_[m.first - back]) {
                w *= -0.75;
                break;
            }
        }
        if (any_contrast_ && contrast_before_[m.first]) w *= 1.5;
        if (any_contrast_ && contrast_after_[m.first + m.count - 1]) w *= 0.5;
        score += w;
        hits_.push_back({sentiment_terms_[m.payload], w});
    }
    score_ = score;

    // Topics: categories and criticality cues.
    match(topics_, kTopicFirst, kTopicSecond, &Token::topic, matches_);
    std::fill(category_scores_.begin(), category_scores_.end(), 0.0);
    int critical = 0;
    for (const Match& m : matches_)
        for (const Topic& t : topic_groups_[m.payload]) {
            if (t.category >= 0) category_scores_[static_cast<size_t>(t.category)] += t.weight;
            else critical = std::max(critical, static_cast<int>(t.weight));
        }

    Verdict v;
    v.classifier = kName;
    v.sentiment = score > 0 ? 1 : -1;
    int best = other_;
    double best_score = 0;
    for (size_t c = 0; c < category_scores_.size(); ++c)
        if (category_scores_[c] > best_score) {
            best_score = category_scores_[c];
            best = static_cast<int>(c);
        }
    v.category = best;
    int rating = rating_of(score);
    // Criticality cues raise a complaint's rating; praise that mentions them ("evitou um golpe")
    // stays low, but not at 1.
    if (critical > 0) rating = score > 0 ? std::max(rating, std::min(critical - 2, 3)) : std::max(rating, critical);
    v.rating = std::clamp(rating, 1, 5);
    v.confidence = 0.5 + 0.5 * std::tanh(std::fabs(score) / 2.0);
    return v;
}

std::string Lexicon::explain() const {
    std::string out = "{\"score\":";
    fb::json::append_double(out, std::round(score_ * 1000) / 1000);
    out += ",\"terms\":[";
    for (size_t i = 0; i < hits_.size(); ++i) {
        if (i) out += ',';
        out += '[';
        fb::json::append_string(out, hits_[i].term);
        out += ',';
        fb::json::append_double(out, std::round(hits_[i].weight * 1000) / 1000);
        out += ']';
    }
    out += "]}";
    return out;
}

}  // namespace classify
