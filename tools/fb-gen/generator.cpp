#include "generator.h"

#include <chrono>
#include <cmath>

#include "fb/dates.h"
#include "fb/json_text.h"
#include "phrasebook.h"

namespace fbgen {

namespace {

constexpr std::string_view kChannels[] = {"iOS 17", "iOS 16", "Android 14", "Android 13", "Android 12",
                                          "Web", "Agência", "Telefone", "Chat", "E-mail"};
constexpr double kChannelWeights[] = {18, 7, 22, 10, 4, 16, 8, 8, 5, 2};

// Share of feedback per category: app and payments dominate, as in bank complaint data.
constexpr std::string_view kCategories[] = {"Aplicativo", "Pix e Transferências", "Cartão", "Atendimento",
                                            "Tarifas e Cobranças", "Conta", "Agência e Caixas",
                                            "Empréstimos e Financiamentos", "Segurança e Fraude", "Investimentos",
                                            "Outros"};
constexpr double kCategoryWeights[] = {20, 14, 14, 12, 10, 8, 7, 6, 5, 3, 1};

// Categories differ in how often feedback is praise.
constexpr double kPositiveShare[] = {0.30, 0.25, 0.25, 0.30, 0.15, 0.30, 0.25, 0.25, 0.15, 0.40, 0.35};

// Complaints peak on Mondays and in business hours.
constexpr double kWeekdayWeights[] = {0.45, 1.0, 0.9, 0.85, 0.85, 0.8, 0.5};  // Sunday first
constexpr double kHourWeights[] = {0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2.0, 3.0, 3.4, 3.2,
                                   2.8, 2.9, 3.1, 3.0, 2.8, 2.5, 2.2, 2.0, 1.8, 1.4, 0.9, 0.5};

}  // namespace

namespace {

// s JSON-escaped, without the quotes.
std::string escaped(std::string_view s) {
    std::string out;
    fb::json::append_string(out, s);
    return out.substr(1, out.size() - 2);
}

}  // namespace

Generator::Generator(const GenOptions& options, std::span<const Customer> customers)
    : opt_(options), customers_(customers), rng_(options.seed), invoice_(options.first_invoice) {
    static_assert(std::size(kCategories) * 2 == std::tuple_size_v<decltype(phrases_by_kind_)>);
    for (const Slot& slot : slots()) {
        auto& values = slot_values_.emplace_back();
        for (std::string_view v : slot.values) values.push_back(escaped(v));
    }
    // The phrases of each (category, sentiment), in phrasebook order, so a record draws from its
    // list instead of scanning the whole book twice.
    for (size_t cat = 0; cat < std::size(kCategories); ++cat)
        for (int positive = 0; positive < 2; ++positive) {
            auto& list = phrases_by_kind_[cat * 2 + static_cast<size_t>(positive)];
            for (const auto& p : phrases())
                if (p.category == kCategories[cat] && p.positive == (positive == 1)) list.push_back({&p, compile(p.text)});
        }
    for (int positive = 0; positive < 2; ++positive)
        for (std::string_view o : openers(positive == 1)) openers_[static_cast<size_t>(positive)].push_back(compile(o));
    for (int rating = 1; rating <= 5; ++rating)
        for (std::string_view c : closers(rating)) closers_[static_cast<size_t>(rating)].push_back(compile(c));
}

Generator::Template Generator::compile(std::string_view pattern) const {
    Template t;
    std::string literal;
    size_t i = 0;
    while (i < pattern.size()) {
        size_t open = pattern.find('{', i);
        size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
        if (close == std::string_view::npos) {  // no (complete) slot left: the rest is text
            literal += pattern.substr(i);
            break;
        }
        literal += pattern.substr(i, open - i);
        std::string_view name = pattern.substr(open + 1, close - open - 1);
        auto all = slots();
        for (size_t k = 0; k < all.size(); ++k)
            if (all[k].name == name) {
                t.push_back({escaped(literal), static_cast<int>(k)});
                literal.clear();
                break;
            }
        i = close + 1;  // an unknown slot stands for nothing
    }
    if (!literal.empty()) t.push_back({escaped(literal), -1});
    return t;
}

void Generator::fill(const Template& t, std::string& out) {
    for (const Piece& p : t) {
        out += p.escaped;
        if (p.slot >= 0) {
            const auto& values = slot_values_[static_cast<size_t>(p.slot)];
            out += values[rng_.below(values.size())];
        }
    }
}

Generator::Text Generator::compose(std::string& out) {
    Text t;
    size_t cat = rng_.weighted(kCategoryWeights);
    t.category = kCategories[cat];
    t.positive = rng_.chance(kPositiveShare[cat]);
    // Pick uniformly among the phrases of that category and sentiment.
    const auto& list = phrases_by_kind_[cat * 2 + (t.positive ? 1 : 0)];
    const Kind& kind = list[rng_.below(list.size())];
    t.rating = kind.phrase->rating;
    const auto& open = openers_[t.positive ? 1 : 0];
    const Template& opener = open[rng_.below(open.size())];
    if (!opener.empty()) {
        fill(opener, out);
        out += ' ';
    }
    fill(kind.text, out);
    const auto& close = closers_[static_cast<size_t>(t.rating)];
    if (!close.empty()) {
        const Template& closer = close[rng_.below(close.size())];
        if (!closer.empty()) {
            out += ' ';
            fill(closer, out);
        }
    }
    return t;
}

int64_t Generator::draw_time() {
    if (opt_.now)
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    // A day by weekday weight (rejection sampling keeps the draw count deterministic per seed).
    uint64_t span = static_cast<uint64_t>(opt_.last_day - opt_.first_day + 1);
    int64_t day;
    for (;;) {
        day = opt_.first_day + static_cast<int64_t>(rng_.below(span));
        if (rng_.unit() < kWeekdayWeights[fb::weekday_from_days(day)]) break;
    }
    int64_t hour = static_cast<int64_t>(rng_.weighted(kHourWeights));
    int64_t second_of_hour = static_cast<int64_t>(rng_.below(3600));
    return day * 86400 + hour * 3600 + second_of_hour;
}

void Generator::next(std::string& out) {
    const Customer& c = customers_[static_cast<size_t>(std::floor(std::pow(rng_.unit(), 1.6) * static_cast<double>(customers_.size())))];
    // A random customer of a large table is a cache miss: start loading its id and city (two
    // lines apart) while the text and the time are drawn.
    __builtin_prefetch(&c.id);
    __builtin_prefetch(&c.cidade);
    __builtin_prefetch(c.cidade.data());
    std::string_view channel = opt_.channel.empty() ? kChannels[rng_.weighted(kChannelWeights)] : std::string_view(opt_.channel);

    out += "{\"InvoiceNo\":";
    fb::json::append_int(out, invoice_++);
    out += ",\"CustomerID\":";
    fb::json::append_int(out, c.id);
    out += ",\"MeioEnvio\":";
    fb::json::append_string(out, channel);
    out += ",\"Description\":";
    Text t;
    if (opt_.description.empty()) {
        out += '"';
        t = compose(out);
        out += '"';
    } else {  // the text is drawn all the same, so the other fields do not change with --description
        scratch_.clear();
        t = compose(scratch_);
        fb::json::append_string(out, opt_.description);
    }
    int64_t when = draw_time();
    out += ",\"InvoiceDate\":\"";
    if (opt_.iso_dates) fb::format_rfc3339(out, fb::Timestamp{when, 0, 0});
    else fb::format_seed(out, when);
    out += '"';
    if (!c.cidade.empty()) {
        out += ",\"City\":";
        fb::json::append_string(out, c.cidade);
    }
    out += ",\"Country\":\"Brasil\"";
    if (opt_.with_truth) {
        out += ",\"_fb\":{\"truth\":{\"Sentimento\":";
        out += t.positive ? "\"Positivo\"" : "\"Negativo\"";
        out += ",\"Agrupador\":";
        fb::json::append_string(out, t.category);
        out += ",\"SentimentRating\":";
        fb::json::append_int(out, t.rating);
        out += "}}";
    }
    out += '}';
}

}  // namespace fbgen
