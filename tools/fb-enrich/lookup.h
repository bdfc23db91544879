#pragma once
// fb-enrich's broadcast side: the customers (`clientes`) and branches (`agencias`) tables joined
// once into one hash map from CustomerID to the JSON text fb-enrich adds to a record, so the
// stream side does one lookup and one copy per record.
// Thread-safety: a built Lookup is immutable; the refresher builds a new one and swaps it in.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fb/huge_pages.h"
#include "fb/intern.h"
#include "fb/status.h"
#include "fb/table.h"

namespace enrich {

// The fields fb-enrich owns, in the order it adds them (../shared/data/README.md).
inline constexpr std::string_view kFields[] = {"agencia_id", "nome_da_agencia", "cidade", "estado",
                                               "latitude",   "longitude",       "segmento"};
inline constexpr size_t kFieldCount = std::size(kFields);

// Columns each table must have (any letter case, as PostgreSQL folds unquoted names).
inline constexpr std::string_view kCustomerColumns[] = {"customerid", "agencia_id", "cidade", "estado", "segmento"};
inline constexpr std::string_view kBranchColumns[] = {"agencia_id", "nome_da_agencia", "latitude", "longitude"};

// One customer's join result. It sits in the Lookup's arena right before its fields text, so one
// lookup touches one run of cache lines.
struct Match {
    enum Kind : uint8_t { full, no_branch, none };  // customer found, its branch found or not; no customer
    int64_t agencia_id = 0;                   // 0 when the customer's agencia_id is NULL
    uint16_t length = 0;                      // of the fields text that follows
    uint16_t value_end[kFieldCount] = {};     // end of each value within the fields text
    Kind kind = full;
};

class Lookup {
public:
    // Joins customers to branches. Missing columns are Status::Config naming them; unusable rows
    // (a key that is not an integer, a duplicate key) are skipped with a warning in `warnings`.
    static fb::Result<std::shared_ptr<const Lookup>> build(const fb::Table& customers, const fb::Table& branches,
                                                           std::vector<std::string>& warnings);

    // The customer's match, or nullptr when the customer is unknown.
    const Match* find(int64_t customer_id) const {
        if (stride_) {  // fixed-size slots: the address is arithmetic, no index to load first
            uint64_t i = static_cast<uint64_t>(customer_id) - static_cast<uint64_t>(base_);
            if (i >= slots_) return nullptr;
            const Match* m = reinterpret_cast<const Match*>(arena_.data() + i * stride_);
            return m->kind == Match::none ? nullptr : m;
        }
        uint32_t at = slot(customer_id);
        return at == kNone ? nullptr : reinterpret_cast<const Match*>(arena_.data() + at);
    }
    // Starts loading a customer's match into the cache while the caller parses the rest of the
    // record: the join's cost is memory latency, and this hides most of it.
    void prefetch(int64_t customer_id) const {
        const char* p;
        if (stride_) {
            uint64_t i = static_cast<uint64_t>(customer_id) - static_cast<uint64_t>(base_);
            if (i >= slots_) return;
            p = reinterpret_cast<const char*>(arena_.data() + i * stride_);
        } else {
            uint32_t at = slot(customer_id);
            if (at == kNone) return;
            p = reinterpret_cast<const char*>(arena_.data() + at);
        }
        prefetch_line(p);
        prefetch_line(p + 64);
        prefetch_line(p + 128);
        prefetch_line(p + 192);
    }
    // `"agencia_id":1,...,"segmento":"Varejo"` for a match.
    static std::string_view fields(const Match& m) {
        return std::string_view(reinterpret_cast<const char*>(&m + 1), m.length);
    }
    // The JSON text of field i (index into kFields) for a match.
    static std::string_view value(const Match& m, size_t i);
    // All fields null: what an unknown customer gets when kept.
    const std::string& null_fields() const { return null_fields_; }

    size_t customers() const { return customers_; }
    bool fixed_slots() const { return stride_ != 0; }  // which layout build() chose
    size_t branches() const { return branches_; }

private:
    // GCC 12 drops __builtin_prefetch when it sits behind a branch, as here; the instruction is
    // written out on x86 so it stays. A prefetch never faults.
    static void prefetch_line(const char* p) {
#if defined(__x86_64__) || defined(__i386__)
        asm volatile("prefetcht0 %0" : : "m"(*p));
#else
        __builtin_prefetch(p);
#endif
    }

    static constexpr uint32_t kNone = UINT32_MAX;
    // Lays the matches out in fixed-size slots over [base_, base_ + slots_) when the ids are dense
    // and the slots stay small; false (nothing changed) otherwise.
    bool use_fixed_slots();

    // Arena offset (in 8-byte words) of a customer's match, or kNone. Dense ids (the usual
    // serial keys) index an array directly; sparse ids go through a hash map.
    uint32_t slot(int64_t id) const {
        uint64_t i = static_cast<uint64_t>(id) - static_cast<uint64_t>(base_);
        if (!direct_.empty()) return i < direct_.size() ? direct_[i] : kNone;
        uint32_t k = sparse_.find(id);
        return k == fb::IntInternTable::kNone ? kNone : sparse_at_[k];
    }

    int64_t base_ = 0;
    size_t stride_ = 0;  // fixed slots: words per customer id (0: direct_ or sparse_ index the arena)
    uint64_t slots_ = 0;
    std::vector<uint32_t, fb::HugePageAllocator<uint32_t>> direct_;
    fb::IntInternTable sparse_;       // customer id -> index into sparse_at_
    std::vector<uint32_t> sparse_at_;  // arena offsets
    std::vector<uint64_t, fb::HugePageAllocator<uint64_t>> arena_;  // Match, fields text, padding to 8 bytes; repeated
    std::string null_fields_;
    size_t customers_ = 0, branches_ = 0;
};

// Checks that `table` has every column in `required`; the error names the missing ones and lists
// what the source returned.
fb::Status require_columns(const fb::Table& table, std::string_view what, const std::string_view* required, size_t n);

// Reads a coordinate stored as a number or as text ("-23.55", " -23,55 "). False when it is not
// one, or out of range for `limit` (90 for latitude, 180 for longitude).
bool parse_coordinate(std::string_view text, double limit, double& out);

}  // namespace enrich
