// Phrasebook for fb-gen: hand-written Brazilian-Portuguese complaint and praise patterns, slot
// values, openers and closers used to synthesise realistic bank customer feedback, each pattern
// labelled with its Agrupador category, Sentimento and intended SentimentRating (1..5).
#pragma once
#include <cstddef>
#include <span>
#include <string_view>

namespace fbgen {

// One complaint or praise sentence pattern. Slots are written {name} and are filled by the
// generator from slots() below; a pattern may use any number of slots, each name must exist.
struct Phrase {
    std::string_view category;  // exactly one of the 11 Agrupador names
    bool positive;              // true: Sentimento "Positivo"; false: "Negativo"
    int rating;                 // intended SentimentRating: positives 1 (or 2 for praise with a small remark), negatives 2..5
    std::string_view text;      // the pattern
};

struct Slot {
    std::string_view name;                  // without braces
    std::span<const std::string_view> values;
};

std::span<const Phrase> phrases();
std::span<const Slot> slots();
// Optional sentence before the main phrase ("Bom dia.", "Olá, equipe.", "" ...) for each sentiment.
std::span<const std::string_view> openers(bool positive);
// Optional sentence after the main phrase, matched to the rating 1..5 (rating 5 closers: threats to
// cancel the account, go to Procon / Banco Central / Reclame Aqui / a lawyer; rating 1: thanks).
// Include "" entries so that sometimes nothing is appended.
std::span<const std::string_view> closers(int rating);

}  // namespace fbgen
