#pragma once
// Synthesises one feedback record at a time: a customer, a channel, a date with weekday and hour
// patterns, and a Portuguese text composed from the phrasebook for a category and sentiment drawn
// with realistic weights. Everything comes from one seeded generator: same options, same bytes.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fb/rng.h"
#include "phrasebook.h"
#include "sample.h"

namespace fbgen {

struct GenOptions {
    uint64_t seed = 1;
    int64_t first_invoice = 1;
    int64_t first_day = 0, last_day = 0;  // days since the epoch, inclusive
    std::string channel;                  // fixed MeioEnvio, or empty for a realistic mix
    std::string description;              // fixed Description, or empty for generated text
    bool iso_dates = false;               // RFC 3339 instead of dd-mm-yyyy HH:MM:SS
    bool with_truth = false;              // add _fb.truth
    bool now = false;                     // InvoiceDate = the current time
};

class Generator {
public:
    Generator(const GenOptions& options, std::span<const Customer> customers);
    // Appends one record's JSON text (no newline) to out.
    void next(std::string& out);

private:
    // A pattern cut at its slots once, with its text JSON-escaped once, so a record's Description
    // is appended to the output piece by piece, neither searched for slots nor escaped again.
    // Escaping pieces apart is escaping the whole: they are valid UTF-8 cut at ASCII braces.
    struct Piece {
        std::string escaped;  // literal text before the slot
        int slot;             // index into slots(), -1 for none
    };
    using Template = std::vector<Piece>;
    Template compile(std::string_view pattern) const;
    // Appends `t` with its slots drawn, escaped, to `out`.
    void fill(const Template& t, std::string& out);

    struct Text {
        std::string_view category;
        bool positive;
        int rating;
    };
    // Draws a text and appends its escaped Description to `out`.
    Text compose(std::string& out);
    int64_t draw_time();

    GenOptions opt_;
    std::span<const Customer> customers_;
    fb::Rng rng_;
    int64_t invoice_;
    std::string scratch_;  // the drawn text when --description replaces it
    struct Kind {
        const Phrase* phrase;
        Template text;
    };
    std::array<std::vector<Kind>, 22> phrases_by_kind_;  // [category * 2 + positive]
    std::array<std::vector<Template>, 2> openers_;        // [positive], parallel to openers()
    std::array<std::vector<Template>, 6> closers_;        // [rating], parallel to closers()
    std::vector<std::vector<std::string>> slot_values_;   // escaped, parallel to slots()
};

}  // namespace fbgen
