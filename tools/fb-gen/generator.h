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
    struct Text {
        std::string description;
        std::string_view category;
        bool positive;
        int rating;
    };
    Text& compose();  // into text_
    void fill_slots(std::string_view pattern, std::string& out);
    int64_t draw_time();

    GenOptions opt_;
    std::span<const Customer> customers_;
    fb::Rng rng_;
    int64_t invoice_;
    Text text_;
    std::array<std::vector<const Phrase*>, 22> phrases_by_kind_;  // [category * 2 + positive]
};

}  // namespace fbgen
